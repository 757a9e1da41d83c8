import DOMPurify from 'dompurify';
import { useCallback, useMemo } from 'react';
import type { LessonPage } from '../notebook/lesson-page.ts';
import { Cell } from './Cell.tsx';
import { FigureHost } from './FigureHost.tsx';

export interface LessonViewProps {
  readonly page: LessonPage;
  readonly names: () => readonly string[];
  readonly renderMarkdown: (source: string) => string;
}

/** Focus the code of the cell after `index` (Shift-Enter), or the Run all button after the last one. */
function focusAfter(index: number): void {
  const cell = document.querySelector<HTMLElement>(`section.cell[aria-label="Cell ${index + 1}"]`);
  const next = cell?.querySelector<HTMLElement>('.cm-content') ?? cell?.querySelector<HTMLElement>('.btn-run') ?? document.querySelector<HTMLElement>('button[aria-label="Run all"]');
  next?.focus();
  cell?.scrollIntoView({ block: 'nearest' });
}

export function LessonView({ page, names, renderMarkdown }: LessonViewProps) {
  const cells = useMemo(() => new Map(page.notebook.cells.map((c) => [c.id, c])), [page]);
  const safeHtml = useMemo(() => page.blocks.map((b) => (b.kind === 'markdown' ? DOMPurify.sanitize(b.html) : '')), [page]);
  const focusNext = useCallback((index: number) => requestAnimationFrame(() => focusAfter(index)), []);
  return (
    <article className="lesson" aria-labelledby="lesson-title">
      <h1 id="lesson-title">{page.notebook.title}</h1>
      {page.chapter !== null && <p className="lesson-chapter">Chapter {page.chapter}</p>}
      {page.blocks.map((block, i) => {
        if (block.kind === 'markdown') return <div key={i} className="prose" dangerouslySetInnerHTML={{ __html: safeHtml[i] ?? '' }} />;
        if (block.kind === 'figure') return <FigureHost key={i} name={block.name} options={block.options} />;
        const cell = cells.get(block.cellId);
        if (cell === undefined) return null;
        return <Cell key={cell.id} cell={cell} python={block.python} exercise={block.exercise} names={names} renderMarkdown={renderMarkdown} focusNext={focusNext} />;
      })}
    </article>
  );
}
