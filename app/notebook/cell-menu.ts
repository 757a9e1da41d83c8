// The per-cell menu (⋯) as plain data: which items a cell has, and why an item
// is unavailable, so the React menu only renders and dispatches (app/ui/commands/CellMenu.tsx).
import type { CellId } from '../shared/brand.ts';
import { isBusy } from './cell-runtime.ts';
import type { NotebookState } from './store-types.ts';
import { moveNeighbour } from './structure.ts';

export type CellMenuAction = 'move-up' | 'move-down' | 'delete' | 'clear-output' | 'run-above' | 'run-from-here';

export interface CellMenuItem {
  readonly action: CellMenuAction;
  readonly text: string;
  /** Why the item does nothing for this cell now (shown as its tooltip); null: available. */
  readonly unavailable: string | null;
}

const LESSON_ORDER = "Lesson cells stay in the lesson's order, next to the text that explains them; you can move cells you added";

export function cellMenuItems(state: NotebookState, id: CellId): readonly CellMenuItem[] {
  const { lesson, structure } = state;
  const added = structure.added.find((a) => a.id === id);
  const runtime = state.cells[id];
  const busy = runtime !== undefined && isBusy(runtime);
  const move = (direction: 'up' | 'down'): string | null => {
    if (added === undefined) return LESSON_ORDER;
    if (lesson === null || moveNeighbour(lesson, structure, id, direction) === null)
      return direction === 'up' ? 'Already the first cell' : 'Already the last cell';
    return null;
  };
  const items: CellMenuItem[] = [
    { action: 'move-up', text: 'Move up', unavailable: move('up') },
    { action: 'move-down', text: 'Move down', unavailable: move('down') },
    { action: 'delete', text: 'Delete', unavailable: busy ? 'The cell is running or waiting to run' : null },
  ];
  if (added?.kind !== 'markdown') {
    const empty = runtime === undefined || (runtime.outputs.length === 0 && runtime.execCount === null);
    items.push({
      action: 'clear-output',
      text: 'Clear output',
      unavailable: busy ? 'The cell is running or waiting to run' : empty ? 'The cell has no output' : null,
    });
  }
  items.push(
    { action: 'run-above', text: 'Run above', unavailable: null },
    { action: 'run-from-here', text: 'Run from here', unavailable: null },
  );
  return items;
}
