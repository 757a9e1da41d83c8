import { sanitizeHtml } from '../shared/sanitize-html.ts';
import { MathProgressLine } from '../ui/MathProgressLine.tsx';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
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
import { buildFlow, splitHtmlInPage, type FlowEntry } from './slide-flow.ts';
import { measurePages, samePages, type SlideLayout } from './slide-measure.ts';
import { MIN_ZOOM, pageSlug, parsePageSlug, type SlidePage } from './slide-pages.ts';
import { slideIndex, splitSlides, type Slide } from './slides.ts';
import { openSpeakerView, useSpeakerLink } from './use-speaker-link.ts';
import { summarizeBlocks } from './slide-summary.ts';
import './presenter.css';

/** A figure's text is this much smaller than the slide's body text (it carries more detail). */
const FIGURE_TEXT_RATIO = 1.25;

/** Quiet time before sizes are measured again (a full layout of the lesson). */
const REMEASURE_AFTER_MS = 150;

export interface PresenterProps {
  readonly page: LessonPage;
  /** The slide the URL names: a section's slug, `slug~N` for its N-th slide. */
  readonly slug: string | null;
  readonly names: () => Promise<readonly string[]>;
  readonly renderMarkdown: (source: string) => string;
  readonly storage: KeyValueStorage;
  readonly onNavigate: (slug: string) => void;
  /** Leave, back to the section of the slide shown (null: the title slide). */
  readonly onExit: (section: string | null) => void;
}

interface Located {
  readonly index: number;
  readonly count: number;
  readonly page: SlidePage | null;
  readonly slugs: readonly string[];
}

/** Slides of the lesson: where the URL points, and the slug of every slide. */
function locate(sections: readonly Slide[], flow: readonly FlowEntry[], pages: readonly SlidePage[] | null, slug: string | null): Located {
  const { section: sectionSlug, part } = parsePageSlug(slug ?? '');
  const section = slideIndex(sections, sectionSlug === '' ? null : sectionSlug);
  if (pages === null) return { index: section, count: sections.length, page: null, slugs: sections.map((s) => s.slug) };
  const parts = new Map<number, number>();
  const slugs = pages.map((p) => {
    const s = flow[p.start]!.section;
    const n = (parts.get(s) ?? 0) + 1;
    parts.set(s, n);
    return pageSlug(sections[s]!.slug, n);
  });
  const ofSection = pages.flatMap((p, i) => (flow[p.start]!.section === section ? [i] : []));
  const index = ofSection[Math.min(part, ofSection.length) - 1] ?? 0;
  return { index, count: pages.length, page: pages[index] ?? null, slugs };
}

/**
 * The lesson as slides that fit the screen: each section starts a slide and a section too tall
 * for one continues on the next (breaking between paragraphs, cells and figures, never after a
 * heading, and wherever the lesson has a `---` line). Cells stay live (edit, run, interrupt), but
 * nothing runs by itself when a slide is entered.
 */
export function Presenter({ page, slug, names, renderMarkdown, storage, onNavigate, onExit }: PresenterProps) {
  const sections = useMemo(() => splitSlides(page), [page]);
  const flow = useMemo(() => buildFlow(sections, (html) => splitHtmlInPage(sanitizeHtml(html))), [sections]);
  const [layout, setLayout] = useState<SlideLayout | null>(null);
  const pages = layout?.pages ?? null;
  const [scale, setScale] = useState(() => loadScale(storage));
  const [hideCode, setHideCode] = useState(false);
  const main = useRef<HTMLElement>(null);
  const flowRef = useRef<HTMLDivElement>(null);
  const where = useMemo(() => locate(sections, flow, pages, slug), [sections, flow, pages, slug]);
  const { index, count, page: shown, slugs } = where;
  const sectionIndex = shown === null ? index : flow[shown.start]!.section;
  const section = sections[sectionIndex];
  /** The first block shown: after a re-measure the slide that holds it stays on screen. */
  const anchor = useRef(0);
  useEffect(() => {
    anchor.current = shown?.start ?? flow.findIndex((e) => e.section === sectionIndex);
  }, [shown, flow, sectionIndex]);

  const remeasure = useCallback(() => {
    if (main.current === null || flowRef.current === null) return;
    // Figures are sized in rem: zoom them with the slide's text (before measuring their height).
    const textPx = parseFloat(getComputedStyle(main.current).fontSize);
    main.current.style.setProperty('--figure-zoom', (textPx / 16 / FIGURE_TEXT_RATIO).toFixed(3));
    const next = measurePages(main.current, flowRef.current, flow);
    // Not React state: tests and tools wait for `settled` before reading a slide's size.
    main.current.dataset.layout = 'settled';
    setLayout((old) => (old !== null && old.available === next.available && samePages(old.pages, next.pages) ? old : next));
  }, [flow]);
  useLayoutEffect(remeasure, [remeasure, scale, hideCode]);
  // Anything that changes sizes: the window, fonts, a figure or editor that finished loading
  // (also on slides not shown: hence a MutationObserver, a ResizeObserver sees only the shown
  // slide), a cell's output. Measured once things settle, not on every keystroke.
  useEffect(() => {
    let timer = 0;
    const later = () => {
      if (main.current !== null) main.current.dataset.layout = 'pending';
      window.clearTimeout(timer);
      timer = window.setTimeout(remeasure, REMEASURE_AFTER_MS);
    };
    const resized = new ResizeObserver(later);
    const changed = new MutationObserver(later);
    if (flowRef.current !== null) {
      resized.observe(flowRef.current);
      changed.observe(flowRef.current, { childList: true, subtree: true, characterData: true });
    }
    window.addEventListener('resize', later);
    void document.fonts?.ready.then(later);
    return () => {
      window.clearTimeout(timer);
      resized.disconnect();
      changed.disconnect();
      window.removeEventListener('resize', later);
    };
  }, [remeasure]);
  // After a re-pack, keep showing the slide that holds the block that was at the top.
  const follow = useRef({ where, onNavigate });
  useEffect(() => {
    follow.current = { where, onNavigate };
  });
  useEffect(() => {
    if (pages === null) return;
    const { where: now, onNavigate: navigate } = follow.current;
    const at = pages.findIndex((p) => p.start <= anchor.current && anchor.current < p.end);
    const want = now.slugs[at];
    if (want !== undefined && at !== now.index) navigate(want);
  }, [pages]);

  // `?slide=` empty or unknown (Present from the top, an old link): name the slide shown.
  useEffect(() => {
    const shownSlug = where.slugs[where.index];
    if (pages !== null && shownSlug !== undefined && shownSlug !== slug) follow.current.onNavigate(shownSlug);
  }, [pages, where, slug]);

  const go = useCallback(
    (to: 'next' | 'previous' | 'first' | 'last') => {
      const target = slugs[move(index, count, to)];
      if (target !== undefined && target !== slugs[index]) onNavigate(target);
    },
    [slugs, index, count, onNavigate],
  );
  const changeScale = useCallback(
    (direction: 1 | -1) => {
      setScale((s) => {
        const next = stepScale(s, direction);
        saveScale(storage, next);
        return next;
      });
    },
    [storage],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const target = e.target instanceof Element ? e.target : null;
      // Dialogs (full-screen output) and the controls' own keys come first.
      if (target?.closest('dialog') != null || target instanceof HTMLSelectElement) return;
      const action = presenterAction({ key: e.key, ctrl: e.ctrlKey, meta: e.metaKey, alt: e.altKey, typing: isTextEntry(target) });
      if (action === null) return;
      e.preventDefault();
      if (action.type === 'go') go(action.to);
      else if (action.type === 'scale') changeScale(action.direction);
      else if (action.type === 'toggle-code') setHideCode((h) => !h);
      else if (action.type === 'speaker-view') openSpeakerView(import.meta.env.BASE_URL);
      else if (action.type === 'leave-editor') target?.closest<HTMLElement>('section.cell')?.focus();
      else onExit(sectionOf(section));
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [go, changeScale, onExit, section]);

  // A new slide: its content replaced whatever had focus; read it from the top.
  useEffect(() => {
    main.current?.scrollTo?.({ top: 0 });
    if (document.activeElement === document.body || document.activeElement === null) main.current?.focus();
  }, [index]);

  const nextPage = pages?.[index + 1];
  const next = useMemo(
    () =>
      nextPage === undefined
        ? null
        : { title: sections[flow[nextPage.start]!.section]!.title, html: summarizeBlocks(flow.slice(nextPage.start, nextPage.end), page) },
    [nextPage, sections, flow, page],
  );
  useSpeakerLink(
    {
      lesson: page.notebook.id,
      index,
      count,
      title: section?.title ?? '',
      notes: sanitizeHtml(page.notes[section?.level === 1 ? '' : (section?.slug ?? '')] ?? ''),
      next,
    },
    go,
  );

  const focusNext = useCallback((id: CellId) => requestAnimationFrame(() => focusAfter(id)), []);
  if (section === undefined) return null;
  const visible = (i: number) => (shown === null ? flow[i]!.section === sectionIndex : shown.start <= i && i < shown.end);
  return (
    <div className="presenter" data-hide-code={hideCode ? 'true' : undefined} style={{ fontSize: `calc(${scale} * var(--present-base))` }}>
      <main
        ref={main}
        className="slide"
        tabIndex={-1}
        aria-roledescription="slide"
        aria-label={`Slide ${index + 1} of ${count}: ${section.title}`}
        data-slide={slugs[index] ?? section.slug}
      >
        <div className="slide-flow" ref={flowRef}>
          {flow.map((entry, i) => (
            <div key={i} className="slide-block" data-off={visible(i) ? undefined : ''} style={zoomStyle(shown, i, layout?.available ?? 0)}>
              <Block entry={entry} page={page} names={names} renderMarkdown={renderMarkdown} focusNext={focusNext} />
            </div>
          ))}
        </div>
        {page.pendingFormulas > 0 && <MathProgressLine root={main} total={page.pendingFormulas} lesson={page} quiet />}
      </main>
      <PresenterBar
        index={index}
        count={count}
        title={section.title}
        scale={scale}
        hideCode={hideCode}
        storage={storage}
        onGo={go}
        onScale={changeScale}
        onToggleCode={() => setHideCode((h) => !h)}
        onSpeakerView={() => openSpeakerView(import.meta.env.BASE_URL)}
        onExit={() => onExit(sectionOf(section))}
      />
    </div>
  );
}

const sectionOf = (slide: Slide | undefined): string | null => (slide === undefined || slide.level === 1 ? null : slide.slug);

/** A block alone on a slide and taller than it: zoomed out, and if even that is too tall it scrolls inside itself. */
function zoomStyle(shown: SlidePage | null, i: number, available: number): CSSProperties | undefined {
  if (shown === null || shown.zoom >= 1 || i !== shown.start) return undefined;
  if (shown.zoom > MIN_ZOOM) return { zoom: shown.zoom };
  return { zoom: shown.zoom, maxHeight: `${Math.floor(available / shown.zoom)}px`, overflow: 'auto' };
}

interface BlockProps {
  readonly entry: FlowEntry;
  readonly page: LessonPage;
  readonly names: () => Promise<readonly string[]>;
  readonly renderMarkdown: (source: string) => string;
  readonly focusNext: (id: CellId) => void;
}

function Block({ entry, page, names, renderMarkdown, focusNext }: BlockProps) {
  const item = entry.item;
  switch (item.kind) {
    case 'title':
      return (
        <header className="slide-title">
          <h1>{page.notebook.title}</h1>
          {page.chapter !== null && <p className="lesson-chapter">Chapter {page.chapter}</p>}
        </header>
      );
    case 'html':
      // Already sanitised when the flow was built.
      return <div className="prose" dangerouslySetInnerHTML={{ __html: item.html }} />;
    case 'figure':
      return <FigureHost name={item.name} options={item.options} />;
    case 'code': {
      const cell = page.notebook.cells.find((c) => c.id === item.cellId);
      if (cell === undefined) return null;
      const group = { names, renderMarkdown, focusNext, python: item.python, exercise: item.exercise };
      return (
        <div className="slide-cells">
          {cell.id === page.notebook.cells[0]?.id && <CellGroup {...group} cell={null} python={null} exercise={null} />}
          <CellGroup {...group} cell={cell} />
        </div>
      );
    }
    default: {
      const never: never = item;
      return never;
    }
  }
}
