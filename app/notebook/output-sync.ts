// Keeps each cell's last outputs for the next visit (plain TS, no React).
// - What is saved mirrors what the page shows once a cell is not busy: a
//   finished run (ok or error) saves its outputs and `[n]`; a cell cleared or
//   reset forgets them. The store's per-cell updates are watched (observe),
//   so the store itself needs no hooks on its run paths.
// - Written ≤ 300 ms after the last change (≤ 1 s after the first), after the
//   edits' own writes have finished, to a store of its own (output-backend.ts),
//   cut to the lesson's budget (saved-output-budget.ts).
// - On open, saved outputs come back on cells that have not run yet, marked
//   `fromEarlierSession` with their old `[n]`, until the cell runs again.
// - Outputs give way to edits: while edits cannot be saved nothing is written,
//   and when storage is full this lesson's saved outputs are deleted to make
//   room for the student's code; they are written again once edits save.
import type { CellOutput } from '../kernel/protocol.ts';
import type { CellId } from '../shared/brand.ts';
import { cellId } from '../shared/brand.ts';
import { idleCell, type CellRuntime } from './cell-runtime.ts';
import { describeStorageError } from './edit-backend.ts';
import type { NotebookLesson } from './lesson-view.ts';
import type { OutputBackend } from './output-backend.ts';
import {
  applyOutputChanges,
  emptyOutputRecord,
  rebaseOutputs,
  type OutputChange,
  type OutputRecord,
  type SavedCellOutputs,
} from './output-record.ts';
import { fitSavedOutputs, SAVED_OUTPUT_BUDGET_CHARS } from './saved-output-budget.ts';
import type { Structure } from './structure.ts';

const QUIET_MS = 300;
const MAX_DELAY_MS = 1000;
const STORAGE_FULL = describeStorageError(Object.assign(new Error('full'), { name: 'QuotaExceededError' }));

/** The slice of the notebook state this reads. */
export interface OutputView {
  readonly lesson: NotebookLesson | null;
  readonly cells: Readonly<Record<CellId, CellRuntime>>;
  readonly structure: Structure;
  readonly touched: { readonly ids: readonly CellId[] };
  /** Why edits are not being saved (edit-sync.ts); outputs wait while it is set. */
  readonly saveProblem: string | null;
}

export interface OutputSyncHost {
  current(): OutputView;
  /** Put restored cells into the runtime (in place, naming them in `touched`). */
  restore(cells: ReadonlyMap<CellId, CellRuntime>): void;
  /** Why outputs are not being kept (shown quietly); null once they are. */
  setProblem(problem: string | null): void;
  /** Resolves when the edits' load and writes so far have finished. */
  editsSettled(): Promise<void>;
}

export interface OutputSyncDeps {
  /** Null: outputs are not kept (no IndexedDB on this page). */
  readonly backend: OutputBackend | null;
  readonly budget?: number | undefined;
  readonly now?: (() => number) | undefined;
  readonly setTimer?: ((fn: () => void, delay: number) => unknown) | undefined;
  readonly clearTimer?: ((handle: unknown) => void) | undefined;
}

type Changes = Map<CellId, SavedCellOutputs | null>;

/** One write: what storage has, moved onto this lesson version, with this tab's changes, cut to the budget. */
export function nextOutputRecord(
  current: OutputRecord | null,
  lesson: NotebookLesson,
  changes: OutputChange,
  now: number,
  budget: number,
): OutputRecord {
  const base = current === null ? emptyOutputRecord(lesson, now) : rebaseOutputs(current, lesson, now);
  const next = applyOutputChanges(base, lesson, changes, now);
  return { ...next, cells: Object.fromEntries(fitSavedOutputs(Object.entries(next.cells), budget)) };
}

const isFinished = (c: CellRuntime): c is CellRuntime & { status: 'ok' | 'error' } => c.status === 'ok' || c.status === 'error';

export class OutputSync {
  private readonly budget: number;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, delay: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private lesson: NotebookLesson | null = null;
  private generation = 0;
  /** The outputs this tab last saw on each cell (restored or run); a new array is a change. */
  private lastSeen = new Map<CellId, readonly CellOutput[]>();
  private dirty: Changes = new Map();
  private loading: Promise<void> = Promise.resolve();
  /** The chain of writes: each waits for the one before, so they reach storage in order. */
  private writing: Promise<void> = Promise.resolve();
  private timer: unknown = null;
  private firstPendingAt: number | null = null;
  /** This tab deleted the lesson's saved outputs to make room for edits; everything shown is written again later. */
  private yielded = false;
  private problem: string | null = null;

  constructor(
    private readonly deps: OutputSyncDeps,
    private readonly host: OutputSyncHost,
  ) {
    this.budget = deps.budget ?? SAVED_OUTPUT_BUDGET_CHARS;
    this.now = deps.now ?? Date.now;
    this.setTimer = deps.setTimer ?? ((fn, delay) => setTimeout(fn, delay));
    this.clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  /** Call once the store shows `lesson` (its cells idle): restores its saved outputs once its edits are in. */
  open(lesson: NotebookLesson, editsLoaded: Promise<void>): Promise<void> {
    this.flush(); // what the lesson being left still had to write
    this.lesson = lesson;
    const generation = ++this.generation;
    this.lastSeen = new Map();
    this.dirty = new Map();
    this.yielded = false;
    const backend = this.deps.backend;
    if (backend === null) return (this.loading = editsLoaded);
    const record = backend.load(lesson.id).catch((e: unknown) => {
      this.report(`saved outputs could not be read (${describeStorageError(e)})`);
      return null;
    });
    this.loading = Promise.all([record, editsLoaded.catch(() => undefined)]).then(([r]) => {
      if (generation === this.generation && r !== null) this.restore(lesson, r);
    });
    return this.loading;
  }

  /** Resolves when the lesson's outputs are restored and every write so far has finished or failed. */
  async settled(): Promise<void> {
    await this.loading;
    let seen: Promise<void> | null = null;
    while (seen !== this.writing) {
      seen = this.writing;
      await seen;
    }
  }

  /** Watch every store update: cells that finished or were cleared since the last one are written. */
  observe(state: OutputView, prev: OutputView): void {
    if (this.lesson === null || state.lesson !== this.lesson) return;
    if (state.saveProblem !== prev.saveProblem) this.editProblemChanged(state);
    const ids: readonly CellId[] =
      state.cells !== prev.cells ? Object.keys(state.cells).map(cellId) : state.touched !== prev.touched ? state.touched.ids : [];
    let changed = false;
    for (const id of ids) {
      const entry = state.cells[id];
      if (entry === undefined || entry.status === 'queued' || entry.status === 'running') continue;
      // Restored outputs are what storage has (restore() noted them); a cell whose outputs changed
      // since (cleared, say, with the mark left on) is handled like any other.
      const seen = this.lastSeen.get(id);
      if (entry.outputs === seen) continue;
      this.lastSeen.set(id, entry.outputs);
      if (isFinished(entry)) this.dirty.set(id, this.saved(entry));
      else if (seen !== undefined)
        this.dirty.set(id, null); // cleared, reset or not run: forget what was saved
      else continue;
      changed = true;
    }
    if (changed) this.schedule();
  }

  /** Reset lesson: forget every saved output of the lesson. */
  forget(): void {
    const lesson = this.lesson;
    if (lesson === null) return;
    this.dirty = new Map();
    this.lastSeen = new Map();
    this.enqueue(lesson, null);
  }

  /** Write what is pending now (page hidden, lesson left). */
  flush(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.firstPendingAt = null;
    const lesson = this.lesson;
    if (lesson === null || this.dirty.size === 0) return;
    const changes = this.dirty;
    this.dirty = new Map();
    this.enqueue(lesson, changes);
  }

  private schedule(): void {
    const now = this.now();
    this.firstPendingAt ??= now;
    const wait = Math.max(0, Math.min(QUIET_MS, this.firstPendingAt + MAX_DELAY_MS - now));
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = this.setTimer(() => this.flush(), wait);
  }

  private saved(entry: CellRuntime & { status: 'ok' | 'error' }): SavedCellOutputs {
    return { outputs: entry.outputs, execCount: entry.execCount, status: entry.status, savedAt: this.now() };
  }

  private restore(lesson: NotebookLesson, record: OutputRecord): void {
    const saved = rebaseOutputs(record, lesson, this.now());
    const state = this.host.current();
    const shown = new Set<string>([
      ...lesson.cells.filter((c) => !state.structure.deleted.includes(c.id)).map((c) => c.id),
      ...state.structure.added.filter((a) => a.kind === 'code').map((a) => a.id),
    ]);
    const restored = new Map<CellId, CellRuntime>();
    for (const [key, c] of Object.entries(saved.cells)) {
      const id = cellId(key);
      const now = state.cells[id] ?? idleCell;
      // A cell run (or queued) before the load finished shows this session's outputs.
      if (!shown.has(id) || now.status !== 'idle' || now.execCount !== null || now.outputs.length > 0) continue;
      restored.set(id, { ...idleCell, status: c.status, outputs: c.outputs, execCount: c.execCount, fromEarlierSession: true });
      this.lastSeen.set(id, c.outputs);
    }
    if (restored.size > 0) this.host.restore(restored);
  }

  /** Outputs wait while edits fail; storage full → this lesson's saved outputs make room for them. */
  private editProblemChanged(state: OutputView): void {
    const lesson = this.lesson;
    if (lesson === null) return;
    if (state.saveProblem !== null) {
      if (!state.saveProblem.includes(STORAGE_FULL) || this.yielded) return;
      this.yielded = true;
      this.enqueue(lesson, null, true);
      this.report('they were deleted to leave the room to your edits, which could not be saved');
      return;
    }
    if (!this.yielded) return this.schedule();
    // Edits save again: everything shown goes back into storage, restored outputs too.
    this.yielded = false;
    for (const [key, entry] of Object.entries(state.cells)) {
      const id = cellId(key);
      if (isFinished(entry) && !this.dirty.has(id)) this.dirty.set(id, this.saved(entry));
    }
    this.schedule();
  }

  /** Queue a write of `changes` (null: delete the lesson's record) after the writes before it. */
  private enqueue(lesson: NotebookLesson, changes: Changes | null, evenIfEditsFail = false): void {
    const backend = this.deps.backend;
    if (backend === null) return;
    const generation = this.generation;
    this.writing = this.writing
      .then(() => this.host.editsSettled())
      .then(async () => {
        // Edits first: while they cannot be saved, outputs keep out of their way (written once edits save).
        if (this.host.current().saveProblem !== null && !evenIfEditsFail) return this.requeue(lesson, generation, changes);
        const now = this.now();
        await backend.update(lesson.id, (current) =>
          changes === null ? null : nextOutputRecord(current, lesson, changes, now, this.budget),
        );
        if (this.problem !== null && !this.yielded) this.report(null);
      })
      .catch((e: unknown) => {
        this.report(describeStorageError(e));
        this.requeue(lesson, generation, changes);
      });
  }

  /** A write that did not happen: its changes wait for the next one (unless newer ones replaced them). */
  private requeue(lesson: NotebookLesson, generation: number, changes: Changes | null): void {
    if (generation !== this.generation || lesson !== this.lesson || changes === null) return;
    for (const [id, c] of changes) if (!this.dirty.has(id)) this.dirty.set(id, c);
  }

  private report(problem: string | null): void {
    this.problem = problem;
    this.host.setProblem(problem);
  }
}
