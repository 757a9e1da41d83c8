// What the notebook store needs from a kernel. The real one wraps
// app/kernel/client/kernel-client.ts; tests use a fake. Keeping this narrow lets the
// store be tested without a Worker.
import type { CellOutput } from '../kernel/protocol.ts';
import type { ImagePickRequest } from '../kernel/client/run-queue.ts';

export type { ImagePickRequest };
import type { CellId, Milliseconds } from '../shared/brand.ts';

export type KernelStatus = 'starting' | 'idle' | 'busy' | 'restarting';

export interface RunOutcome {
  /** false when the cell threw, timed out, or was cancelled. */
  readonly ok: boolean;
  /** The run never started or was stopped (interrupt, restart). */
  readonly cancelled: boolean;
  readonly duration: Milliseconds | null;
}

export interface RunListener {
  started(): void;
  output(output: CellOutput): void;
  done(outcome: RunOutcome): void;
  /** The running cell called pickImage(); absent: the call is refused (e.g. an exercise's hidden checks). */
  pickImage?(request: ImagePickRequest): void;
}

export interface KernelPort {
  /** Queue a cell; the listener hears about it until `done`. */
  run(cellId: CellId, code: string, listener: RunListener, timeout?: Milliseconds): void;
  /** Stop the running cell (by restarting the worker) and drop queued ones. */
  interrupt(): void;
  restart(): void;
  onStatus(listener: (status: KernelStatus) => void): () => void;
  /** Names visible to cells, for completion. */
  names(): Promise<readonly string[]>;
}
