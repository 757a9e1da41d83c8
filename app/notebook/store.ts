// The notebook store (page, plain TypeScript): a vanilla zustand store, tested
// without React; components render its state and dispatch its actions.
// Document state (which lesson, the code in each cell, added and deleted cells)
// is kept apart from runtime state (status, outputs, timings), which is never
// saved. The one run queue and the kernel session are run-queue.ts, the cell
// menu's actions cell-actions.ts, Check exercise-checks.ts (through the queue);
// saving is edit-sync.ts and output-sync.ts.
import { createStore } from 'zustand/vanilla';
import type { CellId } from '../shared/brand.ts';
import { idleCell, type CellRuntime } from './cell-runtime.ts';
import type { NotebookCell, NotebookLesson } from './lesson-view.ts';
import { EditSync } from './edit-sync.ts';
import { KeyValueEditBackend } from './edit-backend.ts';
import { loadProgress } from './exercise.ts';
import { cellId as toCellId } from '../shared/brand.ts';
import { OutputSync } from './output-sync.ts';
import { createCellActions } from './cell-actions.ts';
import { createRunQueue } from './run-queue.ts';
import { emptyStructure, insertCell, removeCell, restoreCell, setKind, visibleCells, type Removal } from './structure.ts';

export type { NotebookActions, NotebookDeps, NotebookState, NotebookStore } from './store-types.ts';
import type { NotebookActions, NotebookDeps, NotebookState, NotebookStore } from './store-types.ts';

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

    const queue = createRunQueue({
      get,
      set: (update) => set(update),
      patchCell,
      cellOf,
      codeCells,
      kernel,
      storage: deps.storage,
    });
    const { enqueue } = queue;
    const cellActions = createCellActions({ get, set: (update) => set(update), saveNow: () => save(true), enqueue });

    return {
      ...cellActions,
      ...queue.exerciseActions,
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
        queue.newKernelSession();
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
        queue.newKernelSession();
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
        queue.interrupt();
      },
      restartKernel() {
        queue.restart();
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
        if (lesson === null || get().schedule.running === id || get().schedule.queued.includes(id)) return false;
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
        if (structure === null || get().schedule.running === id || get().schedule.queued.includes(id)) return false;
        set({ structure });
        save(true);
        return true;
      },
    };
  });
  store.subscribe((state, prev) => outputSync?.observe(state, prev));
  return store;
}
