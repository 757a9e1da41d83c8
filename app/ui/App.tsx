import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CatalogEntry } from '../notebook/catalog.ts';
import type { LessonLoadError, LessonPage } from '../notebook/lesson-page.ts';
import type { NotebookStore } from '../notebook/store.ts';
import { LessonView } from './LessonView.tsx';
import { NotebookContext, useNotebook } from './notebook-context.ts';
import { Toc } from './Toc.tsx';
import { Toolbar } from './Toolbar.tsx';
import { useGlobalShortcuts } from './use-global-shortcuts.ts';

export interface AppProps {
  readonly store: NotebookStore;
  readonly catalog: readonly CatalogEntry[];
  readonly initialLessonId: string | null;
  readonly build: (text: string, path: string) => { ok: true; page: LessonPage } | { ok: false; errors: readonly LessonLoadError[] };
  readonly renderMarkdown: (source: string) => string;
  readonly names: () => readonly string[];
}

type Shown = { readonly kind: 'page'; readonly page: LessonPage } | { readonly kind: 'errors'; readonly errors: readonly LessonLoadError[] } | { readonly kind: 'none' };

export function App(props: AppProps) {
  const { store, catalog, build } = props;
  const [shown, setShown] = useState<Shown>({ kind: 'none' });
  const [currentId, setCurrentId] = useState<string | null>(null);

  const show = useCallback(
    (text: string, path: string): readonly LessonLoadError[] | null => {
      const result = build(text, path);
      if (!result.ok) {
        setShown({ kind: 'errors', errors: result.errors });
        return result.errors;
      }
      store.getState().openLesson(result.page.notebook);
      setShown({ kind: 'page', page: result.page });
      setCurrentId(result.page.notebook.id);
      document.title = `${result.page.notebook.title} · Quantization Lab`;
      return null;
    },
    [build, store],
  );

  const openById = useCallback(
    (id: string, push: boolean) => {
      const entry = catalog.find((e) => e.id === id) ?? catalog[0];
      if (entry === undefined) return;
      show(entry.text, entry.path);
      setCurrentId(entry.id);
      if (push) history.pushState(null, '', `?lesson=${encodeURIComponent(entry.id)}`);
    },
    [catalog, show],
  );

  useEffect(() => {
    openById(props.initialLessonId ?? catalog[0]?.id ?? '', false);
    const onPop = () => openById(new URLSearchParams(location.search).get('lesson') ?? '', false);
    window.addEventListener('popstate', onPop);
    // The lesson checker (and later, Import) opens lesson text from anywhere.
    window.__qlab = { openLessonText: show, store };
    return () => window.removeEventListener('popstate', onPop);
  }, [openById, show, store, props.initialLessonId, catalog]);

  // Deep links to a section: scroll once the lesson has rendered.
  useEffect(() => {
    if (shown.kind !== 'page' || location.hash.length < 2) return;
    document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  }, [shown]);

  useGlobalShortcuts(store);

  const broken = useMemo(() => catalog.filter((e) => e.errors.length > 0), [catalog]);

  return (
    <NotebookContext.Provider value={store}>
      <header className="app-header">
        <a className="app-name" href="./">Quantization Lab</a>
        <label className="lesson-picker">
          <span>Lesson</span>
          <select value={currentId ?? ''} onChange={(e) => openById(e.target.value, true)}>
            {catalog.map((e) => (
              <option key={e.id} value={e.id}>
                {e.title}
                {e.errors.length > 0 ? ' (has errors)' : ''}
              </option>
            ))}
          </select>
        </label>
        <Toolbar />
      </header>
      <KernelNotice />
      <div className="layout">
        {shown.kind === 'page' && <Toc page={shown.page} />}
        <main className="main">
          {broken.length > 0 && shown.kind === 'page' && (
            <p className="catalog-warning" role="note">
              {broken.length} lesson file{broken.length > 1 ? 's have' : ' has'} errors and cannot open: {broken.map((b) => b.path).join(', ')}.
            </p>
          )}
          {shown.kind === 'errors' && <LessonErrors errors={shown.errors} />}
          {shown.kind === 'page' && <LessonView page={shown.page} names={props.names} renderMarkdown={props.renderMarkdown} />}
        </main>
      </div>
    </NotebookContext.Provider>
  );
}

function LessonErrors({ errors }: { readonly errors: readonly LessonLoadError[] }) {
  return (
    <div className="lesson-errors" role="alert">
      <h1>This lesson file cannot be opened</h1>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            <code>
              {e.path}:{e.line}
            </code>{' '}
            {e.message}
          </li>
        ))}
      </ul>
      <p>Fix the file and reload; the other lessons still work (pick one above).</p>
    </div>
  );
}

function KernelNotice() {
  const notice = useNotebook((s) => s.kernelNotice);
  const dismiss = useNotebook((s) => s.dismissNotice);
  if (notice === null) return null;
  return (
    <div className="kernel-notice" role="alert">
      <span>{notice}</span>
      <button type="button" onClick={dismiss} aria-label="Dismiss kernel notice">
        ×
      </button>
    </div>
  );
}

declare global {
  interface Window {
    __qlab?: {
      openLessonText(text: string, path: string): readonly LessonLoadError[] | null;
      store: NotebookStore;
    };
  }
}
