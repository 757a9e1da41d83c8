// The saved form of a lesson's last outputs (schema version 1), one record per
// lesson, kept apart from the edit record (edit-record.ts) so that outputs,
// which a run can always make again, never stand in the way of the student's
// code. Cells are keyed like edits: by CellId in the lesson version
// `lessonHash`, with each lesson cell's code fingerprint and `id=` so the
// outputs follow their cell to a new version of the lesson (edit-matcher.ts).
// Outputs are stored as the page already holds them (checked by
// app/kernel/client/output-check.ts when they arrived); when read back they are
// checked again, since storage is outside the running page's control.
import { checkOutput } from '../kernel/client/output-check.ts';
import type { CellOutput } from '../kernel/protocol.ts';
import type { CellId } from '../shared/brand.ts';
import { fingerprint, indexOf } from './edit-record.ts';
import { mapCells } from './edit-matcher.ts';
import type { NotebookLesson } from './lesson-view.ts';

/** How a cell's last run ended: only finished runs are kept. */
export type SavedStatus = 'ok' | 'error';

export interface SavedCellOutputs {
  readonly outputs: readonly CellOutput[];
  /** The cell's `[n]` in the kernel session that made these outputs. */
  readonly execCount: number | null;
  readonly status: SavedStatus;
  readonly savedAt: number;
}

export interface OutputRecord {
  readonly version: 1;
  readonly lesson: string;
  readonly lessonHash: string;
  readonly savedAt: number;
  /** Fingerprint of each lesson cell's original code at `lessonHash`, in order (as EditRecord.cellHashes). */
  readonly cellHashes: readonly string[];
  /** Each lesson cell's `id=` attribute at `lessonHash` (null: none). */
  readonly cellKeys: readonly (string | null)[];
  /** By CellId, in lesson order: the order the budget (saved-output-budget.ts) reads them in. */
  readonly cells: Readonly<Record<string, SavedCellOutputs>>;
}

/** Fingerprints and keys of a lesson's cells, computed once per lesson (every write of a 2,000-cell lesson needs them). */
const identities = new WeakMap<NotebookLesson, { readonly cellHashes: readonly string[]; readonly cellKeys: readonly (string | null)[] }>();

export function emptyOutputRecord(lesson: NotebookLesson, now: number): OutputRecord {
  let identity = identities.get(lesson);
  if (identity === undefined) {
    identity = { cellHashes: lesson.cells.map((c) => fingerprint(c.source)), cellKeys: lesson.cells.map((c) => c.key ?? null) };
    identities.set(lesson, identity);
  }
  return { version: 1, lesson: lesson.id, lessonHash: lesson.hash, savedAt: now, ...identity, cells: {} };
}

export const isEmptyOutputRecord = (r: OutputRecord): boolean => Object.keys(r.cells).length === 0;

type Data = Record<string, unknown>;
const isRecord = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
/** More outputs than this in one saved cell is not something the kernel's budgets let a run make. */
const MAX_SAVED_OUTPUTS = 100_000;

function readCell(v: unknown): SavedCellOutputs | null {
  if (!isRecord(v)) return null;
  const { outputs, execCount, status, savedAt } = v;
  if (!Array.isArray(outputs) || outputs.length > MAX_SAVED_OUTPUTS) return null;
  if (execCount !== null && !isCount(execCount)) return null;
  if (status !== 'ok' && status !== 'error') return null;
  if (typeof savedAt !== 'number' || !Number.isFinite(savedAt)) return null;
  // A stored output of the wrong shape becomes the same notice a forged kernel message gets.
  return { outputs: outputs.map(checkOutput), execCount, status, savedAt };
}

/**
 * A stored value read back as a record, or null when it is not one (another
 * release's format, corrupt, or tampered with): outputs are then simply not
 * restored; nothing the student typed depends on them.
 */
export function readOutputRecord(value: unknown): OutputRecord | null {
  if (!isRecord(value) || value['version'] !== 1) return null;
  const { lesson, lessonHash, savedAt, cellHashes, cellKeys, cells } = value;
  if (typeof lesson !== 'string' || typeof lessonHash !== 'string' || typeof savedAt !== 'number') return null;
  if (!Array.isArray(cellHashes) || !cellHashes.every((h): h is string => typeof h === 'string')) return null;
  if (!Array.isArray(cellKeys) || !cellKeys.every((k): k is string | null => k === null || typeof k === 'string')) return null;
  if (cellKeys.length !== cellHashes.length || !isRecord(cells)) return null;
  const read: Record<string, SavedCellOutputs> = {};
  for (const [id, c] of Object.entries(cells)) {
    const cell = readCell(c);
    if (cell !== null) read[id] = cell;
  }
  return { version: 1, lesson, lessonHash, savedAt, cellHashes, cellKeys, cells: read };
}

/**
 * The record re-keyed for `lesson`'s version. A lesson cell's outputs follow it
 * when edit-matcher.ts is certain it is the same cell with the same code
 * (same `id=`, or the same code fingerprint); outputs of a cell the author
 * rewrote, or that cannot be placed, are dropped: they were made by code the
 * lesson no longer has, and a run makes them again. Added cells keep theirs.
 */
export function rebaseOutputs(record: OutputRecord, lesson: NotebookLesson, now: number): OutputRecord {
  if (record.lessonHash === lesson.hash) return record;
  const fresh = emptyOutputRecord(lesson, now);
  const prefix = `${lesson.id}/c`;
  const positionOf = (id: string): number | null => (id.startsWith(prefix) ? (indexOf(id) ?? 0) - 1 : null);
  const mapping = mapCells(record.cellHashes.length, record.cellHashes, record.cellKeys, new Map(), lesson);
  const cells: Record<string, SavedCellOutputs> = {};
  for (const [id, c] of Object.entries(record.cells)) {
    const p = positionOf(id);
    if (p === null) {
      cells[id] = c;
      continue;
    }
    const match = mapping.get(p);
    const target = match === undefined ? undefined : lesson.cells[match.to];
    if (target === undefined || fingerprint(target.source) !== record.cellHashes[p]) continue;
    cells[target.id] = c;
  }
  return { ...fresh, cells: orderedCells(lesson, cells) };
}

/** `cells` with lesson cells in lesson order first, then added cells in the order given. */
export function orderedCells(lesson: NotebookLesson, cells: Readonly<Record<string, SavedCellOutputs>>): Record<string, SavedCellOutputs> {
  return ordered(lesson, new Map(Object.entries(cells)));
}

function ordered(lesson: NotebookLesson, cells: Map<string, SavedCellOutputs>): Record<string, SavedCellOutputs> {
  const entries: [string, SavedCellOutputs][] = [];
  for (const c of lesson.cells) {
    const saved = cells.get(c.id);
    if (saved === undefined) continue;
    entries.push([c.id, saved]);
    cells.delete(c.id);
  }
  entries.push(...cells);
  return Object.fromEntries(entries);
}

/** A cell's changes in one write: its new outputs, or null to forget them (cleared, reset, not run). */
export type OutputChange = ReadonlyMap<CellId, SavedCellOutputs | null>;

export function applyOutputChanges(record: OutputRecord, lesson: NotebookLesson, changes: OutputChange, now: number): OutputRecord {
  const cells = new Map<string, SavedCellOutputs>(Object.entries(record.cells));
  for (const [id, change] of changes) {
    if (change === null) cells.delete(id);
    else cells.set(id, change);
  }
  return { ...record, savedAt: now, cells: ordered(lesson, cells) };
}
