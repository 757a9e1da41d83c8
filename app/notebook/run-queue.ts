// The notebook's one run queue and its kernel session (page, plain TypeScript,
// tested without React through the store). Decides which cell the kernel runs
// next (one at a time, so Run all stops at the first error and Interrupt drops
// what waits), turns each run's events into the cell's state, runs an
// exercise's pending checks before anything queued (exercise-checks.ts), and
// ends the kernel session on Interrupt, Restart, a death or a timeout. Kept
// out of store.ts behind `RunQueueHost`, as cell-actions.ts and
// exercise-checks.ts are; the state it keeps is `schedule` in the store.
import type { CellOutput } from '../kernel/protocol.ts';
import type { RunOutcome } from '../kernel/client/run-types.ts';
import type { CellId } from '../shared/brand.ts';
import { ms } from '../shared/brand.ts';
import { idleCell, type CellRuntime } from './cell-runtime.ts';
import { createExerciseChecks, type ExerciseActions } from './exercise-checks.ts';
import type { KernelPort, RunListener } from './kernel-port.ts';
import type { NotebookCell } from './lesson-view.ts';
import type { KeyValueStorage } from './persistence.ts';
import type { NotebookState, RunSchedule } from './store-types.ts';

const interruptedError: CellOutput = {
  kind: 'error',
  name: 'Interrupted',
  message: 'stopped by the user; the kernel was restarted',
};

/** What the queue needs from the store (store.ts makes one). */
export interface RunQueueHost {
  get(): NotebookState;
  set(update: Partial<NotebookState> | ((s: NotebookState) => Partial<NotebookState>)): void;
  /** One cell's runtime entry, replaced in place (store.ts), with `touched` naming it. */
  patchCell(id: CellId, patch: Partial<CellRuntime>): void;
  /** A lesson cell, or an added code cell; undefined once it is gone. */
  cellOf(id: CellId): NotebookCell | undefined;
  /** Code cells the student sees, in order. */
  codeCells(): CellId[];
  readonly kernel: KernelPort;
  /** Where exercise progress is saved. */
  readonly storage: KeyValueStorage;
}

export interface RunQueue {
  /** Check and hints (exercise-checks.ts), spread into the store's actions. */
  readonly exerciseActions: ExerciseActions;
  /** Queue cells to run, skipping those already queued or running, and send the first when nothing runs. */
  enqueue(ids: readonly CellId[]): void;
  /** A kernel session starts: nothing waits or runs, callbacks of older runs are ignored. */
  newKernelSession(): void;
  /** Interrupt: restart the kernel when a cell runs or waits, else cancel the timers cells left pending. */
  interrupt(): void;
  /** Restart: every definition is gone; the notice says which cells to run again. */
  restart(): void;
}

export function createRunQueue(host: RunQueueHost): RunQueue {
  const { get, set, patchCell, cellOf, kernel } = host;
  const schedule = (): RunSchedule => get().schedule;
  /** The schedule and `busy` change together. */
  const setSchedule = (patch: Partial<RunSchedule>): void =>
    set((s) => {
      const next = { ...s.schedule, ...patch };
      const busy = next.running !== null || next.queued.length > 0;
      return busy === s.busy ? { schedule: next } : { schedule: next, busy };
    });
  const newKernelSession = (): void =>
    setSchedule({ queued: [], running: null, pendingChecks: {}, checking: null, kernelSession: schedule().kernelSession + 1 });

  /** Sends the next queued cell when nothing runs. */
  const pump = (): void => {
    for (;;) {
      const { running, queued } = schedule();
      const next = queued[0];
      if (running !== null || next === undefined) return;
      const cell = cellOf(next);
      setSchedule({ queued: queued.slice(1), running: cell === undefined ? null : next });
      if (cell === undefined) continue;
      const code = get().sources[next] ?? cell.source;
      const timeout = cell.timeoutSeconds === null ? undefined : ms(cell.timeoutSeconds * 1000);
      return kernel.run(next, code, runListener(next), timeout);
    }
  };

  /** What a run's events do to its cell, while the kernel session it started in lasts. */
  const runListener = (id: CellId): RunListener => {
    const session = schedule().kernelSession;
    const current = (): boolean => schedule().kernelSession === session;
    return {
      started: () => {
        if (!current()) return;
        const n = get().execCounter + 1;
        set((s) => {
          const cells: Record<CellId, CellRuntime> = s.cells;
          cells[id] = {
            ...(s.cells[id] ?? idleCell),
            status: 'running',
            execCount: n,
            outputs: [],
            stale: false,
            fromEarlierSession: false,
            imagePick: null,
          };
          return { execCounter: n, touched: { ids: [id] } };
        });
      },
      // One set() per batch, not per output: 10,000 prints arrive in about 20 batches.
      outputs: (batch) => {
        if (current()) patchCell(id, { outputs: [...(get().cells[id]?.outputs ?? []), ...batch] });
      },
      done: (outcome) => {
        if (current()) finishRun(id, outcome);
      },
      pickImage: (request) => {
        if (!current()) return request.cancel('the kernel restarted');
        patchCell(id, { imagePick: request });
      },
    };
  };

  const finishRun = (id: CellId, outcome: RunOutcome): void => {
    setSchedule({ running: null });
    const ok = outcome.kind === 'ok';
    patchCell(id, { status: ok ? 'ok' : 'error', duration: outcome.duration, imagePick: null });
    switch (outcome.kind) {
      case 'ok':
      case 'error': {
        const checked = checks.afterRun(id, ok);
        if (checked === 'checking') return;
        // Like Jupyter's Run All: an error stops the cells queued after it (an exercise's own error does not: its panel says what failed)
        // ...unless the lesson marks the cell as one that fails on purpose (`ts raises`, Jupyter's raises-exception tag).
        if (!ok && checked === 'no-checks' && cellOf(id)?.attrs.includes('raises') !== true)
          cancelQueued('not run: an earlier cell failed');
        return pump();
      }
      case 'died':
        if (outcome.cause === 'never-started') {
          // Nothing was lost: no kernel ran. The next run tries a new one.
          checks.afterRun(id, false);
          cancelQueued('not run: the kernel did not start');
          return pump();
        }
        checks.afterRun(id, false);
        return kernelLost(outcome);
      case 'timed-out':
      case 'interrupted':
        // Interrupts the store asked for end an older session (ignored above); any other restart is a loss.
        checks.afterRun(id, false);
        return kernelLost(outcome);
    }
  };

  const cancelQueued = (why: string): void => {
    const dropped = schedule().queued;
    setSchedule({ queued: [] });
    for (const id of dropped) patchCell(id, { status: 'cancelled', outputs: [{ kind: 'notice', text: why }] });
  };

  const enqueue = (ids: readonly CellId[]): void => {
    const { queued, running } = schedule();
    const added = ids.filter((id, i) => !queued.includes(id) && running !== id && ids.indexOf(id) === i);
    if (added.length > 0) {
      setSchedule({ queued: [...queued, ...added] });
      set((s) => {
        const cells: Record<CellId, CellRuntime> = s.cells;
        for (const id of added) cells[id] = { ...(s.cells[id] ?? idleCell), status: 'queued' };
        return { touched: { ids: added } };
      });
    }
    pump();
  };

  /** Cells that have run in the current kernel and are not running now (restored outputs ran in an earlier one). */
  const ranCells = (): CellId[] =>
    host
      .codeCells()
      .filter(
        (id) => id !== schedule().running && (get().cells[id]?.execCount ?? null) !== null && get().cells[id]?.fromEarlierSession !== true,
      );

  const markStale = (ids: readonly CellId[]): void =>
    set((s) => ({
      cells: { ...s.cells, ...Object.fromEntries(ids.map((id) => [id, { ...(s.cells[id] ?? idleCell), stale: true }])) },
    }));

  /** Interrupt or Restart: the store asks for a new worker; every definition is gone, so say which cells to run again. */
  const restartKernel = (reason: 'interrupted' | 'restart'): void => {
    const wasRunning = schedule().running;
    cancelQueued('not run: the kernel restarted');
    checks.stop(reason === 'interrupted' ? 'the checks were interrupted' : 'the kernel restarted before the checks finished');
    newKernelSession();
    if (wasRunning !== null && cellOf(wasRunning) !== undefined) {
      const prev = get().cells[wasRunning]?.outputs ?? [];
      patchCell(wasRunning, { status: 'error', outputs: reason === 'interrupted' ? [...prev, interruptedError] : prev, imagePick: null });
    }
    const ran = ranCells();
    markStale(ran);
    const why = reason === 'interrupted' ? 'The kernel was interrupted and restarted' : 'The kernel restarted';
    // A new kernel session numbers its runs from 1 again, as Jupyter's does.
    set({ kernelNotice: `${why}; all definitions are gone. ${runAgainText(ran)}`, execCounter: 0 });
    if (reason === 'interrupted') kernel.interrupt();
    else kernel.restart();
  };

  /** The kernel restarted without being asked (it died, or a run timed out): the cell that was running says why. */
  const kernelLost = (outcome: RunOutcome | null): void => {
    cancelQueued(
      outcome?.kind === 'timed-out'
        ? 'not run: an earlier cell ran out of time and the kernel restarted'
        : 'not run: the kernel died and restarted',
    );
    checks.stop('the kernel stopped while checking; run the check again');
    newKernelSession();
    const ran = ranCells();
    markStale(ran);
    set({
      kernelNotice: `The kernel stopped and was restarted (the cell that was running says why); all definitions are gone. ${runAgainText(ran)}`,
      execCounter: 0,
    });
  };
  kernel.onStatus((status) => set({ kernelStatus: status }));
  kernel.onIdleDeath(() => kernelLost(null));

  const runAgainText = (ids: readonly CellId[]): string => {
    const indexes = ids
      .map((id) => cellOf(id)?.index)
      .filter((i): i is number => i !== undefined)
      .sort((a, b) => a - b);
    return indexes.length === 0 ? 'No other cell had run.' : `Run again: ${indexes.map((i) => `Cell ${i}`).join(', ')}.`;
  };

  const checks = createExerciseChecks({ get, set, setSchedule, kernel, storage: host.storage, enqueue, pump, kernelLost });

  return {
    exerciseActions: checks.actions,
    enqueue,
    newKernelSession,
    interrupt() {
      if (!get().busy) {
        // Nothing running: the kernel cancels the timers and callbacks cells left pending; variables stay.
        kernel.interrupt();
        set({ kernelNotice: 'No cell was running: timers and callbacks the cells left pending were cancelled; variables are kept.' });
        return;
      }
      restartKernel('interrupted');
    },
    restart() {
      restartKernel('restart');
    },
  };
}
