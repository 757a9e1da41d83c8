// The notebook store: a vanilla zustand store, tested without React.
// Document state (which lesson, the code in each cell) is kept apart from
// runtime state (status, outputs, timings), which is never saved.
import { createStore } from 'zustand/vanilla';
import type { CellOutput } from '../kernel/protocol.ts';
import type { CellId } from '../shared/brand.ts';
import { ms } from '../shared/brand.ts';
import { idleCell, type CellRuntime } from './cell-runtime.ts';
import type { RunOutcome } from './kernel-port.ts';
import type { NotebookCell, NotebookLesson } from './lesson-view.ts';
import { EditSync } from './edit-sync.ts';
import { KeyValueEditBackend } from './edit-backend.ts';
import { outputText } from './cell-runtime.ts';
import { loadProgress, readCheckOutputs, saveProgress, untriedExercise, wrapCheck, type ExerciseRuntime, type Progress } from './exercise.ts';
import { cellId as toCellId } from '../shared/brand.ts';
import { OutputSync } from './output-sync.ts';
import { createCellActions } from './cell-actions.ts';
import { emptyStructure, insertCell, removeCell, restoreCell, setKind, visibleCells, type Removal } from './structure.ts';

export type { NotebookActions, NotebookDeps, NotebookState, NotebookStore } from './store-types.ts';
import type { NotebookActions, NotebookDeps, NotebookState, NotebookStore } from './store-types.ts';

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
  /** Cells waiting to be sent to the kernel, in order. One runs at a time. */
  let queue: CellId[] = [];
  let running: CellId | null = null;
  /** Bumped on interrupt/restart so late callbacks from an old run are ignored. */
  let generation = 0;
  /** Exercise cells whose checks run as soon as the cell itself finishes. */
  const pendingChecks = new Map<CellId, string>();
  /** The exercise whose hidden checks are running, if any (then `running` is its check run). */
  let checking: CellId | null = null;
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
      return visibleCells(lesson, get().structure).filter((c) => c.kind === 'lesson' || c.cell.kind === 'code').map((c) => c.id);
    };
    const save = (now: boolean): void => {
      if (get().lesson === null) return;
      if (now) sync.flush();
      else sync.schedule();
    };

    /** Kept in the state so the toolbar need not scan every cell on every update. */
    const syncBusy = (): void => {
      const busy = running !== null || queue.length > 0;
      if (get().busy !== busy) set({ busy });
    };
    const pump = (): void => {
      pumpNext();
      syncBusy();
    };
    const pumpNext = (): void => {
      if (running !== null) return;
      const next = queue.shift();
      if (next === undefined) return;
      const cell = cellOf(next);
      if (cell === undefined) return pumpNext();
      running = next;
      const myGeneration = generation;
      const code = get().sources[next] ?? cell.source;
      const timeout = cell.timeoutSeconds === null ? undefined : ms(cell.timeoutSeconds * 1000);
      kernel.run(
        next,
        code,
        {
          started: () => {
            if (myGeneration !== generation) return;
            const n = get().execCounter + 1;
            set({ execCounter: n });
            patchCell(next, { status: 'running', execCount: n, outputs: [], stale: false, fromEarlierSession: false, imagePick: null });
          },
          output: (o) => {
            if (myGeneration !== generation) return;
            patchCell(next, { outputs: [...(get().cells[next]?.outputs ?? []), o] });
          },
          done: (outcome) => {
            if (myGeneration !== generation) return;
            finishRun(next, outcome);
          },
          pickImage: (request) => {
            if (myGeneration !== generation) return request.cancel('the kernel restarted');
            patchCell(next, { imagePick: request });
          },
        },
        timeout,
      );
    };

    const setExercise = (id: CellId, patch: Partial<ExerciseRuntime>): void =>
      set((s) => ({ exercises: { ...s.exercises, [id]: { ...(s.exercises[id] ?? untriedExercise), ...patch } }, touched: { ids: [id] } }));

    const recordProgress = (id: CellId, passed: boolean): void => {
      const lesson = get().lesson;
      if (lesson === null) return;
      const before = get().progress[id];
      const next: Progress = passed || before === 'done' ? 'done' : 'attempted';
      set((s) => ({ progress: { ...s.progress, [id]: next }, touched: { ids: [id] } }));
      saveProgress(deps.storage, lesson.id, get().progress);
    };

    /** Runs an exercise's hidden checks right after its cell, before anything queued. */
    const runChecks = (id: CellId, checkCode: string, cellOk: boolean): void => {
      if (!cellOk) {
        setExercise(id, { status: 'failed', results: [{ passed: false, message: 'your cell stopped with an error (shown below it); fix that first' }] });
        recordProgress(id, false);
        return pump();
      }
      const myGeneration = generation;
      const collected: CellOutput[] = [];
      const checkRun = toCellId(`${id}#check`);
      running = checkRun;
      checking = id;
      kernel.run(
        checkRun,
        wrapCheck(checkCode, outputText(get().cells[id]?.outputs ?? [])),
        {
          started: () => undefined,
          output: (o) => {
            if (myGeneration === generation) collected.push(o);
          },
          done: () => {
            if (myGeneration !== generation) return;
            running = null;
            checking = null;
            const { passed, results } = readCheckOutputs(collected);
            setExercise(id, { status: passed ? 'passed' : 'failed', results });
            recordProgress(id, passed);
            pump();
          },
        },
        ms(30_000),
      );
    };

    const finishRun = (id: CellId, outcome: RunOutcome): void => {
      running = null;
      patchCell(id, { status: outcome.ok ? 'ok' : 'error', duration: outcome.duration, imagePick: null });
      const checkCode = pendingChecks.get(id);
      if (checkCode !== undefined) {
        pendingChecks.delete(id);
        return runChecks(id, checkCode, outcome.ok);
      }
      // Like Jupyter's Run All: an error stops the cells queued after it.
      // ...unless the lesson marks the cell as one that fails on purpose (`ts raises`, Jupyter's raises-exception tag).
      if (!outcome.ok && cellOf(id)?.attrs.includes('raises') !== true) cancelQueued('not run: an earlier cell failed');
      pump();
    };

    /** Exercises waiting for or running their checks fail with `why` (interrupt, restart). */
    const stopChecks = (why: string): void => {
      const stopped = [...pendingChecks.keys(), ...(checking === null ? [] : [checking])];
      pendingChecks.clear();
      checking = null;
      for (const id of stopped) setExercise(id, { status: 'failed', results: [{ passed: false, message: why }] });
    };

    const cancelQueued = (why: string): void => {
      const dropped = queue;
      queue = [];
      for (const id of dropped) patchCell(id, { status: 'cancelled', outputs: [{ kind: 'notice', text: why }] });
      syncBusy();
    };

    const enqueue = (ids: readonly CellId[]): void => {
      for (const id of ids) {
        if (queue.includes(id) || running === id) continue;
        queue.push(id);
        patchCell(id, { status: 'queued' });
      }
      pump();
    };

    /** Cells that have run in the current kernel and are not running now (restored outputs ran in an earlier one). */
    const ranCells = (): CellId[] =>
      codeCells().filter((id) => id !== running && (get().cells[id]?.execCount ?? null) !== null && get().cells[id]?.fromEarlierSession !== true);

    const markStale = (ids: readonly CellId[]): void =>
      set((s) => ({
        cells: { ...s.cells, ...Object.fromEntries(ids.map((id) => [id, { ...(s.cells[id] ?? idleCell), stale: true }])) },
      }));

    /** After the worker is replaced every definition is gone: say which cells to run again. */
    const markKernelRestarted = (reason: 'interrupted' | 'restart'): void => {
      generation += 1;
      const wasRunning = running;
      running = null;
      cancelQueued('not run: the kernel restarted');
      syncBusy();
      stopChecks(reason === 'interrupted' ? 'the checks were interrupted' : 'the kernel restarted before the checks finished');
      if (wasRunning !== null && cellOf(wasRunning) !== undefined) {
        const prev = get().cells[wasRunning]?.outputs ?? [];
        patchCell(wasRunning, { status: 'error', outputs: reason === 'interrupted' ? [...prev, interruptedError] : prev, imagePick: null });
      }
      const ran = ranCells();
      markStale(ran);
      const why = reason === 'interrupted' ? 'The kernel was interrupted and restarted' : 'The kernel restarted';
      // A new kernel session numbers its runs from 1 again, as Jupyter's does.
      set({ kernelNotice: `${why}; all definitions are gone. ${runAgainText(ran)}`, execCounter: 0 });
    };

    /** Set while we restart the worker ourselves, so a restart we did not ask for reads as a crash. */
    let restartRequested = false;
    const restartKernelNow = (how: 'interrupt' | 'restart'): void => {
      restartRequested = true;
      if (how === 'interrupt') kernel.interrupt();
      else kernel.restart();
    };
    kernel.onStatus((status) => {
      set({ kernelStatus: status });
      if (status !== 'restarting') return;
      if (restartRequested) restartRequested = false;
      else markKernelDied();
    });

    /** The worker died under a cell (e.g. out of memory); the kernel reports that cell's error itself. */
    const markKernelDied = (): void => {
      cancelQueued('not run: the kernel died and restarted');
      stopChecks('the kernel stopped while checking; run the check again');
      const ran = ranCells();
      markStale(ran);
      set({ kernelNotice: `The kernel stopped and was restarted (the cell that was running says why); all definitions are gone. ${runAgainText(ran)}`, execCounter: 0 });
    };

    const runAgainText = (ids: readonly CellId[]): string => {
      const indexes = ids.map((id) => cellOf(id)?.index).filter((i): i is number => i !== undefined).sort((a, b) => a - b);
      return indexes.length === 0 ? 'No other cell had run.' : `Run again: ${indexes.map((i) => `Cell ${i}`).join(', ')}.`;
    };

    const cellActions = createCellActions({ get, set: (update) => set(update), saveNow: () => save(true), enqueue });

    return {
      ...cellActions,
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
        generation += 1;
        queue = [];
        running = null;
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
        pendingChecks.clear();
        checking = null;
        // A fresh scope per lesson, as Jupyter gives each notebook its own kernel.
        if (restarted) restartKernelNow('restart');
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
        generation += 1;
        queue = [];
        running = null;
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
        restartKernelNow('restart');
      },
      runCell(id) {
        enqueue([id]);
      },
      runAll() {
        enqueue(codeCells());
      },
      interrupt() {
        if (running === null && queue.length === 0) {
          // Nothing running: the kernel cancels the timers and callbacks cells left pending; variables stay.
          kernel.interrupt();
          set({ kernelNotice: 'No cell was running: timers and callbacks the cells left pending were cancelled; variables are kept.' });
          return;
        }
        markKernelRestarted('interrupted');
        restartKernelNow('interrupt');
      },
      restartKernel() {
        markKernelRestarted('restart');
        restartKernelNow('restart');
      },
      dismissNotice() {
        set({ kernelNotice: null });
      },
      checkExercise(id, checkCode) {
        if (checking === id || pendingChecks.has(id)) return;
        pendingChecks.set(id, checkCode);
        setExercise(id, { status: 'checking', results: [] });
        if (queue.includes(id) || running === id) return;
        enqueue([id]);
      },
      showHint(id, hintCount) {
        const shown = get().exercises[id]?.hintsShown ?? 0;
        setExercise(id, { hintsShown: Math.min(hintCount, shown + 1) });
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
        if (lesson === null || running === id || queue.includes(id)) return false;
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
        if (structure === null || running === id || queue.includes(id)) return false;
        set({ structure });
        save(true);
        return true;
      },
    };
  });
  store.subscribe((state, prev) => outputSync?.observe(state, prev));
  return store;
}
