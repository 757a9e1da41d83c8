// The notebook store's state, actions and dependencies (the store is store.ts).
import type { StoreApi } from 'zustand/vanilla';
import type { CellId } from '../shared/brand.ts';
import type { CellRuntime } from './cell-runtime.ts';
import type { ExerciseRuntime, Progress } from './exercise.ts';
import type { KernelStatus } from '../kernel/client/run-types.ts';
import type { KernelPort } from './kernel-port.ts';
import type { NotebookLesson } from './lesson-view.ts';
import type { KeyValueStorage } from './persistence.ts';
import type { EditBackend } from './edit-backend.ts';
import type { OutputBackend } from './output-backend.ts';
import type { UnmatchedEdit } from './edit-record.ts';
import type { EditSyncDeps } from './edit-sync.ts';
import type { CellKind, Structure } from './structure.ts';
import type { CellActions } from './cell-actions.ts';
import type { ExerciseActions } from './exercise-checks.ts';

/**
 * The one run queue (run-queue.ts): the kernel is sent one cell at a time, so Run all stops at the
 * first error and Interrupt drops what waits. Kept in the state, so getState() and devtools show it.
 */
export interface RunSchedule {
  /** Cells waiting to be sent to the kernel, in order. */
  readonly queued: readonly CellId[];
  /** The cell whose run is in flight, or an exercise's check run (`<id>#check`, then `checking` is the exercise). */
  readonly running: CellId | null;
  /** Exercises whose hidden checks run as soon as their cell finishes, with the check code (exercise-checks.ts). */
  readonly pendingChecks: Readonly<Record<CellId, string>>;
  /** The exercise whose checks are the run in flight. */
  readonly checking: CellId | null;
  /** Bumped whenever the kernel restarts (Interrupt, Restart, a death, another lesson): callbacks of runs from before are ignored. */
  readonly kernelSession: number;
}

export interface NotebookState {
  readonly lesson: NotebookLesson | null;
  /** Document: the code currently in each cell (the student's edits or the lesson's). */
  readonly sources: Readonly<Record<CellId, string>>;
  /** Cells whose saved edit was made against code the lesson no longer has. */
  readonly conflicts: Readonly<Record<CellId, { readonly savedBase: string }>>;
  /** Runtime, per cell. Updated in place per cell (new entry objects, same map): compare entries, not the map. */
  readonly cells: Readonly<Record<CellId, CellRuntime>>;
  readonly execCounter: number;
  readonly kernelStatus: KernelStatus;
  /** A message about the kernel the notebook shows until dismissed. */
  readonly kernelNotice: string | null;
  /** What runs and what waits (the store's one queue). */
  readonly schedule: RunSchedule;
  /** A cell (or an exercise's checks) is running or queued: `schedule` has a running or queued cell (kept so the toolbar need not look). */
  readonly busy: boolean;
  /**
   * The cells a per-cell update changed, set (as a new object) by that update only: lets cell
   * subscriptions skip the other cells (cell-subscriptions.ts). An update that changes per-cell
   * maps without setting it may have changed any cell.
   */
  readonly touched: { readonly ids: readonly CellId[] };
  /** Runtime of exercise cells: checking, results, hints shown. */
  readonly exercises: Readonly<Record<CellId, ExerciseRuntime>>;
  /** Saved per lesson: which exercises were attempted or done. */
  readonly progress: Readonly<Record<CellId, Progress>>;
  /** Document: cells the student added and lesson cells they deleted (saved with the edits). */
  readonly structure: Structure;
  /** Document: edits with no certain cell (lesson changed under them, or another tab saved the same cell later). */
  readonly unmatched: readonly UnmatchedEdit[];
  /** Why edits are not being saved right now (storage full…); null while saving works. */
  readonly saveProblem: string | null;
  /** Why the cells' outputs are not being kept for the next visit (output-sync.ts); null while they are. */
  readonly outputsProblem: string | null;
  /** What another tab open on this lesson changed. */
  readonly tabNotice: string | null;
}

/** The cell menu's actions (move, clear, run above / from here) are in cell-actions.ts, Check and hints in exercise-checks.ts. */
export interface NotebookActions extends CellActions, ExerciseActions {
  /** Resolves once the lesson's saved edits are in the state. */
  openLesson(lesson: NotebookLesson): Promise<void>;
  editCell(id: CellId, source: string): void;
  resetCell(id: CellId): void;
  resetLesson(): void;
  keepMyEdit(id: CellId): void;
  runCell(id: CellId): void;
  runAll(): void;
  interrupt(): void;
  restartKernel(): void;
  dismissNotice(): void;
  /** Put the solution in the cell (an ordinary, saved edit; undo brings the attempt back). */
  showSolution(id: CellId, solution: string): void;
  /** Write pending edits now (page hide, before unload). */
  flush(): void;
  /** Resolves when the lesson's edits have loaded and every write so far has finished or failed. */
  settled(): Promise<void>;
  discardUnmatched(uid: string): void;
  /** Put an unmatched edit into a cell (the cell's own edit, if any, becomes unmatched). */
  applyUnmatched(uid: string, target: CellId): void;
  dismissTabNotice(): void;
  /** Add an empty cell above or below `target`; returns its id (null if `target` is unknown). */
  insertCell(target: CellId, where: 'above' | 'below', kind?: CellKind): CellId | null;
  /** Delete a cell (a lesson cell is hidden, an added one removed); `undoDelete` brings it back. */
  deleteCell(id: CellId): boolean;
  /** Restore the most recently deleted cell; returns its id. */
  undoDelete(): CellId | null;
  /** Turn a student-added cell into Markdown or code; lesson cells stay code (false). */
  setCellKind(id: CellId, kind: CellKind): boolean;
}

export type NotebookStore = StoreApi<NotebookState & NotebookActions>;

/** The kernel and storage, plus the edit-sync options (edit-sync.ts) other than its backend. */
export interface NotebookDeps extends Omit<EditSyncDeps, 'backend'> {
  readonly kernel: KernelPort;
  /** Progress and the fallback for edits when `edits` is not given. */
  readonly storage: KeyValueStorage;
  /** Where edit records live (the page: IndexedDB with localStorage as fallback); default: `storage`. */
  readonly edits?: EditBackend;
  /** Where the cells' last outputs are kept for the next visit (the page: IndexedDB); none: not kept. */
  readonly outputs?: OutputBackend | null;
  /** The saved outputs' budget per lesson, in characters of JSON (default 5 MB: saved-output-budget.ts). */
  readonly outputBudget?: number;
}
