// A scripted kernel for store tests: runs are held until the test settles them.
import type { CellOutput } from '../kernel/protocol.ts';
import type { CellId } from '../shared/brand.ts';
import { ms } from '../shared/brand.ts';
import type { KernelPort, KernelStatus, RunListener } from './kernel-port.ts';

export interface FakeRun {
  readonly cellId: CellId;
  readonly code: string;
  readonly listener: RunListener;
}

export class FakeKernel implements KernelPort {
  readonly runs: FakeRun[] = [];
  interrupts = 0;
  restarts = 0;
  /** Runs completed with complete(): an interrupt with none other open restarts nothing, like KernelClient. */
  private settled = new Set<number>();
  private statusListeners: ((s: KernelStatus) => void)[] = [];

  run(cellId: CellId, code: string, listener: RunListener): void {
    this.runs.push({ cellId, code, listener });
  }
  interrupt(): void {
    this.interrupts += 1;
    if (this.runs.every((_run, i) => this.settled.has(i))) return;
    this.emit('restarting');
    this.emit('idle');
  }
  restart(): void {
    this.restarts += 1;
    this.emit('restarting');
    this.emit('idle');
  }
  onStatus(listener: (status: KernelStatus) => void): () => void {
    this.statusListeners.push(listener);
    return () => {
      this.statusListeners = this.statusListeners.filter((l) => l !== listener);
    };
  }
  names(): Promise<readonly string[]> {
    return Promise.resolve(['torch', 'print']);
  }
  emit(status: KernelStatus): void {
    for (const l of this.statusListeners) l(status);
  }

  /** Start the oldest unsettled run, give it outputs, and finish it. */
  complete(index: number, outputs: readonly CellOutput[], ok = true): void {
    const run = this.runs[index];
    if (run === undefined) throw new Error(`no run #${index}`);
    run.listener.started();
    for (const o of outputs) run.listener.output(o);
    run.listener.done({ ok, cancelled: false, duration: ms(5) });
    this.settled.add(index);
  }
}
