// Jupyter's command mode as plain logic: a key pressed while a cell (not its
// editor) has focus → a command. Kept apart from the DOM so it is unit tested.

export type Command =
  | { readonly type: 'edit' }
  | { readonly type: 'insert'; readonly where: 'above' | 'below' }
  | { readonly type: 'delete' }
  | { readonly type: 'undo-delete' }
  | { readonly type: 'kind'; readonly kind: 'markdown' | 'code' }
  | { readonly type: 'move'; readonly to: 'previous' | 'next' | 'first' | 'last' }
  /** Move the selected cell itself (cells the student added only), as the cell menu's Move up / down. */
  | { readonly type: 'move-cell'; readonly direction: 'up' | 'down' }
  | { readonly type: 'run'; readonly advance: boolean };

export interface KeyInput {
  readonly key: string;
  readonly ctrl: boolean;
  readonly meta: boolean;
  readonly alt: boolean;
  readonly shift: boolean;
}

export interface CommandState {
  /** When the first D of `D D` was pressed (ms), or null. */
  readonly pendingDelete: number | null;
}

export const initialCommandState: CommandState = { pendingDelete: null };

/** The second D must follow the first within this time, so a stray D never deletes. */
export const DOUBLE_D_MS = 1000;

export function commandFor(state: CommandState, input: KeyInput, now: number): { command: Command | null; state: CommandState } {
  const none = (s: CommandState = initialCommandState) => ({ command: null, state: s });
  const plain = !input.ctrl && !input.meta && !input.alt;
  if (input.key === 'Enter') {
    if (input.shift && plain) return { command: { type: 'run', advance: true }, state: initialCommandState };
    if ((input.ctrl || input.meta) && !input.alt && !input.shift)
      return { command: { type: 'run', advance: false }, state: initialCommandState };
    return plain ? { command: { type: 'edit' }, state: initialCommandState } : none();
  }
  if ((input.ctrl || input.meta) && input.shift && !input.alt && (input.key === 'ArrowUp' || input.key === 'ArrowDown')) {
    return { command: { type: 'move-cell', direction: input.key === 'ArrowUp' ? 'up' : 'down' }, state: initialCommandState };
  }
  if (!plain) return none();
  const move = (to: 'previous' | 'next' | 'first' | 'last') => ({ command: { type: 'move', to } as const, state: initialCommandState });
  switch (input.key) {
    case 'ArrowUp':
    case 'k':
      return move('previous');
    case 'ArrowDown':
    case 'j':
      return move('next');
    case 'Home':
      return move('first');
    case 'End':
      return move('last');
  }
  if (input.shift) return none();
  switch (input.key.toLowerCase()) {
    case 'a':
      return { command: { type: 'insert', where: 'above' }, state: initialCommandState };
    case 'b':
      return { command: { type: 'insert', where: 'below' }, state: initialCommandState };
    case 'z':
      return { command: { type: 'undo-delete' }, state: initialCommandState };
    case 'm':
      return { command: { type: 'kind', kind: 'markdown' }, state: initialCommandState };
    case 'y':
      return { command: { type: 'kind', kind: 'code' }, state: initialCommandState };
    case 'd':
      if (state.pendingDelete !== null && now - state.pendingDelete <= DOUBLE_D_MS)
        return { command: { type: 'delete' }, state: initialCommandState };
      return none({ pendingDelete: now });
    default:
      return none();
  }
}

/** Keys that type text: single-key shortcuts must never fire while focus is in one of these. */
export function isTextEntry(el: Element | null): boolean {
  if (el === null) return false;
  if (el.closest('.cm-editor, [contenteditable="true"], textarea, select') !== null) return true;
  if (el.tagName !== 'INPUT') return false;
  const type = el.getAttribute('type') ?? 'text';
  return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'file', 'color'].includes(type);
}

/** The shortcuts sheet (`?`), one row per key. */
export const SHORTCUTS: readonly {
  readonly keys: string;
  readonly what: string;
  readonly mode: 'command' | 'edit' | 'anywhere' | 'slides';
}[] = [
  { keys: 'Esc', what: 'Leave the editor: command mode (the cell is selected)', mode: 'edit' },
  { keys: 'Shift-Enter', what: 'Run the cell and go to the next one (a text cell: show it rendered)', mode: 'edit' },
  { keys: 'Ctrl-Enter', what: 'Run the cell', mode: 'edit' },
  { keys: 'Enter', what: 'Edit the selected cell (a text cell you added: also double-click it)', mode: 'command' },
  { keys: '↑ / ↓ (K / J)', what: 'Select the previous / next cell', mode: 'command' },
  { keys: 'A / B', what: 'Insert a cell above / below', mode: 'command' },
  { keys: 'Ctrl-Shift-↑ / ↓', what: 'Move a cell you added up / down (also in its ⋯ menu)', mode: 'command' },
  { keys: 'D D', what: 'Delete the cell (or ⋯ → Delete; Undo in the message that follows)', mode: 'command' },
  { keys: 'Z', what: 'Undo the last deletion', mode: 'command' },
  { keys: 'M / Y', what: 'Make a cell you added Markdown (text) / code', mode: 'command' },
  { keys: 'Shift-Enter / Ctrl-Enter', what: 'Run the selected cell (and go to the next)', mode: 'command' },
  { keys: 'P', what: 'Present: show the lesson as slides', mode: 'anywhere' },
  { keys: '?', what: 'Show this sheet', mode: 'anywhere' },
  { keys: '← / → (Page Up / Page Down)', what: 'Previous / next slide', mode: 'slides' },
  { keys: '+ / -', what: 'Larger / smaller text on slides', mode: 'slides' },
  { keys: 'C', what: 'Hide or show the code on slides', mode: 'slides' },
  { keys: 'S', what: 'Open the speaker view (notes, next slide, timer)', mode: 'slides' },
  { keys: 'Esc', what: 'Leave the slides', mode: 'slides' },
  { keys: 'Ctrl-Shift-Enter', what: 'Run all', mode: 'anywhere' },
  { keys: 'Alt-Shift-I', what: 'Interrupt', mode: 'anywhere' },
  { keys: 'Alt-Shift-R', what: 'Restart kernel', mode: 'anywhere' },
];
