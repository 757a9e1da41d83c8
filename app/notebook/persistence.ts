// Student edits are the one thing we must never lose. They are saved per
// lesson, with the lesson's content hash and each edited cell's original code
// ("base"), so that when a lesson file changes we can tell exactly which edits
// were made against code that no longer exists and flag them.
import type { LessonId } from '../shared/brand.ts';

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface SavedCellEdit {
  /** The student's code. */
  readonly source: string;
  /** The lesson's code for this cell when the student started editing it. */
  readonly base: string;
}

/** A cell the student added, with its code or Markdown (see structure.ts). */
export interface SavedAddedCell {
  readonly id: string;
  readonly kind: 'code' | 'markdown';
  readonly after: string | null;
  readonly source: string;
}

export interface SavedLessonEdits {
  readonly version: 1;
  readonly lessonHash: string;
  readonly savedAt: number;
  readonly cells: Readonly<Record<string, SavedCellEdit>>;
  /** Added later than `cells`; absent in older entries, which means none. */
  readonly added?: readonly SavedAddedCell[];
  /** Lesson cells the student deleted, oldest first. */
  readonly deleted?: readonly string[];
}

const keyFor = (lesson: LessonId): string => `qlab:edits:${lesson}`;

export function loadEdits(storage: KeyValueStorage, lesson: LessonId): SavedLessonEdits | null {
  const raw = storage.getItem(keyFor(lesson));
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isSavedLessonEdits(parsed) ? parsed : null;
  } catch {
    // A corrupt entry is kept under another key rather than overwritten, so a
    // human can still recover it from devtools.
    storage.setItem(`${keyFor(lesson)}:corrupt:${Date.now()}`, raw);
    return null;
  }
}

function isSavedLessonEdits(value: unknown): value is SavedLessonEdits {
  if (typeof value !== 'object' || value === null) return false;
  if (!('version' in value) || value.version !== 1) return false;
  if (!('lessonHash' in value) || typeof value.lessonHash !== 'string') return false;
  if (!('cells' in value) || typeof value.cells !== 'object' || value.cells === null) return false;
  if ('added' in value && !(Array.isArray(value.added) && value.added.every(isSavedAddedCell))) return false;
  if ('deleted' in value && !(Array.isArray(value.deleted) && value.deleted.every((d) => typeof d === 'string'))) return false;
  return Object.values(value.cells).every(
    (c: unknown) =>
      typeof c === 'object' && c !== null && 'source' in c && typeof c.source === 'string' && 'base' in c && typeof c.base === 'string',
  );
}

function isSavedAddedCell(c: unknown): c is SavedAddedCell {
  return (
    typeof c === 'object' &&
    c !== null &&
    'id' in c &&
    typeof c.id === 'string' &&
    'kind' in c &&
    (c.kind === 'code' || c.kind === 'markdown') &&
    'after' in c &&
    (c.after === null || typeof c.after === 'string') &&
    'source' in c &&
    typeof c.source === 'string'
  );
}

/** In-memory storage for tests and for browsers where localStorage is blocked. */
export class MemoryStorage implements KeyValueStorage {
  private readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
  keys(): string[] {
    return [...this.map.keys()];
  }
}
