// What App.tsx needs from the lab: the route (`?lab` or `?lab=MODEL`, pushed to history so
// Back returns to the lesson), the header link, the lab's own header (the shell that replaces
// the notebook's: no Run all / Interrupt / export there), and the lab itself, loaded lazily
// so the lesson page's first load does not carry it.
import { lazy, Suspense, useCallback, useEffect, useState, type MouseEvent } from 'react';
import type { KeyValueStorage } from '../notebook/persistence.ts';
import { ThemePicker } from '../ui/ThemePicker.tsx';
import { labModels } from './catalog.ts';
import './lab.css';

const ModelLab = lazy(() => import('./ModelLab.tsx'));

const requested = (): string | null => new URLSearchParams(location.search).get('lab');

/** history.state of an entry the lab link pushed: Back (or the lab's back link) returns to that lesson. */
const FROM_LESSON = 'qlab-lab-from-lesson';
const pushedFromLesson = (): boolean => typeof history.state === 'object' && history.state !== null && FROM_LESSON in history.state;

/** A click the app handles itself (a plain left click); others (new tab, …) follow the href. */
const plainClick = (event: MouseEvent<HTMLAnchorElement>): boolean =>
  event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;

export interface LabRoute {
  /** The model the URL names ('' for `?lab`), or null when the lab is closed. */
  readonly model: string | null;
  open(event: MouseEvent<HTMLAnchorElement>): void;
  /** Back to the lesson (`lessonId`): one step back when the lab link was followed, else a new entry. */
  close(event: MouseEvent<HTMLAnchorElement>, lessonId: string | null): void;
}

export function useLabRoute(): LabRoute {
  const [model, setModel] = useState<string | null>(requested);
  useEffect(() => {
    const onPop = () => setModel(requested());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const open = useCallback((event: MouseEvent<HTMLAnchorElement>) => {
    // A plain link still works (new tab, no script); in the app, push the URL and render.
    if (!plainClick(event)) return;
    event.preventDefault();
    history.pushState({ [FROM_LESSON]: true }, '', event.currentTarget.href);
    setModel(requested() ?? '');
    window.scrollTo({ top: 0 });
  }, []);
  const close = useCallback((event: MouseEvent<HTMLAnchorElement>, lessonId: string | null) => {
    if (!plainClick(event)) return;
    event.preventDefault();
    // The lesson is still mounted under the lab (hidden): going back shows it as it was.
    if (pushedFromLesson()) history.back();
    else {
      history.pushState(null, '', lessonId === null ? './' : `?lesson=${encodeURIComponent(lessonId)}`);
      setModel(null);
    }
    window.scrollTo({ top: 0 });
  }, []);
  return { model, open, close };
}

export function LabLink({ route }: { readonly route: LabRoute }) {
  return (
    <a className="lab-link" href="?lab" onClick={route.open} aria-current={route.model !== null ? 'page' : undefined}>
      Model lab
    </a>
  );
}

interface LabHeaderProps {
  readonly route: LabRoute;
  /** The lesson the student came from (the one App has open, hidden under the lab). */
  readonly lesson: { readonly id: string; readonly title: string } | null;
  readonly storage: KeyValueStorage;
}

/** The lab page's own header: the app's name, a link back to the lesson, the theme. */
export function LabHeader({ route, lesson, storage }: LabHeaderProps) {
  const href = lesson === null ? './' : `?lesson=${encodeURIComponent(lesson.id)}`;
  return (
    <header className="app-header lab-header">
      <a className="app-name" href="./">
        Quantization Lab
      </a>
      <span className="lab-header-title" aria-hidden="true">
        Model lab
      </span>
      <a className="lab-back" href={href} onClick={(e) => route.close(e, lesson?.id ?? null)}>
        ← Back to the lesson{lesson === null ? '' : `: ${lesson.title}`}
      </a>
      <span className="lab-header-tools">
        <ThemePicker storage={storage} />
      </span>
    </header>
  );
}

export function LabPage({ model }: { readonly model: string }) {
  const ids = [...labModels().map((m) => m.id), 'tiny-blip'];
  const initial = ids.includes(model) ? model : (ids[0] ?? '');
  return (
    <Suspense
      fallback={
        <p className="lab-loading" role="status">
          Loading the model lab…
        </p>
      }
    >
      <ModelLab initialModel={initial} />
    </Suspense>
  );
}
