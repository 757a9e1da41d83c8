import { useEffect, useRef, useState } from 'react';
import type { LessonLoadError } from '../notebook/lesson-page.ts';
import { readLessonText } from './decode-lesson.ts';
import { fileProblem, lessonTextOf } from './import-lesson.ts';

export interface ImportControlProps {
  /** Opens the text as a lesson; returns its errors (and then changes nothing) or null. */
  readonly onImport: (text: string, fileName: string) => readonly LessonLoadError[] | null;
}

type Problem = { readonly title: string; readonly lines: readonly string[] };

/** Import by file picker or by dropping a file anywhere on the page. A bad file shows why and changes nothing. */
export function ImportControl({ onImport }: ImportControlProps) {
  const input = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [dragging, setDragging] = useState(false);
  const latest = useRef(onImport);
  useEffect(() => {
    latest.current = onImport;
  });

  useEffect(() => {
    const open = async (file: File) => {
      const early = fileProblem(file.name, file.size, null);
      if (early !== null) return setProblem({ title: 'This file cannot be imported', lines: [early] });
      // UTF-8 or UTF-16 (with or without a byte-order mark), decided from the first bytes: a binary file is refused at once.
      const read = await readLessonText({
        name: file.name,
        size: file.size,
        read: async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer()),
      });
      if (!read.ok) return setProblem({ title: 'This file cannot be imported', lines: [read.message] });
      const text = read.text;
      const why = fileProblem(file.name, file.size, text);
      if (why !== null) return setProblem({ title: 'This file cannot be imported', lines: [why] });
      // A notebook becomes lesson text first (read as data, never run); its errors name the notebook's cells.
      const lesson = lessonTextOf(file.name, text);
      if (!lesson.ok) return setProblem({ title: 'This file cannot be imported; nothing was changed', lines: [lesson.message] });
      const errors = latest.current(lesson.text, file.name);
      if (errors !== null)
        setProblem({
          title: `“${file.name}” is not a valid lesson; nothing was changed`,
          lines: errors.map((e) => `${lesson.where(e.line)}: ${e.message}`),
        });
    };
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') === true;
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      // A drop zone of its own (the Model lab's image input) has handled it already.
      if (!hasFiles(e) || e.defaultPrevented) return;
      e.preventDefault();
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (file !== undefined) void open(file);
    };
    const picked = () => {
      const file = input.current?.files?.[0];
      if (file !== undefined) void open(file);
      if (input.current !== null) input.current.value = '';
    };
    const el = input.current;
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    el?.addEventListener('change', picked);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
      el?.removeEventListener('change', picked);
    };
  }, []);

  useEffect(() => {
    if (problem !== null && dialog.current?.open === false) dialog.current.showModal();
  }, [problem]);

  return (
    <>
      <button
        type="button"
        onClick={() => input.current?.click()}
        title="Open a lesson Markdown file or a Jupyter notebook (or drop one on the page)"
      >
        Import…
      </button>
      <input
        ref={input}
        type="file"
        accept=".md,.markdown,.ipynb,text/markdown,application/x-ipynb+json"
        hidden
        aria-label="Lesson file or notebook to import"
        data-testid="import-file"
      />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop a lesson .md file or a notebook .ipynb to open it
        </div>
      )}
      <dialog
        ref={dialog}
        className="import-error"
        role="alertdialog"
        aria-labelledby="import-error-title"
        onClose={() => setProblem(null)}
      >
        <h2 id="import-error-title">{problem?.title}</h2>
        <ul>
          {problem?.lines.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ul>
        <form method="dialog">
          <button type="submit" autoFocus>
            OK
          </button>
        </form>
      </dialog>
    </>
  );
}
