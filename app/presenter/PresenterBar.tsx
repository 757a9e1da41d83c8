import type { KeyValueStorage } from '../notebook/persistence.ts';
import { useNotebook } from '../ui/notebook-context.ts';
import { ThemePicker } from '../ui/ThemePicker.tsx';

export interface PresenterBarProps {
  readonly index: number;
  readonly count: number;
  readonly title: string;
  readonly scale: number;
  readonly hideCode: boolean;
  readonly storage: KeyValueStorage;
  readonly onGo: (to: 'next' | 'previous') => void;
  readonly onScale: (direction: 1 | -1) => void;
  readonly onToggleCode: () => void;
  readonly onSpeakerView: () => void;
  readonly onExit: () => void;
}

/** The presenter's controls, along the bottom edge: every one is also a key. */
export function PresenterBar(p: PresenterBarProps) {
  const interrupt = useNotebook((s) => s.interrupt);
  const busy = useNotebook((s) => s.busy);
  return (
    <nav className="presenter-bar" aria-label="Slides">
      <button
        type="button"
        onClick={() => p.onGo('previous')}
        disabled={p.index === 0}
        aria-keyshortcuts="ArrowLeft PageUp"
        title="Previous slide (← or Page Up)"
      >
        ◀ Previous
      </button>
      <span className="slide-counter" aria-live="polite" aria-atomic="true" data-testid="slide-counter">
        <span className="visually-hidden">Slide </span>
        {p.index + 1} / {p.count}
      </span>
      <button
        type="button"
        onClick={() => p.onGo('next')}
        disabled={p.index === p.count - 1}
        aria-keyshortcuts="ArrowRight PageDown"
        title="Next slide (→ or Page Down)"
      >
        Next ▶
      </button>
      <span className="presenter-title">{p.title}</span>
      <span className="presenter-scale" role="group" aria-label="Text size">
        <button type="button" aria-label="Smaller text" aria-keyshortcuts="-" title="Smaller text (-)" onClick={() => p.onScale(-1)}>
          A−
        </button>
        <output aria-label="Text size" data-testid="font-scale">
          {Math.round(p.scale * 100)}%
        </output>
        <button type="button" aria-label="Larger text" aria-keyshortcuts="+" title="Larger text (+)" onClick={() => p.onScale(1)}>
          A+
        </button>
      </span>
      <button
        type="button"
        aria-pressed={p.hideCode}
        aria-keyshortcuts="C"
        title="Show only outputs and figures (C)"
        onClick={p.onToggleCode}
      >
        Hide code
      </button>
      <button type="button" aria-keyshortcuts="S" title="Open the speaker view: notes, next slide, timer (S)" onClick={p.onSpeakerView}>
        Speaker view
      </button>
      <button type="button" aria-label="Interrupt" title="Interrupt the running cell (Alt-Shift-I)" onClick={interrupt} disabled={!busy}>
        ■ Interrupt
      </button>
      <ThemePicker storage={p.storage} />
      <button type="button" aria-keyshortcuts="Escape" title="Leave the slides (Esc)" onClick={p.onExit}>
        ✕ Exit
      </button>
    </nav>
  );
}
