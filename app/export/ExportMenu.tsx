import { useRef } from 'react';
import './export.css';
import { useNotebookStore } from '../ui/notebook-context.ts';
import { download, exportLesson, type ExportFormat, type ExportSource } from './export-lesson.ts';

const FORMATS: readonly { readonly format: ExportFormat; readonly label: string }[] = [
  { format: 'markdown', label: 'Lesson Markdown (.md)' },
  { format: 'ipynb', label: 'Jupyter notebook (.ipynb)' },
  { format: 'html', label: 'Web page (.html)' },
];

/** Export the lesson as the student has it: their code, added cells and outputs. */
export function ExportMenu({ source, renderMarkdown }: { readonly source: ExportSource | null; readonly renderMarkdown: (s: string) => string }) {
  const store = useNotebookStore();
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
