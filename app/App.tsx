import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ClassroomTools } from './presenter/ClassroomTools.tsx';
import { useImportedLessons } from './export/use-imported.ts';
import type { KeyValueStorage } from './notebook/persistence.ts';
import { StatusBar } from './ui/StatusBar.tsx';
import { Presenter } from './presenter/Presenter.tsx';
import { sectionInView, usePresenterRoute } from './presenter/use-presenter-route.ts';
import { LabHeader, LabLink, LabPage, useLabRoute } from './lab/entry.tsx';
import { ShortcutsDialog } from './ui/commands/ShortcutsDialog.tsx';
import { useCommandMode } from './ui/commands/use-command-mode.ts';
import type { CatalogEntry } from './notebook/catalog.ts';
import type { LessonLoadError, LessonPage } from './notebook/lesson-page.ts';
import type { NotebookStore } from './notebook/store.ts';
import { LessonView } from './ui/LessonView.tsx';
import { NotebookContext, useNotebook } from './ui/notebook-context.ts';
import { Toc } from './ui/Toc.tsx';
import { OutputsProblemNotice, SaveProblemBanner, TabNotice } from './ui/SaveNotices.tsx';
import { UnmatchedEdits } from './ui/UnmatchedEdits.tsx';
import { Toolbar } from './ui/Toolbar.tsx';
import { useGlobalShortcuts } from './ui/use-global-shortcuts.ts';

export interface AppProps {
  readonly store: NotebookStore;
  readonly catalog: readonly CatalogEntry[];
  readonly initialLessonId: string | null;
  readonly build: (text: string, path: string) => { ok: true; page: LessonPage } | { ok: false; errors: readonly LessonLoadError[] };
  readonly renderMarkdown: (source: string) => string;
  readonly names: () => Promise<readonly string[]>;
  /** Where UI preferences live (theme, presenter text size): localStorage in the browser. */
  readonly storage: KeyValueStorage;
}

type Shown =
  | { readonly kind: 'page'; readonly page: LessonPage }
  | { readonly kind: 'errors'; readonly errors: readonly LessonLoadError[] }
  | { readonly kind: 'none' };

export function App(props: AppProps) {
  const { store, catalog, build } = props;
  const [shown, setShown] = useState<Shown>({ kind: 'none' });
  const [currentId, setCurrentId] = useState<string | null>(null);
  /** The open lesson's text, for Export. */
  const [source, setSource] = useState<{ readonly text: string; readonly path: string } | null>(null);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const route = usePresenterRoute();
  const lab = useLabRoute();
  const imported = useImportedLessons(build);
  const lessons = useMemo(() => [...catalog, ...imported.entries], [catalog, imported.entries]);

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
      setSource({ text, path });
      document.title = `${result.page.notebook.title} · Quantization Lab`;
      return null;
    },
    [build, store],
  );

  const openById = useCallback(
    (id: string, push: boolean) => {
      const entry = lessons.find((e) => e.id === id) ?? catalog[0];
      if (entry === undefined) return;
      show(entry.text, entry.path);
      setCurrentId(entry.id);
      if (push) history.pushState(null, '', `?lesson=${encodeURIComponent(entry.id)}`);
    },
    [catalog, lessons, show],
  );

  /** Import: a bad file shows its errors (ImportControl) and leaves the open lesson as it is. */
  const importLesson = useCallback(
    (text: string, fileName: string): readonly LessonLoadError[] | null => {
      const added = imported.add(text, fileName);
      if (!added.ok) return added.errors;
      show(text, added.entry.path);
      history.pushState(null, '', `?lesson=${encodeURIComponent(added.entry.id)}`);
      return null;
    },
    [imported, show],
  );

  // The first lesson opens once; later changes to the list (an import) must not reopen it.
  const latestOpen = useRef({ openById, lessons });
  useEffect(() => {
    latestOpen.current = { openById, lessons };
  });
  useEffect(() => {
    const requested = new URLSearchParams(location.search).get('lesson');
    const { openById: open, lessons: known } = latestOpen.current;
    open(requested !== null && known.some((e) => e.id === requested) ? requested : (props.initialLessonId ?? catalog[0]?.id ?? ''), false);
    const onPop = () => {
      // Into the lab (Forward): the lesson stays open under it, whatever the URL names.
      if (new URLSearchParams(location.search).has('lab')) return;
      // Back from the lab or a slide keeps the open lesson (and its outputs) when it is the same one.
      const wanted = new URLSearchParams(location.search).get('lesson') ?? props.initialLessonId ?? '';
      if (store.getState().lesson?.id === wanted) return;
      latestOpen.current.openById(wanted, false);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [props.initialLessonId, catalog, store]);
  useEffect(() => {
    // The lesson checker (and Import) opens lesson text from anywhere.
    window.__qlab = { openLessonText: show, store };
  }, [show, store]);

  // Deep links to a section: scroll once the lesson has rendered.
  useEffect(() => {
    if (shown.kind !== 'page' || location.hash.length < 2) return;
    document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  }, [shown]);

  const inLab = lab.model !== null;
  // The lab page acts on no lesson: its keys (Run all, Interrupt, command mode) are off there.
  useGlobalShortcuts(store, { keys: !inLab });
  const page = shown.kind === 'page' ? shown.page : null;
  const present = useCallback(() => page !== null && route.present(sectionInView(page), page.notebook.id), [page, route]);
  const openShortcuts = useCallback(() => setShortcutsOpen(true), []);
  useCommandMode(store, { onPresent: present, onShortcuts: openShortcuts, enabled: !route.presenting && !inLab });
  // Back from the lab: the lesson's title again (ModelLab set its own).
  useEffect(() => {
    if (!inLab && page !== null) document.title = `${page.notebook.title} · Quantization Lab`;
  }, [inLab, page]);

  const broken = useMemo(() => catalog.filter((e) => e.errors.length > 0), [catalog]);

  const shortcuts = <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />;
  const announcer = <div id="command-announcer" className="visually-hidden" role="status" aria-live="polite" />;
  if (route.presenting && page !== null)
    return (
      <NotebookContext.Provider value={store}>
        <Presenter
          page={page}
          slug={route.slug}
          names={props.names}
          renderMarkdown={props.renderMarkdown}
          storage={props.storage}
          onNavigate={route.navigate}
          onExit={route.exit}
        />
        {shortcuts}
        {announcer}
      </NotebookContext.Provider>
    );

  return (
    <NotebookContext.Provider value={store}>
      {inLab ? (
        <LabHeader
          route={lab}
          lesson={page === null ? null : { id: page.notebook.id, title: page.notebook.title }}
          storage={props.storage}
        />
      ) : (
        <>
          <a className="skip-link" href="#lesson-title">
            Skip to the lesson
          </a>
          <header className="app-header">
            <a className="app-name" href="./">
              Quantization Lab
            </a>
            <label className="lesson-picker">
              <span>Lesson</span>
              <select value={currentId ?? ''} onChange={(e) => openById(e.target.value, true)}>
                {lessons.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.title}
                    {e.errors.length > 0 ? ' (has errors)' : ''}
                  </option>
                ))}
              </select>
            </label>
            <LabLink route={lab} />
            <Toolbar />
            <ClassroomTools
              onPresent={present}
              exportSource={page !== null && source !== null ? { ...source, page } : null}
              onImport={importLesson}
              onShortcuts={openShortcuts}
              storage={props.storage}
              renderMarkdown={props.renderMarkdown}
            />
          </header>
        </>
      )}
      {!inLab && <KernelNotice />}
      <SaveProblemBanner source={page !== null && source !== null ? { ...source, page } : null} renderMarkdown={props.renderMarkdown} />
      <OutputsProblemNotice />
      <TabNotice />
      {lab.model !== null && <LabPage model={lab.model} />}
      <div className="layout" hidden={inLab}>
        {shown.kind === 'page' && <Toc page={shown.page} />}
        <main className="main">
          {broken.length > 0 && shown.kind === 'page' && (
            <p className="catalog-warning" role="note">
              {broken.length} lesson file{broken.length > 1 ? 's have' : ' has'} errors and cannot open:{' '}
              {broken.map((b) => b.path).join(', ')}.
            </p>
          )}
          {shown.kind === 'errors' && <LessonErrors errors={shown.errors} />}
          {shown.kind === 'page' && <UnmatchedEdits />}
          {shown.kind === 'page' && <LessonView page={shown.page} names={props.names} renderMarkdown={props.renderMarkdown} />}
        </main>
      </div>
      <StatusBar />
      {shortcuts}
      {announcer}
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
