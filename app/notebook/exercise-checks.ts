// The exercise-check runner, kept out of store.ts: Check runs the exercise's
// cell through the store's queue, then its hidden ```check code as the next
// kernel run (before anything queued), and records the results and progress.
// The store hands it what it needs (`ExerciseCheckHost`) and spreads its
// actions into its own, as it does with cell-actions.ts.
import type { CellOutput } from '../kernel/protocol.ts';
import type { RunOutcome } from '../kernel/client/run-types.ts';
import type { CellId } from '../shared/brand.ts';
import { cellId as toCellId, ms } from '../shared/brand.ts';
import { outputText } from './cell-runtime.ts';
import { readCheckOutputs, saveProgress, untriedExercise, wrapCheck, type ExerciseRuntime, type Progress } from './exercise.ts';
import type { KernelPort } from './kernel-port.ts';
import type { KeyValueStorage } from './persistence.ts';
import type { NotebookState, RunSchedule } from './store-types.ts';

/** How long an exercise's hidden checks may run. */
const CHECK_TIMEOUT = ms(30_000);

export interface ExerciseActions {
  /** Run the exercise cell, then its hidden checks; record progress. */
  checkExercise(id: CellId, checkCode: string): void;
  showHint(id: CellId, hintCount: number): void;
}

/** What the check runner needs from the store (run-queue.ts makes one). */
export interface ExerciseCheckHost {
  get(): NotebookState;
  set(update: (s: NotebookState) => Partial<NotebookState>): void;
  setSchedule(patch: Partial<RunSchedule>): void;
  readonly kernel: KernelPort;
  /** Where progress is saved. */
  readonly storage: KeyValueStorage;
  /** Queue cells to run, skipping those already queued or running. */
  enqueue(ids: readonly CellId[]): void;
  /** Send the next queued cell, if any (after the checks). */
  pump(): void;
  /** The kernel was restarted under the check run (it died or timed out). */
  kernelLost(outcome: RunOutcome): void;
}

export interface ExerciseChecks {
  readonly actions: ExerciseActions;
  /**
   * A cell's run ended. If its exercise waits for checks they run now (`checking`: the runner sends
   * the next run itself when they end), or fail at once when the cell failed (`failed`).
   */
  afterRun(id: CellId, cellOk: boolean): 'checking' | 'failed' | 'no-checks';
  /** Exercises waiting for or running their checks fail with `why` (interrupt, restart, death). */
  stop(why: string): void;
}

export function createExerciseChecks(host: ExerciseCheckHost): ExerciseChecks {
  const setExercise = (id: CellId, patch: Partial<ExerciseRuntime>): void =>
    host.set((s) => ({
      exercises: { ...s.exercises, [id]: { ...(s.exercises[id] ?? untriedExercise), ...patch } },
      touched: { ids: [id] },
    }));

  const recordProgress = (id: CellId, passed: boolean): void => {
    const lesson = host.get().lesson;
    if (lesson === null) return;
    const before = host.get().progress[id];
    const next: Progress = passed || before === 'done' ? 'done' : 'attempted';
    host.set((s) => ({ progress: { ...s.progress, [id]: next }, touched: { ids: [id] } }));
    saveProgress(host.storage, lesson.id, host.get().progress);
  };

  /** Runs an exercise's hidden checks right after its cell, before anything queued. */
  const runChecks = (id: CellId, checkCode: string): void => {
    const session = host.get().schedule.kernelSession;
    const current = (): boolean => host.get().schedule.kernelSession === session;
    const collected: CellOutput[] = [];
    const checkRun = toCellId(`${id}#check`);
    host.setSchedule({ running: checkRun, checking: id });
    host.kernel.run(
      checkRun,
      wrapCheck(checkCode, outputText(host.get().cells[id]?.outputs ?? [])),
      {
        started: () => undefined,
        outputs: (batch) => {
          if (current()) collected.push(...batch);
        },
        done: (outcome) => {
          if (!current()) return;
          host.setSchedule({ running: null, checking: null });
          const { passed, results } = readCheckOutputs(collected);
          setExercise(id, { status: passed ? 'passed' : 'failed', results });
          recordProgress(id, passed);
          if (outcome.kind === 'died' || outcome.kind === 'timed-out') host.kernelLost(outcome);
          host.pump();
        },
      },
      CHECK_TIMEOUT,
    );
  };

  return {
    actions: {
      checkExercise(id, checkCode) {
        const { schedule } = host.get();
        if (schedule.checking === id || Object.hasOwn(schedule.pendingChecks, id)) return;
        host.setSchedule({ pendingChecks: { ...schedule.pendingChecks, [id]: checkCode } });
        setExercise(id, { status: 'checking', results: [] });
        if (schedule.queued.includes(id) || schedule.running === id) return;
        host.enqueue([id]);
      },
      showHint(id, hintCount) {
        const shown = host.get().exercises[id]?.hintsShown ?? 0;
        setExercise(id, { hintsShown: Math.min(hintCount, shown + 1) });
      },
    },
    afterRun(id, cellOk) {
      const { pendingChecks } = host.get().schedule;
      const checkCode = Object.hasOwn(pendingChecks, id) ? pendingChecks[id] : undefined;
      if (checkCode === undefined) return 'no-checks';
      const { [id]: _started, ...rest } = pendingChecks;
      host.setSchedule({ pendingChecks: rest });
      if (!cellOk) {
        setExercise(id, {
          status: 'failed',
          results: [{ passed: false, message: 'your cell stopped with an error (shown below it); fix that first' }],
        });
        recordProgress(id, false);
        return 'failed';
      }
      runChecks(id, checkCode);
      return 'checking';
    },
    stop(why) {
      const { pendingChecks, checking } = host.get().schedule;
      const stopped = [...Object.keys(pendingChecks).map(toCellId), ...(checking === null ? [] : [checking])];
      host.setSchedule({ pendingChecks: {}, checking: null });
      for (const id of stopped) setExercise(id, { status: 'failed', results: [{ passed: false, message: why }] });
    },
  };
}
