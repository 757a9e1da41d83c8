import { useState } from 'react';
import type { UnmatchedEdit } from '../notebook/edit-record.ts';
import type { CellId } from '../shared/brand.ts';
import { useNotebook } from './notebook-context.ts';

const WHY: Record<UnmatchedEdit['reason'], (cell: string) => string> = {
  'lesson-changed': (cell) => `You edited ${cell} of an earlier version of this lesson; no cell of this version is certainly the same one.`,
  'other-tab': (cell) => `${cell} was also changed in another tab, which saved later; this is the version it replaced.`,
  replaced: (cell) => `What ${cell} held before you applied another edit to it.`,
};

/** Edits with no certain cell: kept and shown until the student applies, copies or discards them (nothing is guessed). */
export function UnmatchedEdits() {
  const unmatched = useNotebook((s) => s.unmatched);
  if (unmatched.length === 0) return null;
  return (
    <section className="unmatched-edits" aria-label="Unmatched edits">
      <h2>Unmatched edits ({unmatched.length})</h2>
      <ul>
        {unmatched.map((u) => (
          <UnmatchedItem key={u.uid} edit={u} />
        ))}
      </ul>
    </section>
  );
}

function UnmatchedItem({ edit }: { readonly edit: UnmatchedEdit }) {
  const cells = useNotebook((s) => s.lesson?.cells);
  const apply = useNotebook((s) => s.applyUnmatched);
  const discard = useNotebook((s) => s.discardUnmatched);
  const [target, setTarget] = useState<CellId | ''>('');
  const [copied, setCopied] = useState(false);
  const cell = edit.cellIndex === null ? 'a cell' : `cell ${edit.cellIndex}`;
  return (
    <li className="unmatched-edit" aria-label={`Unmatched edit of ${cell}`}>
      <p>{WHY[edit.reason](cell.charAt(0).toUpperCase() + cell.slice(1))}</p>
      <pre className="unmatched-source" aria-label="The edit">
        {edit.source}
      </pre>
      {edit.base !== '' && (
        <details>
          <summary>The lesson's code it was made from</summary>
          <pre>{edit.base}</pre>
        </details>
      )}
      <div className="unmatched-actions">
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard?.writeText(edit.source).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <label>
          Apply to{' '}
          <select value={target} onChange={(e) => setTarget(cells?.find((c) => c.id === e.target.value)?.id ?? '')}>
            <option value="">choose a cell…</option>
            {cells?.map((c) => (
              <option key={c.id} value={c.id}>
                Cell {c.index}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={target === ''} onClick={() => target !== '' && apply(edit.uid, target)}>
          Apply
        </button>
        <button type="button" onClick={() => discard(edit.uid)}>
          Discard
        </button>
      </div>
    </li>
  );
}
