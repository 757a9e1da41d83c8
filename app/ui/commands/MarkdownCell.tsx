import { sanitizeHtml } from '../../shared/sanitize-html.ts';
import { useEffect, useRef, useState } from 'react';
import type { CellId } from '../../shared/brand.ts';
import { useCellState, useNotebookActions } from '../notebook-context.ts';
import { CellMenu } from './CellMenu.tsx';

export interface MarkdownCellProps {
  readonly id: CellId;
  readonly label: string;
  readonly renderMarkdown: (source: string) => string;
}

/**
 * A Markdown cell the student added (+ Text, or M in command mode), edited in
 * place as in Jupyter: a text area while editing; rendered (the lesson's own
 * Markdown renderer and sanitiser, KaTeX included) on Shift-Enter, Run, or
 * when focus leaves it; double-click or Enter edits it again.
 */
export function MarkdownCell({ id, label, renderMarkdown }: MarkdownCellProps) {
  const source = useCellState(id, (s) => s.sources[id] ?? '');
  const edit = useNotebookActions().editCell;
  const [editing, setEditing] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    const el = area.current;
    if (!editing || el === null) return;
    el.focus();
    // Go on writing where the text ends, rather than before its first word.
    el.setSelectionRange(el.value.length, el.value.length);
  }, [editing]);
  const done = () => {
    setEditing(false);
    section.current?.focus();
  };
  return (
    <section
      ref={section}
      className="cell cell-markdown"
      aria-label={label}
      data-cell-id={id}
      data-kind="markdown"
      data-status="idle"
      tabIndex={-1}
      data-editing={editing}
    >
      <div className="cell-prompt" aria-hidden="true" />
      <div className="cell-body">
        <div className="cell-toolbar">
          {editing ? (
            // onMouseDown: keep the focus in the text area, so its blur does not render first and swallow this click.
            <button
              type="button"
              data-action="render-markdown"
              aria-label="Run cell"
              onMouseDown={(e) => e.preventDefault()}
              onClick={done}
              title="Show the Markdown rendered (Shift-Enter)"
            >
              ▶ Run
            </button>
          ) : (
            <button
              type="button"
              data-action="edit-markdown"
              onClick={() => setEditing(true)}
              title="Edit this Markdown (Enter, or double-click the text)"
            >
              ✎ Edit
            </button>
          )}
          <span className="cell-tag">Markdown</span>
          <CellMenu id={id} label={label} />
        </div>
        {editing ? (
          <textarea
            ref={area}
            className="md-cell-source"
            aria-label={`Markdown of ${label}`}
            value={source}
            rows={Math.max(3, source.split('\n').length)}
            onChange={(e) => edit(id, e.target.value)}
            // Clicking away renders it, as in Jupyter; Esc (command mode) moves focus to the cell and renders it too.
            onBlur={() => setEditing(false)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.shiftKey || e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                done();
              }
            }}
          />
        ) : (
          <div className="md-cell-view" onDoubleClick={() => setEditing(true)} title="Double-click to edit">
            {source.trim() === '' ? (
              <p className="md-cell-empty">Empty text cell: double-click or press Enter to write.</p>
            ) : (
              <div className="prose md-cell-rendered" dangerouslySetInnerHTML={{ __html: sanitizeHtml(renderMarkdown(source)) }} />
            )}
          </div>
        )}
      </div>
    </section>
  );
}
