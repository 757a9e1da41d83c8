import { sanitizeHtml } from '../shared/sanitize-html.ts';
import { Fragment, useCallback, useMemo } from 'react';
import type { LessonPage } from '../notebook/lesson-page.ts';
import type { CellId } from '../shared/brand.ts';
import { CellGroup } from './commands/CellGroup.tsx';
import { FigureHost } from './FigureHost.tsx';

export interface LessonViewProps {
  readonly page: LessonPage;
  readonly names: () => Promise<readonly string[]>;
  readonly renderMarkdown: (source: string) => string;
}

/** Focus the code of the cell after `id` (Shift-Enter), or the Run all button after the last one. */
export function focusAfter(id: CellId): void {
  const sections = [...document.querySelectorAll<HTMLElement>('section.cell')];
  const cell = sections[sections.findIndex((s) => s.dataset.cellId === id) + 1];
  const next =
    cell?.querySelector<HTMLElement>('.cm-content') ?? cell?.querySelector<HTMLElement>('.btn-run') ?? cell ?? document.querySelector<HTMLElement>('button[aria-label="Run all"]');
  next?.focus();
  cell?.scrollIntoView({ block: 'nearest' });
}

export function LessonView({ page, names, renderMarkdown }: LessonViewProps) {
  const cells = useMemo(() => new Map(page.notebook.cells.map((c) => [c.id, c])), [page]);
  const safeHtml = useMemo(() => page.blocks.map((b) => (b.kind === 'markdown' ? sanitizeHtml(b.html) : '')), [page]);
  const focusNext = useCallback((id: CellId) => requestAnimationFrame(() => focusAfter(id)), []);
  const firstCode = page.blocks.findIndex((b) => b.kind === 'code');
  const lastCode = page.blocks.findLastIndex((b) => b.kind === 'code');
  return (
    <article className="lesson" aria-labelledby="lesson-title">
      <h1 id="lesson-title">{page.notebook.title}</h1>
      {page.chapter !== null && <p className="lesson-chapter">Chapter {page.chapter}</p>}
      {page.blocks.map((block, i) => {
        if (block.kind === 'markdown') return <div key={i} className="prose" dangerouslySetInnerHTML={{ __html: safeHtml[i] ?? '' }} />;
        if (block.kind === 'figure') return <FigureHost key={i} name={block.name} options={block.options} />;
        const cell = cells.get(block.cellId);
        if (cell === undefined) return null;
        const group = { python: block.python, exercise: block.exercise, names, renderMarkdown, focusNext };
        return (
          <Fragment key={cell.id}>
            {i === firstCode && <CellGroup {...group} cell={null} python={null} exercise={null} />}
            <CellGroup {...group} cell={cell} orphans={i === lastCode} />
          </Fragment>
        );
      })}
    </article>
  );
}
