// The saved form of a student's work on one lesson (schema version 2), and the
// migration of version 1 (position-keyed, written by earlier releases to
// localStorage). Plain data: the same record lives in IndexedDB or, as a
// fallback, in localStorage under `qlab:edits:<lesson>`.
//
// Cells are keyed by their CellId *in the lesson version `lessonHash`*; with
// `cellHashes` (each lesson cell's code fingerprint at that version) and
// `cellKeys` (their `id=` attributes) edit-matcher.ts can move every edit to
// the right cell of a newer version of the lesson, or list it as unmatched.
import { fnv1a64 } from '../lesson/hash.ts';
import type { LessonId } from '../shared/brand.ts';
import type { NotebookLesson } from './lesson-view.ts';
import type { SavedAddedCell, SavedLessonEdits } from './persistence.ts';

export interface SavedCell {
  /** The student's code. */
  readonly source: string;
  /** The lesson's code for this cell when the student started editing it ('' for a cell the student added). */
  readonly base: string;
  /** Bumped by every write of this cell, by any tab: a tab that saw another revision did not see the last write. */
  readonly rev: number;
  readonly savedAt: number;
  /** The tab that wrote it (a random id per page load). */
  readonly tab: string;
}

/** Why an edit has no cell: the lesson changed under it, another tab saved the same cell later, or another edit was applied over it. */
export type UnmatchedReason = 'lesson-changed' | 'other-tab' | 'replaced';

/** An edit with no certain cell to sit on: shown in the "Unmatched edits" list until the student applies or discards it. */
export interface UnmatchedEdit {
  readonly uid: string;
  readonly source: string;
  /** The lesson's code the edit was made from. */
  readonly base: string;
  readonly savedAt: number;
  readonly reason: UnmatchedReason;
  /** The cell's number (`Cell N`) where the edit was made, in the lesson version it was made against. */
  readonly cellIndex: number | null;
}

export interface AddedCellShape {
  readonly id: string;
  readonly kind: 'code' | 'markdown';
  readonly after: string | null;
}

export interface EditRecord {
  readonly version: 2;
  readonly lesson: string;
  readonly lessonHash: string;
  readonly savedAt: number;
  /** Fingerprint of each lesson code cell's original code at `lessonHash`, in order; null for a record migrated from version 1. */
  readonly cellHashes: readonly string[] | null;
  /** Each lesson code cell's `id=` attribute at `lessonHash` (null: none), or null for a migrated record. */
  readonly cellKeys: readonly (string | null)[] | null;
  /** Lesson cells the student edited and cells the student added (their code), by CellId. */
  readonly cells: Readonly<Record<string, SavedCell>>;
  readonly added: readonly AddedCellShape[];
  readonly deleted: readonly string[];
  readonly structureRev: number;
  readonly unmatched: readonly UnmatchedEdit[];
}

export const fingerprint = (code: string): string => fnv1a64(code);

export function emptyRecord(lesson: NotebookLesson, now: number): EditRecord {
  return {
    version: 2,
    lesson: lesson.id,
    lessonHash: lesson.hash,
    savedAt: now,
    cellHashes: lesson.cells.map((c) => fingerprint(c.source)),
    cellKeys: lesson.cells.map((c) => c.key ?? null),
    cells: {},
    added: [],
    deleted: [],
    structureRev: 0,
    unmatched: [],
  };
}

/** A record with nothing worth keeping is deleted rather than written. */
export const isEmptyRecord = (r: EditRecord): boolean =>
  Object.keys(r.cells).length === 0 && r.added.length === 0 && r.deleted.length === 0 && r.unmatched.length === 0;

/** A version 1 entry (cells keyed by position, no fingerprints of the other cells) as a version 2 record. */
export function fromVersion1(v1: SavedLessonEdits, lesson: LessonId): EditRecord {
  const cells: Record<string, SavedCell> = {};
  for (const [id, c] of Object.entries(v1.cells)) cells[id] = { source: c.source, base: c.base, rev: 1, savedAt: v1.savedAt, tab: 'v1' };
  for (const a of v1.added ?? []) cells[a.id] = { source: a.source, base: '', rev: 1, savedAt: v1.savedAt, tab: 'v1' };
  return {
    version: 2,
    lesson,
    lessonHash: v1.lessonHash,
    savedAt: v1.savedAt,
    cellHashes: null,
    cellKeys: null,
    cells,
    added: (v1.added ?? []).map((a: SavedAddedCell) => ({ id: a.id, kind: a.kind, after: a.after })),
    deleted: v1.deleted ?? [],
    structureRev: 1,
    unmatched: [],
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isSavedCell(c: unknown): c is SavedCell {
  return isObject(c) && isString(c['source']) && isString(c['base']) && isNumber(c['rev']) && isNumber(c['savedAt']) && isString(c['tab']);
}

function isUnmatched(u: unknown): u is UnmatchedEdit {
  return (
    isObject(u) &&
    isString(u['uid']) &&
    isString(u['source']) &&
    isString(u['base']) &&
    isNumber(u['savedAt']) &&
    (u['reason'] === 'lesson-changed' || u['reason'] === 'other-tab' || u['reason'] === 'replaced') &&
    (u['cellIndex'] === null || isNumber(u['cellIndex']))
  );
}

function isAdded(a: unknown): a is AddedCellShape {
  return (
    isObject(a) && isString(a['id']) && (a['kind'] === 'code' || a['kind'] === 'markdown') && (a['after'] === null || isString(a['after']))
  );
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isKeyList = (v: unknown): v is (string | null)[] => Array.isArray(v) && v.every((k) => k === null || isString(k));

export function isEditRecord(v: unknown): v is EditRecord {
  return (
    isObject(v) &&
    v['version'] === 2 &&
    isString(v['lesson']) &&
    isString(v['lessonHash']) &&
    isNumber(v['savedAt']) &&
    (v['cellHashes'] === null || isStringList(v['cellHashes'])) &&
    (v['cellKeys'] === null || isKeyList(v['cellKeys'])) &&
    isObject(v['cells']) &&
    Object.values(v['cells']).every(isSavedCell) &&
    Array.isArray(v['added']) &&
    v['added'].every(isAdded) &&
    isStringList(v['deleted']) &&
    isNumber(v['structureRev']) &&
    Array.isArray(v['unmatched']) &&
    v['unmatched'].every(isUnmatched)
  );
}

/**
 * Two records of the same lesson (IndexedDB's and the localStorage fallback's):
 * per cell the higher revision wins; the same revision with different code
 * (two writers that never saw each other) keeps the later one and lists the
 * other as unmatched, so neither is lost.
 */
export function mergeRecords(a: EditRecord | null, b: EditRecord | null, uid: () => string): EditRecord | null {
  if (a === null || b === null) return a ?? b;
  if (a.lessonHash !== b.lessonHash) {
    // Different lesson versions: keep the newer record whole and the other's edits as unmatched.
    const [newer, older] = a.savedAt >= b.savedAt ? [a, b] : [b, a];
    const lost = Object.entries(older.cells)
      .filter(([id, c]) => newer.cells[id]?.source !== c.source)
      .map(
        ([id, c]): UnmatchedEdit => ({
          uid: uid(),
          source: c.source,
          base: c.base,
          savedAt: c.savedAt,
          reason: 'lesson-changed',
          cellIndex: indexOf(id),
        }),
      );
    return { ...newer, unmatched: uniqueUnmatched([...newer.unmatched, ...older.unmatched, ...lost]) };
  }
  const cells: Record<string, SavedCell> = { ...a.cells };
  const unmatched: UnmatchedEdit[] = [...a.unmatched, ...b.unmatched];
  for (const [id, theirs] of Object.entries(b.cells)) {
    const mine = cells[id];
    if (mine === undefined || theirs.rev > mine.rev) cells[id] = theirs;
    if (mine === undefined || mine.source === theirs.source || mine.rev !== theirs.rev) continue;
    const [later, earlier] = mine.savedAt >= theirs.savedAt ? [mine, theirs] : [theirs, mine];
    cells[id] = later;
    unmatched.push({
      uid: uid(),
      source: earlier.source,
      base: earlier.base,
      savedAt: earlier.savedAt,
      reason: 'other-tab',
      cellIndex: indexOf(id),
    });
  }
  const [structure] = a.structureRev >= b.structureRev ? [a, b] : [b, a];
  return {
    ...a,
    savedAt: Math.max(a.savedAt, b.savedAt),
    cells,
    added: structure.added,
    deleted: structure.deleted,
    structureRev: structure.structureRev,
    unmatched: uniqueUnmatched(unmatched),
  };
}

/** `lesson/c7` → 7; added cells (`lesson/new2`) have no lesson number. */
export function indexOf(id: string): number | null {
  const m = /\/c(\d+)$/.exec(id);
  return m === null ? null : Number(m[1]);
}

/** The same edit listed twice (both records had it) is shown once. */
function uniqueUnmatched(list: readonly UnmatchedEdit[]): UnmatchedEdit[] {
  const seen = new Set<string>();
  return list.filter((u) => {
    const key = `${u.uid}\u0000${u.source}\u0000${u.base}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
