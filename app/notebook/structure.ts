// The notebook's cell structure beyond the lesson's own cells: cells the
// student added (code or Markdown) and lesson cells the student deleted.
// Lesson cells keep their ids and positions; an added cell is anchored after
// a lesson cell (or before the first one), so it stays where the student put
// it even when the lesson's Markdown around it changes.
import type { CellId } from '../shared/brand.ts';
import type { NotebookCell, NotebookLesson } from './lesson-view.ts';

export type CellKind = 'code' | 'markdown';

export interface AddedCell {
  readonly id: CellId;
  readonly kind: CellKind;
  /** The lesson cell this one follows; null: before the first lesson cell. */
  readonly after: CellId | null;
}

export interface Structure {
  /** In display order among cells with the same `after`. */
  readonly added: readonly AddedCell[];
  /** Lesson cells the student deleted, oldest first (hidden, restorable). */
  readonly deleted: readonly CellId[];
}

export const emptyStructure: Structure = { added: [], deleted: [] };

export type OrderedCell =
  | { readonly kind: 'lesson'; readonly id: CellId; readonly cell: NotebookCell; readonly deleted: boolean }
  | { readonly kind: 'added'; readonly id: CellId; readonly cell: AddedCell };

/**
 * Every cell in display order, deleted lesson cells included (they still
 * anchor added cells). Added cells whose anchor is gone from the lesson (a
 * new lesson version) go last rather than being dropped.
 */
export function orderCells(lesson: NotebookLesson, structure: Structure): OrderedCell[] {
  const deleted = new Set(structure.deleted);
  const lessonIds = new Set(lesson.cells.map((c) => c.id));
  const group = (after: CellId | null): OrderedCell[] =>
    structure.added.filter((a) => a.after === after).map((cell) => ({ kind: 'added', id: cell.id, cell }));
  const order: OrderedCell[] = group(null);
  for (const cell of lesson.cells) {
    order.push({ kind: 'lesson', id: cell.id, cell, deleted: deleted.has(cell.id) }, ...group(cell.id));
  }
  for (const a of structure.added) if (a.after !== null && !lessonIds.has(a.after)) order.push({ kind: 'added', id: a.id, cell: a });
  return order;
}

/** The cells the student sees, in order. */
export const visibleCells = (lesson: NotebookLesson, structure: Structure): OrderedCell[] =>
  orderCells(lesson, structure).filter((c) => c.kind === 'added' || !c.deleted);

/**
 * Structure with `cell` inserted right above or below `target` (a lesson or
 * added cell). Returns null when the target is not in the notebook.
 */
export function insertCell(
  lesson: NotebookLesson,
  structure: Structure,
  target: CellId,
  where: 'above' | 'below',
  cell: { id: CellId; kind: CellKind },
): Structure | null {
  const added = [...structure.added];
  const targetAdded = added.findIndex((a) => a.id === target);
  if (targetAdded >= 0) {
    const anchor = added[targetAdded]!.after;
    added.splice(where === 'above' ? targetAdded : targetAdded + 1, 0, { ...cell, after: anchor });
    return { ...structure, added };
  }
  const lessonIndex = lesson.cells.findIndex((c) => c.id === target);
  if (lessonIndex < 0) return null;
  if (where === 'below') {
    // First in the target's group: directly under it.
    const first = added.findIndex((a) => a.after === target);
    added.splice(first < 0 ? added.length : first, 0, { ...cell, after: target });
  } else {
    // Last in the previous lesson cell's group: directly above the target.
    const anchor = lesson.cells[lessonIndex - 1]?.id ?? null;
    const last = added.findLastIndex((a) => a.after === anchor);
    added.splice(last < 0 ? added.length : last + 1, 0, { ...cell, after: anchor });
  }
  return { ...structure, added };
}

/**
 * What deleting a cell took away, so Z can put it back exactly: an added
 * cell remembers the cell it followed (`prev`, in the full order, hidden
 * lesson cells included) and goes back right after it, wherever that cell
 * has moved since; `index` is the fallback when `prev` is gone too.
 */
export type Removal =
  | { readonly kind: 'lesson'; readonly id: CellId }
  | { readonly kind: 'added'; readonly cell: AddedCell; readonly index: number; readonly prev: CellId | null; readonly source: string };

export function removeCell(
  lesson: NotebookLesson,
  structure: Structure,
  id: CellId,
  source: string,
): { structure: Structure; removal: Removal } | null {
  const index = structure.added.findIndex((a) => a.id === id);
  if (index >= 0) {
    const cell = structure.added[index]!;
    const order = orderCells(lesson, structure);
    const prev = order[order.findIndex((c) => c.id === id) - 1]?.id ?? null;
    return {
      structure: { ...structure, added: structure.added.filter((a) => a.id !== id) },
      removal: { kind: 'added', cell, index, prev, source },
    };
  }
  if (!lesson.cells.some((c) => c.id === id) || structure.deleted.includes(id)) return null;
  return { structure: { ...structure, deleted: [...structure.deleted, id] }, removal: { kind: 'lesson', id } };
}

export function restoreCell(structure: Structure, removal: Removal): Structure {
  if (removal.kind === 'lesson') return { ...structure, deleted: structure.deleted.filter((d) => d !== removal.id) };
  const added = [...structure.added];
  const prevAdded = added.findIndex((a) => a.id === removal.prev);
  if (prevAdded >= 0) {
    // Right after the added cell it followed, in that cell's group.
    added.splice(prevAdded + 1, 0, { ...removal.cell, after: added[prevAdded]!.after });
    return { ...structure, added };
  }
  // It followed its anchor (a lesson cell, or the top): first of its group.
  const first = added.findIndex((a) => a.after === removal.cell.after);
  added.splice(first >= 0 ? first : Math.min(removal.index, added.length), 0, removal.cell);
  return { ...structure, added };
}

/**
 * The cell a move of `id` would pass: the visible cell before (up) or after
 * (down) it. Only cells the student added move; lesson cells keep the
 * lesson's order (see CONTEXT.md). Null when `id` cannot move that way.
 */
export function moveNeighbour(lesson: NotebookLesson, structure: Structure, id: CellId, direction: 'up' | 'down'): CellId | null {
  if (!structure.added.some((a) => a.id === id)) return null;
  const visible = visibleCells(lesson, structure);
  const at = visible.findIndex((c) => c.id === id);
  return visible[at + (direction === 'up' ? -1 : 1)]?.id ?? null;
}

/**
 * Structure with the added cell `id` moved one visible place up or down:
 * taken out and put right above (up) or below (down) the cell it passes, so
 * passing a lesson cell re-anchors it. Null when it cannot move.
 */
export function moveCell(lesson: NotebookLesson, structure: Structure, id: CellId, direction: 'up' | 'down'): Structure | null {
  const neighbour = moveNeighbour(lesson, structure, id, direction);
  const cell = structure.added.find((a) => a.id === id);
  if (neighbour === null || cell === undefined) return null;
  const without = { ...structure, added: structure.added.filter((a) => a.id !== id) };
  return insertCell(lesson, without, neighbour, direction === 'up' ? 'above' : 'below', { id, kind: cell.kind });
}

export function setKind(structure: Structure, id: CellId, kind: CellKind): Structure | null {
  if (!structure.added.some((a) => a.id === id)) return null;
  return { ...structure, added: structure.added.map((a) => (a.id === id ? { ...a, kind } : a)) };
}
