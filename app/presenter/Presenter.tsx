import { sanitizeHtml } from '../shared/sanitize-html.ts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LessonPage } from '../notebook/lesson-page.ts';
import type { KeyValueStorage } from '../notebook/persistence.ts';
import type { CellId } from '../shared/brand.ts';
import { CellGroup } from '../ui/commands/CellGroup.tsx';
import { isTextEntry } from '../ui/commands/command-keys.ts';
import { FigureHost } from '../ui/FigureHost.tsx';
import { focusAfter } from '../ui/LessonView.tsx';
import { loadScale, saveScale, stepScale } from './font-scale.ts';
import { move, presenterAction } from './presenter-keys.ts';
import { PresenterBar } from './PresenterBar.tsx';
import { slideIndex, splitSlides, type Slide } from './slides.ts';
import './presenter.css';

export interface PresenterProps {
  readonly page: LessonPage;
  /** The slide the URL names. */
  readonly slug: string | null;
  readonly names: () => Promise<readonly string[]>;
  readonly renderMarkdown: (source: string) => string;
  readonly storage: KeyValueStorage;
  readonly onNavigate: (slug: string) => void;
  /** Leave, back to the section of the slide shown (null: the title slide). */
  readonly onExit: (section: string | null) => void;
}

/**
 * The lesson as slides. Cells stay live (edit, run, interrupt), but nothing
 * runs by itself when a slide is entered: a slide with a model-loading cell
 * waits for the instructor to press Run.
 */
export function Presenter({ page, slug, names, renderMarkdown, storage, onNavigate, onExit }: PresenterProps) {
  const slides = useMemo(() => splitSlides(page), [page]);
  const index = slideIndex(slides, slug);
  const slide = slides[index];
  const [scale, setScale] = useState(() => loadScale(storage));
  const [hideCode, setHideCode] = useState(false);
  const main = useRef<HTMLElement>(null);

  const go = useCallback((to: 'next' | 'previous' | 'first' | 'last') => {
    const target = slides[move(index, slides.length, to)];
    if (target !== undefined && target.slug !== slides[index]?.slug) onNavigate(target.slug);
  }, [slides, index, onNavigate]);
  const changeScale = useCallback((direction: 1 | -1) => {
    setScale((s) => {
      const next = stepScale(s, direction);
      saveScale(storage, next);
      return next;
    });
  }, [storage]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const target = e.target instanceof Element ? e.target : null;
      // Dialogs (full-screen output) and the controls' own keys come first.
      if (target?.closest('dialog') != null || (target instanceof HTMLSelectElement)) return;
      const action = presenterAction({ key: e.key, ctrl: e.ctrlKey, meta: e.metaKey, alt: e.altKey, typing: isTextEntry(target) });
      if (action === null) return;
      e.preventDefault();
      if (action.type === 'go') go(action.to);
      else if (action.type === 'scale') changeScale(action.direction);
      else if (action.type === 'toggle-code') setHideCode((h) => !h);
      else if (action.type === 'leave-editor') target?.closest<HTMLElement>('section.cell')?.focus();
      else onExit(sectionOf(slides[index]));
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [go, changeScale, onExit, slides, index]);

  // A new slide: its content replaced whatever had focus; read it from the top.
  useEffect(() => {
    main.current?.scrollTo?.({ top: 0 });
    if (document.activeElement === document.body || document.activeElement === null) main.current?.focus();
  }, [index]);

  const focusNext = useCallback((id: CellId) => requestAnimationFrame(() => focusAfter(id)), []);
  if (slide === undefined) return null;
  return (
    <div className="presenter" data-hide-code={hideCode ? 'true' : undefined} style={{ fontSize: `calc(${scale} * var(--present-base))` }}>
      <main ref={main} className="slide" tabIndex={-1} aria-roledescription="slide" aria-label={`Slide ${index + 1} of ${slides.length}: ${slide.title}`}
        data-slide={slide.slug}>
        <SlideContent slide={slide} page={page} names={names} renderMarkdown={renderMarkdown} focusNext={focusNext} />
      </main>
      <PresenterBar index={index} count={slides.length} title={slide.title} scale={scale} hideCode={hideCode} storage={storage}
        onGo={go} onScale={changeScale} onToggleCode={() => setHideCode((h) => !h)} onExit={() => onExit(sectionOf(slide))} />
    </div>
  );
}

const sectionOf = (slide: Slide | undefined): string | null => (slide === undefined || slide.level === 1 ? null : slide.slug);

interface SlideContentProps {
  readonly slide: Slide;
  readonly page: LessonPage;
  readonly names: () => Promise<readonly string[]>;
  readonly renderMarkdown: (source: string) => string;
  readonly focusNext: (id: CellId) => void;
}

function SlideContent({ slide, page, names, renderMarkdown, focusNext }: SlideContentProps) {
  const cells = useMemo(() => new Map(page.notebook.cells.map((c) => [c.id, c])), [page]);
  const firstCell = page.notebook.cells[0]?.id;
  return (
    <>
      {slide.level === 1 && (
        <header className="slide-title">
          <h1>{slide.title}</h1>
          {page.chapter !== null && <p className="lesson-chapter">Chapter {page.chapter}</p>}
        </header>
      )}
      {slide.items.map((item, i) => {
        if (item.kind === 'html') return <div key={i} className="prose" dangerouslySetInnerHTML={{ __html: sanitizeHtml(item.html) }} />;
        if (item.kind === 'figure') return <FigureHost key={i} name={item.name} options={item.options} />;
        const cell = cells.get(item.cellId);
        if (cell === undefined) return null;
        const group = { names, renderMarkdown, focusNext, python: item.python, exercise: item.exercise };
        return (
          <div key={cell.id} className="slide-cells">
            {cell.id === firstCell && <CellGroup {...group} cell={null} python={null} exercise={null} />}
            <CellGroup {...group} cell={cell} />
          </div>
        );
      })}
    </>
  );
}
