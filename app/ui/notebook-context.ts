// Thin React binding over the vanilla notebook store (the zustand way).
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import { createCellSubscriptions, type CellSubscriptions } from '../notebook/cell-subscriptions.ts';
import type { NotebookActions, NotebookState, NotebookStore } from '../notebook/store.ts';
import type { CellId } from '../shared/brand.ts';

export const NotebookContext = createContext<NotebookStore | null>(null);

export function useNotebookStore(): NotebookStore {
  const store = useContext(NotebookContext);
  if (store === null) throw new Error('useNotebook outside <NotebookContext.Provider>');
  return store;
}

export function useNotebook<T>(selector: (s: NotebookState & NotebookActions) => T): T {
  return useStore(useNotebookStore(), selector);
}

const perStore = new WeakMap<NotebookStore, CellSubscriptions>();
const cellSubscriptions = (store: NotebookStore): CellSubscriptions => {
  let subs = perStore.get(store);
  if (subs === undefined) perStore.set(store, (subs = createCellSubscriptions(store)));
  return subs;
};

/**
 * A cell's own slice of the state: re-renders only when that cell's entries
 * change (cell-subscriptions.ts), so one cell's run does not wake the others.
 * `select` must return a stable reference for unchanged state (an entry of a map).
 */
export function useCellState<T>(id: CellId, select: (s: NotebookState) => T): T {
  const store = useNotebookStore();
  const subscribe = useCallback((listener: () => void) => cellSubscriptions(store).subscribe(id, listener), [store, id]);
  return useSyncExternalStore(subscribe, () => select(store.getState()));
}

/** The store's actions: stable functions, read once, no subscription. */
export function useNotebookActions(): NotebookActions {
  return useNotebookStore().getState();
}

/** The lesson and its cell structure, re-read only when either changes (not on every run's output). */
export function useStructure(): Pick<NotebookState, 'lesson' | 'structure'> {
  const store = useNotebookStore();
  const subscribe = useCallback((listener: () => void) => cellSubscriptions(store).subscribeStructure(listener), [store]);
  const lesson = useSyncExternalStore(subscribe, () => store.getState().lesson);
  const structure = useSyncExternalStore(subscribe, () => store.getState().structure);
  return { lesson, structure };
}
