import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { cellMenuItems, type CellMenuAction, type CellMenuItem } from '../../notebook/cell-menu.ts';
import type { CellId } from '../../shared/brand.ts';
import { useNotebookStore } from '../notebook-context.ts';
import { reportDeleted } from './deleted-cells.ts';
import { selectCell } from './use-command-mode.ts';

const sectionOf = (id: CellId): HTMLElement | null => document.querySelector<HTMLElement>(`section.cell[data-cell-id="${CSS.escape(id)}"]`);

/**
 * A cell's ⋯ menu (WAI-ARIA menu button): Move up / down, Delete, Clear output,
 * Run above, Run from here. Items a cell cannot use stay in the menu, marked
 * aria-disabled, with the reason as their tooltip (so lesson cells say why they do not move).
 */
export function CellMenu({ id, label }: { readonly id: CellId; readonly label: string }) {
  const store = useNotebookStore();
  const [items, setItems] = useState<readonly CellMenuItem[] | null>(null);
  const [note, setNote] = useState('');
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const open = items !== null;

  const close = (focusButton: boolean) => {
    setItems(null);
    if (focusButton) button.current?.focus();
  };
  const [upward, setUpward] = useState(false);
  useEffect(() => {
    if (!open) return;
    // Lifts the cell above its neighbours and out of its paint containment (commands.css). A data attribute
    // React does not manage, so a re-render of the cell while the menu is open does not drop it.
    const section = button.current?.closest<HTMLElement>('section.cell') ?? null;
    section?.setAttribute('data-menu-open', '');
    // Open upwards when the menu would go under the status bar (the last cells of a lesson).
    const pop = menu.current?.parentElement;
    const own = button.current?.getBoundingClientRect();
    if (pop !== null && pop !== undefined && own !== undefined) {
      const floor = document.querySelector('.status-bar')?.getBoundingClientRect().top ?? window.innerHeight;
      const height = pop.getBoundingClientRect().height;
      setUpward(own.bottom + height > floor && own.top - height > 0);
    }
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')?.focus();
    const away = (e: PointerEvent) => {
      if (
        !(e.target instanceof Node) ||
        (menu.current?.parentElement?.contains(e.target) !== true && button.current?.contains(e.target) !== true)
      )
        setItems(null);
    };
    document.addEventListener('pointerdown', away);
    return () => {
      document.removeEventListener('pointerdown', away);
      section?.removeAttribute('data-menu-open');
    };
  }, [open]);

  const act = (action: CellMenuAction) => {
    const s = store.getState();
    close(false);
    switch (action) {
      case 'move-up':
      case 'move-down':
        if (s.moveCell(id, action === 'move-up' ? 'up' : 'down')) selectCell(id);
        return;
      case 'delete': {
        const all = [...document.querySelectorAll<HTMLElement>('section.cell')];
        const at = all.findIndex((el) => el.dataset.cellId === id);
        const neighbour = all[at + 1] ?? all[at - 1];
        if (!s.deleteCell(id)) return;
        reportDeleted({ label });
        neighbour?.focus();
        return;
      }
      case 'clear-output':
        s.clearOutput(id);
        return sectionOf(id)?.focus();
      case 'run-above':
        s.runAbove(id);
        return sectionOf(id)?.focus();
      case 'run-from-here':
        s.runFromHere(id);
        return sectionOf(id)?.focus();
    }
  };

  const onMenuKey = (e: KeyboardEvent) => {
    const entries = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = entries.findIndex((el) => el === document.activeElement);
    const focus = (i: number) => entries[(i + entries.length) % entries.length]?.focus();
    switch (e.key) {
      case 'ArrowDown':
        focus(at + 1);
        break;
      case 'ArrowUp':
        focus(at - 1);
        break;
      case 'Home':
        focus(0);
        break;
      case 'End':
        focus(entries.length - 1);
        break;
      case 'Escape':
        close(true);
        break;
      case 'Tab':
        close(false);
        return;
      default:
        return;
    }
    // Handled here: command mode and the page's shortcuts must not see these keys.
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <span className="cell-menu">
      <button
        ref={button}
        type="button"
        className="cell-menu-button"
        aria-label="Cell actions"
        title="Move, delete, clear output, run above or from here"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => {
          setNote('');
          if (open) close(true);
          else setItems(cellMenuItems(store.getState(), id));
        }}
      >
        ⋯
      </button>
      {items !== null && (
        <div className={upward ? 'cell-menu-pop cell-menu-pop-up' : 'cell-menu-pop'}>
          <div ref={menu} id={menuId} role="menu" aria-label={`Actions for ${label}`} className="cell-menu-list" onKeyDown={onMenuKey}>
            {items.map((item) => (
              <button
                key={item.action}
                type="button"
                role="menuitem"
                tabIndex={-1}
                data-action={item.action}
                aria-disabled={item.unavailable !== null}
                title={item.unavailable ?? undefined}
                onClick={() => (item.unavailable === null ? act(item.action) : setNote(`${item.text}: ${item.unavailable}`))}
              >
                {item.text}
              </button>
            ))}
          </div>
          {note !== '' && (
            <p className="cell-menu-note" role="status">
              {note}
            </p>
          )}
        </div>
      )}
    </span>
  );
}
