// Command mode in the DOM: a cell's <section> holding focus is "command mode"
// (Esc from its editor puts it there); Enter goes back to editing. Single-key
// app shortcuts (? and P) work anywhere except where keys type text.
import { useEffect } from 'react';
import type { NotebookStore } from '../../notebook/store.ts';
import { cellId } from '../../shared/brand.ts';
import { reportDeleted } from './deleted-cells.ts';
import { commandFor, initialCommandState, isTextEntry, type Command, type CommandState } from './command-keys.ts';

export interface CommandModeOptions {
  readonly onPresent: () => void;
  readonly onShortcuts: () => void;
  /** Off while presenting (only `?` stays): the presenter owns the other keys. */
  readonly enabled: boolean;
}

const cellSections = (): HTMLElement[] => [...document.querySelectorAll<HTMLElement>('section.cell')];
const sectionOf = (id: string): HTMLElement | null => document.querySelector<HTMLElement>(`section.cell[data-cell-id="${CSS.escape(id)}"]`);

/** Focus a cell in command mode once React has rendered it. */
export function selectCell(id: string): void {
  requestAnimationFrame(() => {
    const s = sectionOf(id);
    s?.focus();
    s?.scrollIntoView({ block: 'nearest' });
  });
}

/** Edit mode on a cell once React has rendered it (a cell just added by + Code / + Text). */
export function editCellWhenShown(id: string): void {
  requestAnimationFrame(() => {
    const s = sectionOf(id);
    if (s === null) return;
    s.scrollIntoView({ block: 'nearest' });
    editCell(s);
  });
}

/** Edit mode: the cell's editor (code), or its Markdown source once shown. */
export function editCell(section: HTMLElement): void {
  const markdownEdit = section.querySelector<HTMLButtonElement>('button[data-action="edit-markdown"]');
  if (markdownEdit !== null) return markdownEdit.click();
  // In this order: a selector list would pick the toolbar's Run button, which comes first in the page.
  (
    section.querySelector<HTMLElement>('.cm-content') ??
    section.querySelector<HTMLElement>('.code-fallback') ??
    section.querySelector<HTMLElement>('textarea') ??
    section.querySelector<HTMLElement>('.btn-run')
  )?.focus();
}

/** Says what a command did for screen readers (and why it did nothing). */
function announce(text: string): void {
  const region = document.getElementById('command-announcer');
  if (region !== null) region.textContent = text;
}

function run(store: NotebookStore, section: HTMLElement, command: Command): void {
  const s = store.getState();
  const id = cellId(section.dataset.cellId ?? '');
  const all = cellSections();
  const at = all.indexOf(section);
  switch (command.type) {
    case 'edit':
      return editCell(section);
    case 'move': {
      const target = command.to === 'first' ? all[0] : command.to === 'last' ? all.at(-1) : all[at + (command.to === 'next' ? 1 : -1)];
      target?.focus();
      target?.scrollIntoView({ block: 'nearest' });
      return;
    }
    case 'move-cell':
      if (s.moveCell(id, command.direction)) {
        selectCell(id);
        announce(`Cell moved ${command.direction}`);
      } else
        announce(
          s.structure.added.some((a) => a.id === id)
            ? `Already the ${command.direction === 'up' ? 'first' : 'last'} cell`
            : "Lesson cells stay in the lesson's order; you can move cells you added",
        );
      return;
    case 'insert': {
      const created = s.insertCell(id, command.where);
      if (created !== null) {
        selectCell(created);
        announce(`Inserted a new cell ${command.where}`);
      }
      return;
    }
    case 'delete': {
      const neighbour = all[at + 1] ?? all[at - 1];
      if (!s.deleteCell(id)) return announce('This cell cannot be deleted while it runs');
      announce('Cell deleted; press Z to undo');
      reportDeleted({ label: section.getAttribute('aria-label') ?? 'Cell' });
      // Focus moves now, so a key pressed right after (Z) already finds a selected cell.
      neighbour?.focus();
      return;
    }
    case 'undo-delete': {
      const restored = s.undoDelete();
      if (restored !== null) {
        selectCell(restored);
        announce('Deleted cell restored');
      } else announce('Nothing to restore');
      return;
    }
    case 'kind':
      if (section.dataset.kind === command.kind) return;
      if (!s.setCellKind(id, command.kind)) announce('Only cells you added can change kind; lesson cells stay code');
      else selectCell(id);
      return;
    case 'run': {
      if (section.dataset.kind === 'markdown') section.querySelector<HTMLButtonElement>('button[data-action="render-markdown"]')?.click();
      else s.runCell(id);
      const next = all[at + 1];
      if (command.advance && next !== undefined) {
        next.focus();
        next.scrollIntoView({ block: 'nearest' });
      }
      return;
    }
  }
}

export function useCommandMode(store: NotebookStore, options: CommandModeOptions): void {
  const { onPresent, onShortcuts, enabled } = options;
  useEffect(() => {
    let state: CommandState = initialCommandState;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const target = e.target instanceof Element ? e.target : null;
      const section = target?.closest<HTMLElement>('section.cell') ?? null;
      // Esc in an editor → command mode on its cell (CodeMirror has already
      // used Esc, and prevented it, when it closed a completion list).
      if (e.key === 'Escape' && section !== null && target !== section && isTextEntry(target)) {
        e.preventDefault();
        section.focus();
        return;
      }
      if (isTextEntry(target) || (e.target instanceof HTMLElement && e.target.closest('dialog') !== null)) return;
      const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
      if (plain && e.key === '?') {
        e.preventDefault();
        return onShortcuts();
      }
      if (!enabled) return;
      if (plain && !e.shiftKey && e.key.toLowerCase() === 'p') {
        e.preventDefault();
        return onPresent();
      }
      if (section === null || target !== section) return;
      const next = commandFor(state, { key: e.key, ctrl: e.ctrlKey, meta: e.metaKey, alt: e.altKey, shift: e.shiftKey }, e.timeStamp);
      state = next.state;
      if (next.command === null) return;
      e.preventDefault();
      run(store, section, next.command);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [store, onPresent, onShortcuts, enabled]);
}
