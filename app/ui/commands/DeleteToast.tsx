import { useEffect, useRef, useState } from 'react';
import { useNotebookActions } from '../notebook-context.ts';
import { onDeleted, type DeletedCell } from './deleted-cells.ts';
import { selectCell } from './use-command-mode.ts';

/** How long the toast stays (Z in command mode undoes later too). */
const SHOWN_MS = 10_000;

/** "Cell deleted · Undo", as Colab shows it: Undo restores the cell with its code (the store's undoDelete). */
export function DeleteToast() {
  const { undoDelete } = useNotebookActions();
  const [deleted, setDeleted] = useState<DeletedCell | null>(null);
  const [hovered, setHovered] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => onDeleted(setDeleted), []);
  useEffect(() => {
    if (deleted === null || hovered) return;
    timer.current = window.setTimeout(() => setDeleted(null), SHOWN_MS);
    return () => window.clearTimeout(timer.current);
  }, [deleted, hovered]);
  return (
    // Always in the page, so screen readers hear the live region's new text.
    <div
      className="delete-toast"
      role="status"
      aria-live="polite"
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setHovered(true)}
      onBlur={() => setHovered(false)}
    >
      {deleted !== null && (
        <div className="toast-body">
          <span>{deleted.label} deleted</span>
          <span aria-hidden="true"> · </span>
          <button
            type="button"
            className="toast-undo"
            title="Bring the cell back with its code (Z in command mode)"
            onClick={() => {
              const restored = undoDelete();
              setDeleted(null);
              setHovered(false);
              if (restored !== null) selectCell(restored);
            }}
          >
            Undo
          </button>
          <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => setDeleted(null)}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
