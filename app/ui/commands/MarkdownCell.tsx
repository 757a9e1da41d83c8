import { sanitizeHtml } from '../../shared/sanitize-html.ts';
import { useEffect, useRef, useState } from 'react';
import type { CellId } from '../../shared/brand.ts';
import { useCellState, useNotebookActions } from '../notebook-context.ts';

export interface MarkdownCellProps {
  readonly id: CellId;
  readonly label: string;
  readonly renderMarkdown: (source: string) => string;
}

/** A Markdown cell the student added (M in command mode): a text area while editing, rendered otherwise. */
export function MarkdownCell({ id, label, renderMarkdown }: MarkdownCellProps) {
  const source = useCellState(id, (s) => s.sources[id] ?? '');
  const edit = useNotebookActions().editCell;
  const [editing, setEditing] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    if (editing) area.current?.focus();
  }, [editing]);
  const done = () => {
    setEditing(false);
    section.current?.focus();
  };
  return (
    <section ref={section} className="cell cell-markdown" aria-label={label} data-cell-id={id} data-kind="markdown" data-status="idle" tabIndex={-1}>
      <div className="cell-prompt" aria-hidden="true" />
      <div className="cell-body">
        <div className="cell-toolbar">
          {editing ? (
            <button type="button" data-action="render-markdown" onClick={done} title="Show the Markdown rendered (Shift-Enter)">✓ Done</button>
          ) : (
            <button type="button" data-action="edit-markdown" onClick={() => setEditing(true)} title="Edit this Markdown (Enter)">✎ Edit</button>
          )}
          <span className="cell-tag">Markdown</span>
        </div>
        {editing ? (
          <textarea ref={area} className="md-cell-source" aria-label={`Markdown of ${label}`} value={source} rows={Math.max(3, source.split('\n').length)}
            onChange={(e) => edit(id, e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && e.shiftKey) {
                e.preventDefault();
                done();
              }
            }} />
        ) : source.trim() === '' ? (
          <p className="md-cell-empty">Empty Markdown cell: press Enter to write.</p>
        ) : (
          <div className="prose md-cell-rendered" dangerouslySetInnerHTML={{ __html: sanitizeHtml(renderMarkdown(source)) }} />
        )}
      </div>
    </section>
  );
}
