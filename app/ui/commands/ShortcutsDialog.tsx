import { useEffect, useRef } from 'react';
import { SHORTCUTS } from './command-keys.ts';

const modeText = { command: 'Command mode', edit: 'In an editor', anywhere: 'Anywhere', slides: 'Presenting' } as const;

/** The keyboard shortcuts sheet (`?`); a modal dialog, so Esc closes it and focus returns. */
export function ShortcutsDialog({ open, onClose }: { readonly open: boolean; readonly onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d === null) return;
    if (open && !d.open) {
      d.showModal();
      // Read from the top: the sheet is taller than a laptop screen.
      d.scrollTop = 0;
    } else if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className="shortcuts-dialog" aria-labelledby="shortcuts-title" onClose={onClose}>
      <form method="dialog" className="shortcuts-head">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        {/* At the top, so focusing it on open does not scroll the sheet to its end. */}
        <button type="submit" autoFocus>
          Close
        </button>
      </form>
      <table>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Does</th>
            <th scope="col">Where</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys + s.mode}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.what}</td>
              <td>{modeText[s.mode]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </dialog>
  );
}
