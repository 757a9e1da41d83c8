import { sanitizeHtml } from '../shared/sanitize-html.ts';
import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LessonPage } from '../notebook/lesson-page.ts';
import type { CellId } from '../shared/brand.ts';
import { CellGroup } from './commands/CellGroup.tsx';
import { FigureHost } from './FigureHost.tsx';
import { DeleteToast } from './commands/DeleteToast.tsx';
import { cellsOfEvent, setInsertTargets } from './commands/insert-target.ts';
import { MathProgressLine } from './MathProgressLine.tsx';

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
    cell?.querySelector<HTMLElement>('.cm-content') ??
    cell?.querySelector<HTMLElement>('.code-fallback') ??
    cell?.querySelector<HTMLElement>('.btn-run') ??
    cell ??
    document.querySelector<HTMLElement>('button[aria-label="Run all"]');
  next?.focus();
  cell?.scrollIntoView({ block: 'nearest' });
}

// Sanitised when first shown, once per block (a big lesson's prose is not all sanitised before its first cell appears).
const sanitized = new WeakMap<object, string>();
function safeHtml(block: { readonly html: string }): string {
  let safe = sanitized.get(block);
  if (safe === undefined) sanitized.set(block, (safe = sanitizeHtml(block.html)));
  return safe;
}

/** The lesson's own text is the textbook: students add their own notes beside it rather than edit it. */
const READ_ONLY_TEXT = "The lesson's text is read-only. Add your own notes with + Text under any cell.";

/** Blocks shown in the first frame, then added per frame: a lesson of thousands of cells shows at once and fills in. */
const FIRST_BLOCKS = 80;
const BLOCKS_PER_FRAME = 120;

/** How many of `total` blocks to render now: all for a small lesson, growing frame by frame for a big one. */
function useProgressiveCount(total: number, key: unknown): number {
  const [state, setState] = useState({ key, shown: Math.min(total, FIRST_BLOCKS) });
  const shown = state.key === key ? state.shown : Math.min(total, FIRST_BLOCKS);
  if (state.key !== key) setState({ key, shown });
  useEffect(() => {
    if (shown >= total) return;
    const frame = requestAnimationFrame(() => setState({ key, shown: Math.min(total, shown + BLOCKS_PER_FRAME) }));
    return () => cancelAnimationFrame(frame);
  }, [shown, total, key]);
  useEffect(() => {
    // A deep link into the part rendered last: scroll once it exists.
    if (shown < total || total <= FIRST_BLOCKS || location.hash.length < 2) return;
    document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  }, [shown, total]);
  return shown;
}

export function LessonView({ page, names, renderMarkdown }: LessonViewProps) {
  const cells = useMemo(() => new Map(page.notebook.cells.map((c) => [c.id, c])), [page]);
  const focusNext = useCallback((id: CellId) => requestAnimationFrame(() => focusAfter(id)), []);
  const firstCode = page.blocks.findIndex((b) => b.kind === 'code');
  const lastCode = page.blocks.findLastIndex((b) => b.kind === 'code');
  const shown = useProgressiveCount(page.blocks.length, page);
  const article = useRef<HTMLElement>(null);
  // The + Code / + Text bars follow the pointer and the focus (commands/insert-target.ts); they start under the first cell.
  useEffect(() => {
    const first = page.notebook.cells[0]?.id;
    setInsertTargets(first === undefined ? [] : [first]);
  }, [page]);
  const follow = (e: { readonly target: EventTarget | null }) => {
    const ids = cellsOfEvent(e.target);
    if (ids.length > 0) setInsertTargets(ids);
  };
  return (
    <article
      ref={article}
      className={page.pendingFormulas > 0 ? 'lesson lesson-big-math' : 'lesson'}
      aria-labelledby="lesson-title"
      onPointerOver={follow}
      onFocus={follow}
    >
      <h1 id="lesson-title">{page.notebook.title}</h1>
      {page.chapter !== null && <p className="lesson-chapter">Chapter {page.chapter}</p>}
      {shown < page.blocks.length && (
        <p className="lesson-progress" role="status">
          Showing the lesson: <progress max={page.blocks.length} value={shown} aria-label="Lesson shown" /> {shown} of {page.blocks.length}{' '}
          parts
        </p>
      )}
      {page.pendingFormulas > 0 && <MathProgressLine root={article} total={page.pendingFormulas} lesson={page} />}
      {page.blocks.slice(0, shown).map((block, i) => {
        if (block.kind === 'markdown')
          return <div key={i} className="prose" title={READ_ONLY_TEXT} dangerouslySetInnerHTML={{ __html: safeHtml(block) }} />;
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
      <DeleteToast />
    </article>
  );
}
