// Thin React binding over the vanilla notebook store (the zustand way).
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { NotebookActions, NotebookState, NotebookStore } from '../notebook/store.ts';

export const NotebookContext = createContext<NotebookStore | null>(null);

export function useNotebookStore(): NotebookStore {
  const store = useContext(NotebookContext);
  if (store === null) throw new Error('useNotebook outside <NotebookContext.Provider>');
  return store;
}

export function useNotebook<T>(selector: (s: NotebookState & NotebookActions) => T): T {
  return useStore(useNotebookStore(), selector);
}
