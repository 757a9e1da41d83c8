// Per-cell subscriptions to the notebook store (plain TS, used by the React
// cells). zustand calls every subscriber on every update; with one subscriber
// per cell, a Run all over N cells made N × (updates per run) selector calls,
// quadratic in N. Here the store has one subscriber that compares, for the
// subscribed ids only, the cell's entries in the per-cell maps, and notifies
// just the cells whose own entries changed. Updates that name the cells they
// touched (the store's per-cell actions) cost O(1) whatever the lesson size.
import type { CellId } from '../shared/brand.ts';
import type { NotebookState, NotebookStore } from './store-types.ts';

/** The per-cell maps of the state: a cell re-renders when its entry in one of them changes. */
const PER_CELL = ['sources', 'cells', 'conflicts', 'exercises', 'progress'] as const satisfies readonly (keyof NotebookState)[];

export interface CellSubscriptions {
  subscribe(id: CellId, listener: () => void): () => void;
  /** Called when the lesson or the cell structure (added/deleted cells) changes: what every cell group depends on. */
  subscribeStructure(listener: () => void): () => void;
}

export function createCellSubscriptions(store: NotebookStore): CellSubscriptions {
  const listeners = new Map<CellId, Set<() => void>>();
  const structureListeners = new Set<() => void>();
  let previous: NotebookState = store.getState();
  store.subscribe((next) => {
    const before = previous;
    previous = next;
    if (next.structure !== before.structure || next.lesson !== before.lesson) for (const l of [...structureListeners]) l();
    // The store names the cells a hot-path update touched (a run's status, an output, a keystroke): O(1).
    // (The runtime map is updated in place then, so its entries cannot be compared with the previous state's.)
    if (next.touched !== before.touched) {
      for (const id of next.touched.ids) for (const listener of [...(listeners.get(id) ?? [])]) listener();
      return;
    }
    const changed = PER_CELL.filter((k) => next[k] !== before[k]);
    if (changed.length === 0) return;
    for (const [id, set] of listeners) {
      if (!changed.some((k) => next[k][id] !== before[k][id])) continue;
      for (const listener of [...set]) listener();
    }
  });
  return {
    subscribeStructure(listener) {
      structureListeners.add(listener);
      return () => structureListeners.delete(listener);
    },
    subscribe(id, listener) {
      let set = listeners.get(id);
      if (set === undefined) listeners.set(id, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(id);
      };
    },
  };
}
