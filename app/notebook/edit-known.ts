// What one tab knows storage holds for its lesson's edits (page, plain
// TypeScript, tested through edit-sync.test.ts): per cell the code, base and
// revision it last read or wrote, and the structure it last saw. From that,
// `adoptRecord` takes a stored record into the tab's state (at load everything;
// from another tab only cells this tab has not changed) and `pendingEdits`
// finds what this tab changed since (what the next write sends). edit-sync.ts
// keeps the bookkeeping and calls these.
import type { CellId } from '../shared/brand.ts';
import { cellId } from '../shared/brand.ts';
import type { EditRecord } from './edit-record.ts';
import type { LocalCellEdit, LocalStructure } from './edit-merge.ts';
import type { NotebookLesson } from './lesson-view.ts';
import { emptyStructure, type Structure } from './structure.ts';

export type Sources = Readonly<Record<CellId, string>>;
export type Conflicts = Readonly<Record<CellId, { readonly savedBase: string }>>;

/** What storage held for a cell when this tab last read or wrote it (`rev` -1: stored code this tab's unsaved edit replaces). */
export interface KnownCell {
  readonly source: string;
  readonly base: string;
  readonly rev: number;
}

/** The tab's edits as the store holds them. */
export interface TabEdits {
  readonly sources: Sources;
  readonly conflicts: Conflicts;
  readonly structure: Structure;
}

/** Nothing read or written yet. */
export const unknownStructure = (): LocalStructure => ({ added: [], deleted: [], seenRev: 0, known: new Set() });

export interface Adopted extends TabEdits {
  /** The structure this tab now knows storage holds. */
  readonly knownStructure: LocalStructure;
  /** Lesson cell indexes another tab changed (why `other-tab` only). */
  readonly changed: readonly number[];
}

/**
 * Takes `record` into the tab's state: at load everything, from another tab only cells this tab
 * has not changed. Updates `known` for every cell it takes.
 */
export function adoptRecord(
  lesson: NotebookLesson,
  record: EditRecord | null,
  why: 'load' | 'other-tab',
  state: TabEdits,
  known: Map<CellId, KnownCell>,
  knownStructure: LocalStructure,
): Adopted {
  const sources: Record<CellId, string> = { ...state.sources };
  const conflicts = new Map<CellId, { savedBase: string }>();
  for (const cell of why === 'load' ? [] : lesson.cells) {
    const conflict = state.conflicts[cell.id];
    if (conflict !== undefined) conflicts.set(cell.id, conflict);
  }
  const changed: number[] = [];
  const take = (id: CellId, original: string, index: number | null): void => {
    const saved = record?.cells[id];
    const knownCell = known.get(id);
    if (why === 'other-tab' && saved?.rev === knownCell?.rev && saved?.source === knownCell?.source) return;
    const local = state.sources[id] ?? original;
    const unsaved = local !== (knownCell?.source ?? original);
    if (unsaved && local !== (saved?.source ?? original)) {
      // Typed here before this arrived: this tab's code stays and, written later, wins; the stored code then goes to unmatched.
      if (why === 'load' && saved !== undefined) known.set(id, { source: saved.source, base: saved.base, rev: -1 });
      return;
    }
    if (saved === undefined) known.delete(id);
    else known.set(id, { source: saved.source, base: saved.base, rev: saved.rev });
    const next = saved?.source ?? original;
    if (why === 'other-tab' && next !== local && index !== null) changed.push(index);
    sources[id] = next;
    conflicts.delete(id);
    if (saved !== undefined && saved.base !== original && saved.source !== original) conflicts.set(id, { savedBase: saved.base });
  };
  for (const cell of lesson.cells) take(cell.id, cell.source, cell.index);

  let structure = state.structure;
  let nextKnownStructure = knownStructure;
  const structureUnsaved = why === 'other-tab' && !sameStructure(state.structure, knownStructure);
  if (record !== null && !structureUnsaved && (why === 'load' || record.structureRev !== knownStructure.seenRev)) {
    const lessonIds = new Set<string>(lesson.cells.map((c) => c.id));
    structure = {
      added: record.added.map((a) => ({ id: cellId(a.id), kind: a.kind, after: a.after === null ? null : cellId(a.after) })),
      deleted: record.deleted.filter((d) => lessonIds.has(d)).map(cellId),
    };
    if (structure.added.length === 0 && structure.deleted.length === 0) structure = emptyStructure;
    nextKnownStructure = {
      added: structure.added,
      deleted: structure.deleted,
      seenRev: record.structureRev,
      known: new Set(structure.added.map((a) => a.id)),
    };
  }
  for (const a of structure.added) take(a.id, '', null);
  return { sources, conflicts: Object.fromEntries(conflicts), structure, knownStructure: nextKnownStructure, changed };
}

/** The cells (and the structure) this tab changed since it last read or wrote them. */
export function pendingEdits(
  lesson: NotebookLesson,
  state: TabEdits,
  known: ReadonlyMap<CellId, KnownCell>,
  knownStructure: LocalStructure,
): { edits: LocalCellEdit[]; structure: LocalStructure | null } {
  const { sources, conflicts, structure } = state;
  const edits: LocalCellEdit[] = [];
  const consider = (id: CellId, original: string): void => {
    const knownCell = known.get(id);
    const source = sources[id] ?? original;
    const base = conflicts[id]?.savedBase ?? original;
    const stored = knownCell?.source ?? original;
    if (source === stored && (knownCell === undefined || knownCell.base === base || source === original) && knownCell?.rev !== -1) return;
    edits.push({ id, source, base, seenRev: knownCell?.rev ?? 0, reset: source === original });
  };
  for (const cell of lesson.cells) consider(cell.id, cell.source);
  for (const a of structure.added) consider(a.id, '');
  const structureChanged = !sameStructure(structure, knownStructure);
  return {
    edits,
    structure: structureChanged
      ? { added: structure.added, deleted: structure.deleted, seenRev: knownStructure.seenRev, known: knownStructure.known }
      : null,
  };
}

function sameStructure(
  a: Structure,
  b: {
    readonly added: readonly { readonly id: string; readonly kind: string; readonly after: string | null }[];
    readonly deleted: readonly string[];
  },
): boolean {
  return (
    a.added.length === b.added.length &&
    a.deleted.length === b.deleted.length &&
    a.added.every((x, i) => x.id === b.added[i]?.id && x.kind === b.added[i]?.kind && x.after === b.added[i]?.after) &&
    a.deleted.every((d, i) => d === b.deleted[i])
  );
}
