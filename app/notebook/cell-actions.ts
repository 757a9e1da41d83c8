// The per-cell menu's and the toolbar's cell actions (move, clear output,
// run above / from here, clear all outputs), kept out of store.ts: the store
// spreads them into its actions and hands them what they need (`CellActionHost`).
import type { CellId } from '../shared/brand.ts';
import { idleCell, isBusy, type CellRuntime } from './cell-runtime.ts';
import type { NotebookState } from './store-types.ts';
import { moveCell, visibleCells } from './structure.ts';

export interface CellActions {
  /** Move a cell the student added one visible place up or down; false for lesson cells (they keep the lesson's order) and at the ends. */
  moveCell(id: CellId, direction: 'up' | 'down'): boolean;
  /** Clear one cell's outputs and `[n]`, as Jupyter's Clear Output; false while it runs or waits. */
  clearOutput(id: CellId): boolean;
  /** Clear every cell's outputs and `[n]` except those running or queued; returns how many were cleared. The kernel's counter goes on, as in Jupyter. */
  clearAllOutputs(): number;
  /** Queue the code cells shown above `id` (not `id` itself), in order; returns them. */
  runAbove(id: CellId): readonly CellId[];
  /** Queue `id` (if it is code) and every code cell shown below it, in order; returns them. */
  runFromHere(id: CellId): readonly CellId[];
}

/** What the actions need from the store (store.ts makes one). */
export interface CellActionHost {
  get(): NotebookState;
  set(update: (s: NotebookState) => Partial<NotebookState>): void;
  /** Write the structure now. */
  saveNow(): void;
  /** Queue cells to run, skipping those already queued or running. */
  enqueue(ids: readonly CellId[]): void;
}

/** A runtime entry with no outputs, no `[n]`, idle. */
const cleared: CellRuntime = idleCell;

export function createCellActions(host: CellActionHost): CellActions {
  /** The visible cells, and whether each is code. */
  const shown = (): { id: CellId; code: boolean }[] => {
    const { lesson, structure } = host.get();
    if (lesson === null) return [];
    return visibleCells(lesson, structure).map((c) => ({ id: c.id, code: c.kind === 'lesson' || c.cell.kind === 'code' }));
  };
  const runRange = (id: CellId, part: 'above' | 'from-here'): readonly CellId[] => {
    const cells = shown();
    const at = cells.findIndex((c) => c.id === id);
    if (at < 0) return [];
    const ids = (part === 'above' ? cells.slice(0, at) : cells.slice(at)).filter((c) => c.code).map((c) => c.id);
    host.enqueue(ids);
    return ids;
  };
  /** Runtime entries are replaced in place (store.ts: same map, new entries) and `touched` names them. */
  const clear = (ids: readonly CellId[]): void =>
    host.set((s) => {
      const cells: Record<CellId, CellRuntime> = s.cells;
      for (const id of ids) cells[id] = cleared;
      return { touched: { ids } };
    });

  return {
    moveCell(id, direction) {
      const { lesson, structure } = host.get();
      if (lesson === null) return false;
      const moved = moveCell(lesson, structure, id, direction);
      if (moved === null) return false;
      host.set(() => ({ structure: moved }));
      host.saveNow();
      return true;
    },
    clearOutput(id) {
      const runtime = host.get().cells[id];
      if (runtime === undefined || isBusy(runtime)) return false;
      clear([id]);
      return true;
    },
    clearAllOutputs() {
      const { lesson, structure, cells } = host.get();
      if (lesson === null) return 0;
      // Deleted lesson cells too: Z brings them back as they were cleared.
      const all = [...lesson.cells.map((c) => c.id), ...structure.added.map((a) => a.id)];
      const ids = all.filter((id) => {
        const c = cells[id];
        return (
          c !== undefined && !isBusy(c) && c !== cleared && (c.outputs.length > 0 || c.execCount !== null || c.status !== 'idle' || c.stale)
        );
      });
      if (ids.length > 0) clear(ids);
      return ids.length;
    },
    runAbove(id) {
      return runRange(id, 'above');
    },
    runFromHere(id) {
      return runRange(id, 'from-here');
    },
  };
}
