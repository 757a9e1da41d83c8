// Debounced autosave of a lesson's edited cells. A save is written at most
// 300 ms after the last keystroke and never later than one second after the
// first unsaved one, so steady typing cannot postpone it forever.
import type { CellId } from '../shared/brand.ts';
import type { NotebookLesson } from './lesson-view.ts';
import { loadEdits, saveEdits, type KeyValueStorage, type SavedCellEdit } from './persistence.ts';
import { cellId } from '../shared/brand.ts';
import { emptyStructure, type Structure } from './structure.ts';

const QUIET_MS = 300;
const MAX_DELAY_MS = 1000;

interface SaverDeps {
  readonly storage: KeyValueStorage;
  readonly now?: () => number;
  readonly setTimer?: (fn: () => void, delay: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

export interface LoadedEdits {
  readonly sources: Record<CellId, string>;
  readonly conflicts: Record<CellId, { readonly savedBase: string }>;
  readonly structure: Structure;
}

type Sources = Readonly<Record<CellId, string>>;
type Conflicts = Readonly<Record<CellId, { readonly savedBase: string }>>;

export class EditSaver {
  private timer: unknown = null;
  private firstPendingAt: number | null = null;
  private pending: (() => void) | null = null;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, delay: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly deps: SaverDeps) {
    this.now = deps.now ?? Date.now;
    this.setTimer = deps.setTimer ?? ((fn, delay) => setTimeout(fn, delay));
    this.clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  /** The code each cell should show: saved edits win over the lesson's code, and are never dropped. */
  load(lesson: NotebookLesson): LoadedEdits {
    const saved = loadEdits(this.deps.storage, lesson.id);
    const sources: Record<CellId, string> = {};
    const conflicts: Record<CellId, { savedBase: string }> = {};
    for (const cell of lesson.cells) {
      const edit = saved?.cells[cell.id];
      sources[cell.id] = edit?.source ?? cell.source;
      // Flag an edit only when the lesson's own code for that cell changed
      // since the student started editing; other edits carry over silently.
      if (edit !== undefined && edit.base !== cell.source && edit.source !== cell.source) {
        conflicts[cell.id] = { savedBase: edit.base };
      }
    }
    // Added cells and deletions come back as saved; an anchor the lesson no
    // longer has is kept (orderCells puts such cells last) so no work is lost.
    const lessonIds = new Set<string>(lesson.cells.map((c) => c.id));
    const added = (saved?.added ?? []).map((a) => ({ id: cellId(a.id), kind: a.kind, after: a.after === null ? null : cellId(a.after) }));
    for (const a of saved?.added ?? []) sources[cellId(a.id)] = a.source;
    const deleted = (saved?.deleted ?? []).filter((d) => lessonIds.has(d)).map(cellId);
    return { sources, conflicts, structure: added.length === 0 && deleted.length === 0 ? emptyStructure : { added, deleted } };
  }

  schedule(lesson: NotebookLesson, sources: Sources, conflicts: Conflicts, structure: Structure): void {
    this.pending = () => this.write(lesson, sources, conflicts, structure);
    const now = this.now();
    this.firstPendingAt ??= now;
    const wait = Math.max(0, Math.min(QUIET_MS, this.firstPendingAt + MAX_DELAY_MS - now));
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = this.setTimer(() => this.flush(), wait);
  }

  saveNow(lesson: NotebookLesson, sources: Sources, conflicts: Conflicts, structure: Structure): void {
    this.pending = () => this.write(lesson, sources, conflicts, structure);
    this.flush();
  }

  flush(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.firstPendingAt = null;
    const pending = this.pending;
    this.pending = null;
    pending?.();
  }

  private write(lesson: NotebookLesson, sources: Sources, conflicts: Conflicts, structure: Structure): void {
    const edited = new Map<CellId, SavedCellEdit>();
    for (const cell of lesson.cells) {
      const source = sources[cell.id];
      if (source === undefined || source === cell.source) continue;
      // A conflicted edit keeps its old base until the student resolves it.
      edited.set(cell.id, { source, base: conflicts[cell.id]?.savedBase ?? cell.source });
    }
    const added = structure.added.map((a) => ({ id: a.id, kind: a.kind, after: a.after, source: sources[a.id] ?? '' }));
    saveEdits(this.deps.storage, lesson.id, lesson.hash, edited, this.now(), { added, deleted: structure.deleted });
  }
}
