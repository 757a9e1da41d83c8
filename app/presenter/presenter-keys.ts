// Keys in presenter mode → actions. Keys typed into an editor are never
// taken: arrows move the cursor there, and Esc first leaves the editor.
export type PresenterAction =
  | { readonly type: 'go'; readonly to: 'next' | 'previous' | 'first' | 'last' }
  | { readonly type: 'scale'; readonly direction: 1 | -1 }
  | { readonly type: 'toggle-code' }
  | { readonly type: 'speaker-view' }
  | { readonly type: 'exit' }
  | { readonly type: 'leave-editor' };

export interface PresenterKey {
  readonly key: string;
  readonly ctrl: boolean;
  readonly meta: boolean;
  readonly alt: boolean;
  /** Focus is in an editor or another text field. */
  readonly typing: boolean;
}

export function presenterAction(k: PresenterKey): PresenterAction | null {
  if (k.typing) return k.key === 'Escape' ? { type: 'leave-editor' } : null;
  if (k.ctrl || k.meta || k.alt) return null;
  switch (k.key) {
    case 'ArrowRight':
    case 'PageDown':
      return { type: 'go', to: 'next' };
    case 'ArrowLeft':
    case 'PageUp':
      return { type: 'go', to: 'previous' };
    case 'Home':
      return { type: 'go', to: 'first' };
    case 'End':
      return { type: 'go', to: 'last' };
    case '+':
    case '=':
      return { type: 'scale', direction: 1 };
    case '-':
    case '_':
      return { type: 'scale', direction: -1 };
    case 'c':
    case 'C':
      return { type: 'toggle-code' };
    case 's':
    case 'S':
      return { type: 'speaker-view' };
    case 'Escape':
      return { type: 'exit' };
    default:
      return null;
  }
}

export function move(current: number, count: number, to: 'next' | 'previous' | 'first' | 'last'): number {
  if (count === 0) return 0;
  if (to === 'first') return 0;
  if (to === 'last') return count - 1;
  return Math.min(count - 1, Math.max(0, current + (to === 'next' ? 1 : -1)));
}
