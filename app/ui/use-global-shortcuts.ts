import { useEffect } from 'react';
import type { NotebookStore } from '../notebook/store.ts';

/**
 * Notebook-wide shortcuts; they work from inside an editor too, since none of them types text.
 * `keys: false` (the Model lab's page) turns the keys off; saving on pagehide stays.
 */
export function useGlobalShortcuts(store: NotebookStore, { keys = true }: { readonly keys?: boolean } = {}): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!keys) return;
      const s = store.getState();
      if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.key === 'Enter') {
        e.preventDefault();
        s.runAll();
      } else if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey) {
        const key = e.code;
        if (key === 'KeyI') s.interrupt();
        else if (key === 'KeyR') s.restartKernel();
        else if (key === 'KeyZ') {
          const id = document.activeElement?.closest<HTMLElement>('section.cell')?.dataset.cellId;
          const cell = s.lesson?.cells.find((c) => c.id === id);
          if (cell !== undefined) s.resetCell(cell.id);
        } else if (key === 'KeyL') {
          if (window.confirm('Discard all your edits in this lesson and go back to its original code?')) s.resetLesson();
        } else return;
        e.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    const onHide = () => store.getState().flush();
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onHide);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
    };
  }, [store, keys]);
}
