// How one tab writes its edits into the saved record without dropping another
// tab's: only the cells this tab changed are written (read-modify-write of the
// stored record, per cell). When the stored cell has a revision this tab never
// saw and different code, both tabs changed the same cell: the later write (this
// one) wins and the other tab's code goes to the unmatched list, so the student
// can still take it back.
import type { CellId } from '../shared/brand.ts';
import { indexOf, type AddedCellShape, type EditRecord, type SavedCell, type UnmatchedEdit } from './edit-record.ts';

/** A cell this tab changed since it last read or wrote it. */
export interface LocalCellEdit {
  readonly id: CellId;
  readonly source: string;
  readonly base: string;
  /** The stored revision this tab last saw for the cell (0: none). */
  readonly seenRev: number;
  /** The edit is the lesson's code again (Reset cell): remove the saved cell. */
  readonly reset: boolean;
}

export interface LocalStructure {
  readonly added: readonly AddedCellShape[];
  readonly deleted: readonly string[];
  readonly seenRev: number;
  /** Added cells this tab knows of (loaded or made here); others in storage were added by another tab. */
  readonly known: ReadonlySet<string>;
}

export interface WriteResult {
  readonly record: EditRecord;
  /** Cells whose stored code, from another tab, this write replaced (now in `unmatched`). */
  readonly overwritten: readonly CellId[];
  /** The revision written for each cell (0: removed). */
  readonly revs: ReadonlyMap<CellId, number>;
}

export function writeLocalEdits(
  stored: EditRecord,
  edits: readonly LocalCellEdit[],
  structure: LocalStructure | null,
  tab: string,
  now: number,
  uid: () => string,
): WriteResult {
  const cells = new Map<string, SavedCell>(Object.entries(stored.cells));
  const unmatched: UnmatchedEdit[] = [...stored.unmatched];
  const overwritten: CellId[] = [];
  const revs = new Map<CellId, number>();
  for (const edit of edits) {
    const theirs = cells.get(edit.id);
    if (theirs !== undefined && theirs.rev !== edit.seenRev && theirs.source !== edit.source) {
      unmatched.push({
        uid: uid(),
        source: theirs.source,
        base: theirs.base,
        savedAt: theirs.savedAt,
        reason: 'other-tab',
        cellIndex: indexOf(edit.id),
      });
      overwritten.push(edit.id);
    }
    if (edit.reset) {
      cells.delete(edit.id);
      revs.set(edit.id, 0);
      continue;
    }
    const rev = Math.max(theirs?.rev ?? 0, edit.seenRev) + 1;
    cells.set(edit.id, { source: edit.source, base: edit.base, rev, savedAt: now, tab });
    revs.set(edit.id, rev);
  }
  let structurePart: Pick<EditRecord, 'added' | 'deleted' | 'structureRev'> = stored;
  if (structure !== null) {
    // Cells another tab added (unknown here) are kept after ours: adding is work too.
    const mine = new Set(structure.added.map((a) => a.id));
    const theirs = stored.added.filter((a) => !structure.known.has(a.id) && !mine.has(a.id));
    structurePart = {
      added: [...structure.added, ...theirs],
      deleted: structure.deleted,
      structureRev: Math.max(stored.structureRev, structure.seenRev) + 1,
    };
  }
  return { record: { ...stored, ...structurePart, savedAt: now, cells: Object.fromEntries(cells), unmatched }, overwritten, revs };
}
