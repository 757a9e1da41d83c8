// Moves saved edits onto the cells of a new version of their lesson. Edits are
// saved by cell position in the version they were made against; when a lesson
// file changes (a cell inserted above, cells reordered or rewritten) the same
// position can be another cell. The rules, first that applies:
//
// 1. Same lesson version (same file hash): the same position, certainly.
// 2. Same `id=` attribute: the author declared it the same cell. If its code
//    changed, the edit is flagged as a conflict (the cell shows both codes).
// 3. Same code fingerprint, matched through an alignment of the two versions'
//    fingerprint sequences (longest common subsequence), or unique on both
//    sides (a cell that moved).
// 4. A one-for-one replacement between two aligned neighbours (the cell was
//    rewritten in place; its old code and its new code are found nowhere else,
//    and no cells were added or removed besides): the edit goes there, flagged
//    as a conflict. From content alone this is the one rule that can be wrong
//    (a cell rewritten *and* moved into the place of another rewritten one);
//    the student sees both codes and the conflict notice.
// 5. Anything else is not certain: the edit is kept in the record's unmatched
//    list, which the notebook shows, never guessed onto a cell.
//
// An edit lands silently only on a cell whose original code is exactly what the
// student started from; everything else is flagged or listed. `id=` makes it certain.
import type { CellId } from '../shared/brand.ts';
import { fingerprint, indexOf, type AddedCellShape, type EditRecord, type SavedCell, type UnmatchedEdit } from './edit-record.ts';
import type { NotebookLesson } from './lesson-view.ts';

export type MatchHow = 'key' | 'fingerprint' | 'replaced';

/** Old position (0-based) → new position, and which rule made the match. */
export type CellMapping = ReadonlyMap<number, { readonly to: number; readonly how: MatchHow }>;

/** Longest common subsequence of two fingerprint lists as index pairs; common ends are taken first so typical edits stay cheap. */
export function alignFingerprints(a: readonly string[], b: readonly string[]): [number, number][] {
  const pairs: [number, number][] = [];
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) pairs.push([start, start++]);
  let endA = a.length;
  let endB = b.length;
  const tail: [number, number][] = [];
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) tail.push([--endA, --endB]);
  const n = endA - start;
  const m = endB - start;
  // The middle by dynamic programming; beyond this size (a rewritten lesson) the unique-fingerprint rule still applies.
  if (n > 0 && m > 0 && n * m <= 4_000_000) {
    const width = m + 1;
    const table = new Uint16Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        table[i * width + j] =
          a[start + i] === b[start + j]
            ? table[(i + 1) * width + j + 1]! + 1
            : Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (a[start + i] === b[start + j]) {
        pairs.push([start + i, start + j]);
        i++;
        j++;
      } else if (table[(i + 1) * width + j]! >= table[i * width + j + 1]!) i++;
      else j++;
    }
  }
  return [...pairs, ...tail.reverse()];
}

/**
 * Maps old cell positions to new ones. `oldHashes`/`oldKeys` may be null (a
 * record migrated from version 1 knows only the edited cells' code, given in
 * `knownOld`).
 */
export function mapCells(
  oldCount: number,
  oldHashes: readonly string[] | null,
  oldKeys: readonly (string | null)[] | null,
  knownOld: ReadonlyMap<number, string>,
  lesson: NotebookLesson,
): CellMapping {
  const newHashes = lesson.cells.map((c) => fingerprint(c.source));
  const newKeys = lesson.cells.map((c) => c.key ?? null);
  const mapping = new Map<number, { to: number; how: MatchHow }>();
  const claimed = new Set<number>();
  const claim = (from: number, to: number, how: MatchHow): void => {
    mapping.set(from, { to, how });
    claimed.add(to);
  };
  const hashOf = (i: number): string | undefined => oldHashes?.[i] ?? knownOld.get(i);
  const keyOf = (i: number): string | null => oldKeys?.[i] ?? null;
  // A new cell with an id can only take an old cell with the same id (or one from a version without ids there).
  const compatible = (i: number, j: number): boolean => newKeys[j] === null || keyOf(i) === null || newKeys[j] === keyOf(i);

  // 2. Declared identity.
  const byKey = new Map<string, number>();
  newKeys.forEach((k, j) => k !== null && byKey.set(k, j));
  for (let i = 0; i < oldCount; i++) {
    const k = keyOf(i);
    const j = k === null ? undefined : byKey.get(k);
    if (j !== undefined) claim(i, j, 'key');
  }

  // 3a. Aligned equal fingerprints.
  const aligned = oldHashes === null ? [] : alignFingerprints(oldHashes, newHashes);
  for (const [i, j] of aligned) if (!mapping.has(i) && !claimed.has(j) && compatible(i, j)) claim(i, j, 'fingerprint');

  // 3b. A fingerprint found once among the unmatched old cells and once among the unclaimed new ones: the cell moved.
  const count = (list: Iterable<string | undefined>): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const h of list) if (h !== undefined) counts.set(h, (counts.get(h) ?? 0) + 1);
    return counts;
  };
  const oldFree = [...Array(oldCount).keys()].filter((i) => !mapping.has(i));
  const newFree = newHashes.map((_, j) => j).filter((j) => !claimed.has(j));
  const oldCounts = count(oldFree.map(hashOf));
  const newCounts = count(newFree.map((j) => newHashes[j]));
  const newByHash = new Map(newFree.map((j) => [newHashes[j]!, j]));
  for (const i of oldFree) {
    const h = hashOf(i);
    if (h === undefined || oldCounts.get(h) !== 1 || newCounts.get(h) !== 1) continue;
    const j = newByHash.get(h)!;
    if (compatible(i, j)) claim(i, j, 'fingerprint');
  }

  // 4. Rewritten in place: exactly one old and one new cell between two aligned neighbours, and
  //    neither code is found in the other version (else the cell more likely moved or was duplicated).
  //    Only when as many old cells as new ones are left over: with cells deleted or added as well, a
  //    rewritten-and-moved cell can look like a rewrite in place, and content alone cannot tell.
  const leftOld = [...Array(oldCount).keys()].filter((i) => !mapping.has(i)).length;
  const leftNew = lesson.cells.length - claimed.size;
  if (oldHashes !== null && leftOld === leftNew) {
    const oldSet = new Set(oldHashes);
    const newSet = new Set(newHashes);
    const anchors: [number, number][] = [[-1, -1], ...aligned, [oldCount, lesson.cells.length]];
    for (let k = 0; k + 1 < anchors.length; k++) {
      const [i0, j0] = anchors[k]!;
      const [i1, j1] = anchors[k + 1]!;
      if (i1 - i0 !== 2 || j1 - j0 !== 2) continue;
      const i = i0 + 1;
      const j = j0 + 1;
      // An old cell with an id the new version lacks was renamed or removed by the author: not certain.
      if (mapping.has(i) || claimed.has(j) || keyOf(i) !== null) continue;
      if (!newSet.has(oldHashes[i]!) && !oldSet.has(newHashes[j]!)) claim(i, j, 'replaced');
    }
  }
  return mapping;
}

const cellIdAt = (lesson: NotebookLesson, position: number): CellId | undefined => lesson.cells[position]?.id;

/**
 * The record re-keyed for `lesson`'s version: every edit either on a cell (see
 * the rules above) or appended to `unmatched`. Added cells keep their code; an
 * added cell whose anchor cannot be placed is anchored nowhere (shown last).
 */
export function rebaseRecord(record: EditRecord, lesson: NotebookLesson, now: number, uid: () => string): EditRecord {
  const prefix = `${lesson.id}/c`;
  const positionOf = (id: string): number | null => (id.startsWith(prefix) ? (indexOf(id) ?? 0) - 1 : null);
  const fresh = {
    lessonHash: lesson.hash,
    cellHashes: lesson.cells.map((c) => fingerprint(c.source)),
    cellKeys: lesson.cells.map((c) => c.key ?? null),
  };
  if (record.lessonHash === lesson.hash) return record.cellHashes === null ? { ...record, ...fresh } : record;

  const knownOld = new Map<number, string>();
  let oldCount = record.cellHashes?.length ?? 0;
  for (const [id, c] of Object.entries(record.cells)) {
    const p = positionOf(id);
    if (p === null || p < 0) continue;
    knownOld.set(p, fingerprint(c.base));
    oldCount = Math.max(oldCount, p + 1);
  }
  for (const id of [...record.deleted, ...record.added.map((a) => a.after ?? '')]) {
    const p = positionOf(id);
    if (p !== null && p >= 0) oldCount = Math.max(oldCount, p + 1);
  }
  const mapping = mapCells(oldCount, record.cellHashes, record.cellKeys, knownOld, lesson);
  const moved = (id: string): CellId | undefined => {
    const p = positionOf(id);
    const to = p === null ? undefined : mapping.get(p)?.to;
    return to === undefined ? undefined : cellIdAt(lesson, to);
  };

  const cells: Record<string, SavedCell> = {};
  const unmatched: UnmatchedEdit[] = [...record.unmatched];
  for (const [id, c] of Object.entries(record.cells)) {
    if (positionOf(id) === null) {
      cells[id] = c; // an added cell: its id does not depend on the lesson
      continue;
    }
    const target = moved(id);
    if (target !== undefined) cells[target] = c;
    else
      unmatched.push({ uid: uid(), source: c.source, base: c.base, savedAt: c.savedAt, reason: 'lesson-changed', cellIndex: indexOf(id) });
  }
  const added = record.added.map((a): AddedCellShape => {
    if (a.after === null || positionOf(a.after) === null) return a;
    // An anchor that cannot be placed must not point at whatever cell now has its old position.
    return { ...a, after: moved(a.after) ?? `${lesson.id}/gone-${a.after.slice(prefix.length)}` };
  });
  const deleted = record.deleted.flatMap((d) => {
    const target = moved(d);
    return target === undefined ? [] : [target];
  });
  return { ...record, ...fresh, savedAt: now, cells, added, deleted, unmatched };
}
