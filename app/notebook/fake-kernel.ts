// A scripted kernel for store tests: runs are held until the test settles them.
import type { CellOutput } from '../kernel/protocol.ts';
import type { KernelStatus, RunOutcome } from '../kernel/client/run-types.ts';
import type { CrashCause } from '../kernel/client/worker-handle.ts';
import type { CellId } from '../shared/brand.ts';
import { cellId, lessonId, ms } from '../shared/brand.ts';
import type { KernelPort, RunListener } from './kernel-port.ts';
import type { NotebookLesson } from './lesson-view.ts';
import { MemoryStorage } from './persistence.ts';
import { createNotebookStore } from './store.ts';

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
  private deathListeners: ((cause: CrashCause) => void)[] = [];

  run(cellId: CellId, code: string, listener: RunListener): void {
    // The real client refuses a second run before the first ended; so does this one.
    const open = this.runs.findIndex((_run, i) => !this.settled.has(i));
    if (open >= 0) throw new Error(`run of ${cellId} sent while run #${open} (${this.runs[open]?.cellId}) has not ended`);
    this.runs.push({ cellId, code, listener });
  }
  interrupt(): void {
    this.interrupts += 1;
    if (this.runs.every((_run, i) => this.settled.has(i))) return;
    this.endOpenRuns({ kind: 'interrupted', duration: ms(0) });
    this.emit('restarting');
    this.emit('idle');
  }
  restart(): void {
    this.restarts += 1;
    this.endOpenRuns({ kind: 'interrupted', duration: ms(0) });
    this.emit('restarting');
    this.emit('idle');
  }
  onStatus(listener: (status: KernelStatus) => void): () => void {
    this.statusListeners.push(listener);
    return () => {
      this.statusListeners = this.statusListeners.filter((l) => l !== listener);
    };
  }
  onIdleDeath(listener: (cause: CrashCause) => void): () => void {
    this.deathListeners.push(listener);
    return () => {
      this.deathListeners = this.deathListeners.filter((l) => l !== listener);
    };
  }
  names(): Promise<readonly string[]> {
    return Promise.resolve(['torch', 'print']);
  }
  emit(status: KernelStatus): void {
    for (const l of this.statusListeners) l(status);
  }

  /** Start run `index`, give it its outputs (one batch), and finish it. */
  complete(index: number, outputs: readonly CellOutput[], ok = true): void {
    const run = this.runs[index];
    if (run === undefined) throw new Error(`no run #${index}`);
    run.listener.started();
    if (outputs.length > 0) run.listener.outputs(outputs);
    this.end(index, { kind: ok ? 'ok' : 'error', duration: ms(5) });
  }

  /** End run `index` with `outcome` (a death, a timeout…), as the client would after its own error output. */
  end(index: number, outcome: RunOutcome): void {
    const run = this.runs[index];
    if (run === undefined) throw new Error(`no run #${index}`);
    this.settled.add(index);
    run.listener.done(outcome);
  }

  /** The kernel died with no cell running, as KernelClient reports it. */
  dieIdle(cause: CrashCause = 'worker'): void {
    this.emit('restarting');
    for (const l of this.deathListeners) l(cause);
  }

  private endOpenRuns(outcome: RunOutcome): void {
    this.runs.forEach((_run, i) => {
      if (!this.settled.has(i)) this.end(i, outcome);
    });
  }
}

/** A lesson of code cells c1, c2, … with these sources (the store's and the run queue's tests). */
export const demoLesson = (codes: readonly string[], hash = 'h1'): NotebookLesson => ({
  id: lessonId('demo'),
  hash,
  title: 'Demo',
  cells: codes.map((source, i) => ({ id: cellId(`c${i + 1}`), index: i + 1, source, attrs: [], timeoutSeconds: null })),
});

/** A store on a FakeKernel and in-memory storage, with `demoLesson(codes)` open. */
export function fakeKernelStore(codes: readonly string[] = ['a', 'b', 'c']) {
  const kernel = new FakeKernel();
  const storage = new MemoryStorage();
  const store = createNotebookStore({ kernel, storage });
  store.getState().openLesson(demoLesson(codes));
  return { kernel, storage, store };
}
