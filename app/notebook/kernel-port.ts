// What the notebook store needs from a kernel. The real one wraps
// app/kernel/client/kernel-client.ts (kernel-adapter.ts); tests use a fake
// (fake-kernel.ts). Keeping this narrow lets the store be tested without a
// Worker. The run vocabulary (RunOutcome, KernelStatus) is the client's own,
// passed through unchanged.
import type { CellOutput } from '../kernel/protocol.ts';
import type { ImagePickRequest, KernelStatus, RunOutcome } from '../kernel/client/run-types.ts';
import type { CrashCause } from '../kernel/client/worker-handle.ts';
import type { CellId, Milliseconds } from '../shared/brand.ts';

export interface RunListener {
  started(): void;
  /** One batch of outputs as the kernel sent it (10,000 prints arrive in a few batches, not one call each). */
  outputs(batch: readonly CellOutput[]): void;
  done(outcome: RunOutcome): void;
  /** The running cell called pickImage(); absent: the call is refused (e.g. an exercise's hidden checks). */
  pickImage?(request: ImagePickRequest): void;
}

export interface KernelPort {
  /** Send a cell to the kernel; the listener hears about it until `done` (and late output after it). One run at a time: the store is the queue. */
  run(cellId: CellId, code: string, listener: RunListener, timeout?: Milliseconds): void;
  /** Stop the running cell (by restarting the worker); with none running, cancel the cells' pending timers. */
  interrupt(): void;
  restart(): void;
  onStatus(listener: (status: KernelStatus) => void): () => void;
  /** The kernel died and was restarted while no cell ran (e.g. a timer ran it out of memory); a running cell hears of its death as its outcome. */
  onIdleDeath(listener: (cause: CrashCause) => void): () => void;
  /** Names visible to cells, for completion. */
  names(): Promise<readonly string[]>;
}
