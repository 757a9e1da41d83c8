// Which cells' "+ Code / + Text" bars are in the page (page only): the bar under the
// cell the pointer or the keyboard focus is in, and the bar under the cell before it
// (Shift-Tab from a cell's first control reaches it, as before; Tab cannot leave a code
// editor, it indents). Before either moves: the bar under the first cell. A bar under
// each of 2,000 cells, even empty and invisible, cost about 2 s of a big lesson's first
// render. CellGroup reads this with useSyncExternalStore, so a move re-renders a few groups.
import { cellId, type CellId } from '../../shared/brand.ts';

let targets: readonly CellId[] = [];
const listeners = new Set<() => void>();

export const insertTargets = (): readonly CellId[] => targets;

export function setInsertTargets(ids: readonly CellId[]): void {
  if (ids.length === targets.length && ids.every((id, i) => id === targets[i])) return;
  targets = ids;
  for (const l of listeners) l();
}

export function subscribeInsertTargets(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const idOf = (el: Element | null | undefined): CellId | null => {
  const id = el instanceof HTMLElement ? (el.dataset['below'] ?? el.dataset['cellId']) : undefined;
  return id === undefined ? null : cellId(id);
};

/** The cell an event happened in (its <section data-cell-id>, or the bar under it) and the cell shown before it. */
export function cellsOfEvent(target: EventTarget | null): CellId[] {
  if (!(target instanceof Element)) return [];
  const bar = target.closest('.insert-bar');
  const section = bar === null ? target.closest('section.cell') : null;
  const here = idOf(bar ?? section);
  if (here === null) return [];
  // The section this cell's own bar follows, then back over prose, figures and bars to the one before.
  let el = (bar?.previousElementSibling ?? section)?.previousElementSibling ?? null;
  while (el !== null && !el.matches('section.cell')) el = el.previousElementSibling;
  const before = idOf(el);
  return before === null ? [here] : [before, here];
}
