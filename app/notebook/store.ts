// The notebook store: a vanilla zustand store, tested without React.
// Document state (which lesson, the code in each cell) is kept apart from
// runtime state (status, outputs, timings), which is never saved.
import { createStore } from 'zustand/vanilla';
import type { CellOutput } from '../kernel/protocol.ts';
import type { CellId } from '../shared/brand.ts';
import { ms } from '../shared/brand.ts';
import { idleCell, type CellRuntime } from './cell-runtime.ts';
import type { RunOutcome } from '../kernel/client/run-types.ts';
import type { RunListener } from './kernel-port.ts';
import type { NotebookCell, NotebookLesson } from './lesson-view.ts';
import { EditSync } from './edit-sync.ts';
import { KeyValueEditBackend } from './edit-backend.ts';
import { loadProgress } from './exercise.ts';
import { cellId as toCellId } from '../shared/brand.ts';
import { OutputSync } from './output-sync.ts';
import { createCellActions } from './cell-actions.ts';
import { createExerciseChecks } from './exercise-checks.ts';
import { emptyStructure, insertCell, removeCell, restoreCell, setKind, visibleCells, type Removal } from './structure.ts';

export type { NotebookActions, NotebookDeps, NotebookState, NotebookStore } from './store-types.ts';
import type { NotebookActions, NotebookDeps, NotebookState, NotebookStore, RunSchedule } from './store-types.ts';

const interruptedError: CellOutput = {
  kind: 'error',
  name: 'Interrupted',
  message: 'stopped by the user; the kernel was restarted',
};

/** Lesson cells by id, built once per lesson: a run looks its cell up, and Run all of N cells must stay linear. */
const cellMaps = new WeakMap<NotebookLesson, ReadonlyMap<CellId, NotebookCell>>();
function lessonCellsById(lesson: NotebookLesson): ReadonlyMap<CellId, NotebookCell> {
  let map = cellMaps.get(lesson);
  if (map === undefined) cellMaps.set(lesson, (map = new Map(lesson.cells.map((c) => [c.id, c]))));
  return map;
}

export function createNotebookStore(deps: NotebookDeps): NotebookStore {
  const { kernel } = deps;
  /** What Z restores, newest last. Deleted lesson cells are also saved, so Z works after a reload. */
  let removals: Removal[] = [];
  /** Next number for an added cell's id (`lesson/new3-<tab>`); never reused in a session. */
  let nextAdded = 1;
  /** Keeps each cell's last outputs for the next visit (output-sync.ts); watches the store, made with it. */
  let outputSync: OutputSync | null = null;

  const store = createStore<NotebookState & NotebookActions>()((set, get) => {
    const sync = new EditSync(
      { ...deps, backend: deps.edits ?? new KeyValueEditBackend(deps.storage) },
      { current: () => get(), apply: (patch) => set(patch) },
    );
    outputSync = new OutputSync(
      { backend: deps.outputs ?? null, budget: deps.outputBudget, now: deps.now, setTimer: deps.setTimer, clearTimer: deps.clearTimer },
      {
        current: () => get(),
        restore: (restored) =>
          set((s) => {
            const cells: Record<CellId, CellRuntime> = s.cells;
            for (const [id, entry] of restored) cells[id] = entry;
            return { touched: { ids: [...restored.keys()] } };
          }),
        setProblem: (outputsProblem) => set({ outputsProblem }),
        editsSettled: () => sync.settled(),
      },
    );
    // The runtime map is updated in place (a new entry object, the same map): copying a map of
    // thousands of cells for every status change and output made Run all quadratic (6 s of 19 at
    // 2,000 cells). Readers compare entries, never the map; `touched` names the cell that changed.
    const patchCell = (id: CellId, patch: Partial<CellRuntime>): void =>
      set((s) => {
        const cells: Record<CellId, CellRuntime> = s.cells;
        cells[id] = { ...(s.cells[id] ?? idleCell), ...patch };
        return { touched: { ids: [id] } };
      });

    /** A lesson cell, or an added code cell (index 0: it has no number in the lesson). */
    const cellOf = (id: CellId): NotebookCell | undefined => {
      const lesson = get().lesson;
      const lessonCell = lesson === null ? undefined : lessonCellsById(lesson).get(id);
      if (lessonCell !== undefined) return lessonCell;
      const added = get().structure.added.find((a) => a.id === id && a.kind === 'code');
      return added === undefined ? undefined : { id, index: 0, source: '', attrs: [], timeoutSeconds: null };
    };
    /** Code cells the student sees, in order. */
    const codeCells = (): CellId[] => {
      const lesson = get().lesson;
      if (lesson === null) return [];
      return visibleCells(lesson, get().structure)
        .filter((c) => c.kind === 'lesson' || c.cell.kind === 'code')
        .map((c) => c.id);
    };
    const save = (now: boolean): void => {
      if (get().lesson === null) return;
      if (now) sync.flush();
      else sync.schedule();
    };

    const schedule = (): RunSchedule => get().schedule;
    /** The schedule and `busy` change together. */
    const setSchedule = (patch: Partial<RunSchedule>): void =>
      set((s) => {
        const next = { ...s.schedule, ...patch };
        const busy = next.running !== null || next.queued.length > 0;
        return busy === s.busy ? { schedule: next } : { schedule: next, busy };
      });
    /** A kernel session starts: nothing waits or runs, callbacks of older runs are ignored. */
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
      codeCells().filter(
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

    const checks = createExerciseChecks({
      get,
      set: (update) => set(update),
      setSchedule,
      kernel,
      storage: deps.storage,
      enqueue,
      pump,
      kernelLost,
    });
    const cellActions = createCellActions({ get, set: (update) => set(update), saveNow: () => save(true), enqueue });

    return {
      ...cellActions,
      ...checks.actions,
      lesson: null,
      sources: {},
      conflicts: {},
      cells: {},
      execCounter: 0,
      kernelStatus: 'starting',
      kernelNotice: null,
      exercises: {},
      progress: {},
      structure: emptyStructure,
      schedule: { queued: [], running: null, pendingChecks: {}, checking: null, kernelSession: 0 },
      busy: false,
      touched: { ids: [] },
      unmatched: [],
      saveProblem: null,
      outputsProblem: null,
      tabNotice: null,

      openLesson(lesson) {
        // First, so the lesson being left has its pending edits written from the state it still shows.
        const loaded = sync.open(lesson);
        const restarted = get().lesson !== null;
        newKernelSession();
        removals = [];
        nextAdded = 1;
        set({
          lesson,
          sources: {},
          conflicts: {},
          structure: emptyStructure,
          unmatched: [],
          tabNotice: null,
          busy: false,
          cells: Object.fromEntries(lesson.cells.map((c) => [c.id, idleCell])),
          execCounter: 0,
          kernelNotice: null,
          exercises: {},
          progress: loadProgress(deps.storage, lesson.id),
        });
        // A fresh scope per lesson, as Jupyter gives each notebook its own kernel.
        if (restarted) kernel.restart();
        const edits = loaded.then(() => {
          if (get().lesson !== lesson) return;
          removals = get().structure.deleted.map((id) => ({ kind: 'lesson', id }));
          nextAdded = 1 + Math.max(0, ...get().structure.added.map((a) => Number(/\/new(\d+)/.exec(a.id)?.[1] ?? 0)));
        });
        // Saved outputs come back once the edits (and so the added cells) are in.
        return Promise.all([edits, outputSync?.open(lesson, edits)]).then(() => undefined);
      },
      editCell(id, source) {
        const lesson = get().lesson;
        if (lesson === null) return;
        set((s) => ({ sources: { ...s.sources, [id]: source }, touched: { ids: [id] } }));
        save(false);
      },
      resetCell(id) {
        const lesson = get().lesson;
        const cell = cellOf(id);
        if (lesson === null || cell === undefined) return;
        const { [id]: _dropped, ...conflicts } = get().conflicts;
        set((s) => ({ sources: { ...s.sources, [id]: cell.source }, conflicts }));
        save(true);
      },
      keepMyEdit(id) {
        const lesson = get().lesson;
        if (lesson === null) return;
        const { [id]: _dropped, ...conflicts } = get().conflicts;
        set({ conflicts });
        save(true);
      },
      resetLesson() {
        const lesson = get().lesson;
        if (lesson === null) return;
        newKernelSession();
        set({
          sources: Object.fromEntries(lesson.cells.map((c) => [c.id, c.source])),
          conflicts: {},
          structure: emptyStructure,
          cells: Object.fromEntries(lesson.cells.map((c) => [c.id, idleCell])),
          execCounter: 0,
          kernelNotice: null,
          busy: false,
        });
        removals = [];
        save(true);
        outputSync?.forget();
        kernel.restart();
      },
      runCell(id) {
        enqueue([id]);
      },
      runAll() {
        enqueue(codeCells());
      },
      interrupt() {
        if (!get().busy) {
          // Nothing running: the kernel cancels the timers and callbacks cells left pending; variables stay.
          kernel.interrupt();
          set({ kernelNotice: 'No cell was running: timers and callbacks the cells left pending were cancelled; variables are kept.' });
          return;
        }
        restartKernel('interrupted');
      },
      restartKernel() {
        restartKernel('restart');
      },
      dismissNotice() {
        set({ kernelNotice: null });
      },
      showSolution(id, solution) {
        get().editCell(id, solution);
      },
      flush() {
        sync.flushBeforeHide();
        outputSync?.flush();
      },
      settled() {
        return Promise.all([sync.settled(), outputSync?.settled()]).then(() => undefined);
      },
      discardUnmatched(uid) {
        sync.discardUnmatched(uid);
      },
      applyUnmatched(uid, target) {
        sync.applyUnmatched(uid, target);
      },
      dismissTabNotice() {
        set({ tabNotice: null });
      },
      insertCell(target, where, kind = 'code') {
        const lesson = get().lesson;
        if (lesson === null) return null;
        // The tab's id in the name: two tabs adding cells at once must not both make `new1` (edit-sync.ts merges them).
        nextAdded = Math.max(nextAdded, 1 + Math.max(0, ...get().structure.added.map((a) => Number(/\/new(\d+)/.exec(a.id)?.[1] ?? 0))));
        const id = toCellId(`${lesson.id}/new${nextAdded}-${sync.tab.slice(0, 6)}`);
        const structure = insertCell(lesson, get().structure, target, where, { id, kind });
        if (structure === null) return null;
        nextAdded += 1;
        set((s) => ({ structure, sources: { ...s.sources, [id]: '' }, cells: { ...s.cells, [id]: idleCell } }));
        save(true);
        return id;
      },
      deleteCell(id) {
        const lesson = get().lesson;
        if (lesson === null || schedule().running === id || schedule().queued.includes(id)) return false;
        const result = removeCell(lesson, get().structure, id, get().sources[id] ?? '');
        if (result === null) return false;
        removals.push(result.removal);
        set({ structure: result.structure });
        save(true);
        return true;
      },
      undoDelete() {
        const removal = removals.pop();
        if (removal === undefined) return null;
        const id = removal.kind === 'lesson' ? removal.id : removal.cell.id;
        set((s) => ({
          structure: restoreCell(s.structure, removal),
          ...(removal.kind === 'added' && { sources: { ...s.sources, [id]: removal.source }, cells: { ...s.cells, [id]: idleCell } }),
        }));
        save(true);
        return id;
      },
      setCellKind(id, kind) {
        const structure = setKind(get().structure, id, kind);
        if (structure === null || schedule().running === id || schedule().queued.includes(id)) return false;
        set({ structure });
        save(true);
        return true;
      },
    };
  });
  store.subscribe((state, prev) => outputSync?.observe(state, prev));
  return store;
}
