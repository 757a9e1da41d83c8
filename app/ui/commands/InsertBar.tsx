import type { CellKind } from '../../notebook/structure.ts';
import type { CellId } from '../../shared/brand.ts';
import { useNotebookActions } from '../notebook-context.ts';
import { editCellWhenShown } from './use-command-mode.ts';

/**
 * "+ Code" / "+ Text" under a cell, as in Colab: shown when the pointer is over
 * the cell or the bar, or when one of its buttons has keyboard focus (they are
 * real buttons in the tab order right after the cell's own controls). Only the
 * bar under the cell the pointer or focus is in exists (insert-target.ts).
 */
export function InsertBar({ below, label }: { readonly below: CellId; readonly label: string }) {
  const { insertCell } = useNotebookActions();
  const add = (kind: CellKind) => {
    const id = insertCell(below, 'below', kind);
    // Straight into editing, as Colab does: the new cell's editor (or Markdown source) gets the focus.
    if (id !== null) editCellWhenShown(id);
  };
  return (
    <div className="insert-bar" role="group" aria-label={`Add a cell below ${label}`} data-below={below}>
      <button
        type="button"
        aria-label={`Add code cell below ${label}`}
        title="Add a code cell here (B in command mode)"
        onClick={() => add('code')}
      >
        + Code
      </button>
      <button
        type="button"
        aria-label={`Add text cell below ${label}`}
        title="Add a Markdown text cell here (B, then M in command mode)"
        onClick={() => add('markdown')}
      >
        + Text
      </button>
    </div>
  );
}
