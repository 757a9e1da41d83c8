import { useRef } from 'react';
import './export.css';
import type { NotebookStore } from '../notebook/store.ts';
import { download, exportLesson, type ExportFormat, type ExportSource } from './export-lesson.ts';

const FORMATS: readonly { readonly format: ExportFormat; readonly label: string }[] = [
  { format: 'markdown', label: 'Lesson Markdown (.md)' },
  { format: 'ipynb', label: 'Jupyter notebook (.ipynb)' },
  { format: 'html', label: 'Web page (.html)' },
];

/** Export the lesson as the student has it: their code, added cells and outputs (of `store`, passed in: export sits below ui/). */
export function ExportMenu({
  store,
  source,
  renderMarkdown,
}: {
  readonly store: NotebookStore;
  readonly source: ExportSource | null;
  readonly renderMarkdown: (s: string) => string;
}) {
  const menu = useRef<HTMLDetailsElement>(null);
  if (source === null) return null;
  return (
    <details className="menu" ref={menu}>
      <summary>Export</summary>
      <ul className="menu-items">
        {FORMATS.map(({ format, label }) => (
          <li key={format}>
            <button
              type="button"
              onClick={() => {
                store.getState().flush();
                download(exportLesson(format, source, store.getState(), renderMarkdown));
                menu.current?.removeAttribute('open');
              }}
            >
              {label}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
