import { useEffect, useRef, useState } from 'react';
import type { CellOutput } from '../kernel/protocol.ts';
import './output-fullscreen.css';
import { Output } from './Output.tsx';

export interface OutputFullscreenProps {
  readonly label: string;
  readonly outputs: readonly CellOutput[];
  readonly renderMarkdown: (source: string) => string;
}

/**
 * A cell's output on the whole screen: a modal dialog filling the viewport
 * (Esc or Close returns focus to the button). A dialog rather than the
 * Fullscreen API, so it also works when the presenter is already full screen.
 * The copy of the output exists only while open, so the page never holds
 * two `pre.out-text` of one cell (the lesson checker reads those).
 */
export function OutputFullscreen({ label, outputs, renderMarkdown }: OutputFullscreenProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (open && dialog.current?.open === false) dialog.current.showModal();
  }, [open]);
  return (
    <>
      <button
        type="button"
        className="btn-fullscreen"
        aria-label={`Show ${label.replace(/^Cell/, 'output of cell')} full screen`}
        title="Show the output full screen (Esc closes)"
        onClick={() => setOpen(true)}
      >
        ⤢ Full screen
      </button>
      {open && (
        <dialog ref={dialog} className="output-fullscreen" aria-label={`${label}: output`} onClose={() => setOpen(false)}>
          <form method="dialog" className="output-fullscreen-bar">
            <span>{label}</span>
            <button type="submit" autoFocus>
              Close
            </button>
          </form>
          <Output label={`${label} full screen`} outputs={outputs} renderMarkdown={renderMarkdown} />
        </dialog>
      )}
    </>
  );
}
