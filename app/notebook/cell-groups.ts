// Which added cells sit under each lesson cell, and their "New cell N" labels,
// computed once per (lesson, structure) and shared by every cell group: each
// group computing the whole order itself made rendering a big lesson quadratic.
import type { CellId } from '../shared/brand.ts';
import type { NotebookLesson } from './lesson-view.ts';
import { orderCells, type AddedCell, type Structure } from './structure.ts';

export interface CellGroups {
  /** Added cells after a lesson cell (null: before the first), in display order. */
  readonly under: ReadonlyMap<CellId | null, readonly AddedCell[]>;
  /** Added cells whose anchor the lesson no longer has (shown after the last cell). */
  readonly orphans: readonly AddedCell[];
  readonly labels: ReadonlyMap<CellId, string>;
  readonly deleted: ReadonlySet<CellId>;
}

const cache = new WeakMap<Structure, { lesson: NotebookLesson; groups: CellGroups }>();

export function cellGroups(lesson: NotebookLesson, structure: Structure): CellGroups {
  const hit = cache.get(structure);
  if (hit?.lesson === lesson) return hit.groups;
  const order = orderCells(lesson, structure);
  const labels = new Map<CellId, string>();
  for (const c of order) if (c.kind === 'added') labels.set(c.id, `New cell ${labels.size + 1}`);
  const lessonIds = new Set<CellId>(lesson.cells.map((c) => c.id));
  const under = new Map<CellId | null, AddedCell[]>();
  const orphans: AddedCell[] = [];
  for (const a of structure.added) {
    if (a.after !== null && !lessonIds.has(a.after)) orphans.push(a);
    else under.set(a.after, [...(under.get(a.after) ?? []), a]);
  }
  const groups = { under, orphans, labels, deleted: new Set(structure.deleted) };
  cache.set(structure, { lesson, groups });
  return groups;
}
