// What App.tsx needs from the lab: the route (`?lab` or `?lab=MODEL`, pushed to history so
// Back returns to the lesson), the header link, and the lab itself, loaded lazily so the
// lesson page's first load does not carry it.
import { lazy, Suspense, useCallback, useEffect, useState, type MouseEvent } from 'react';
import { labModels } from './catalog.ts';
import './lab.css';

const ModelLab = lazy(() => import('./ModelLab.tsx'));

const requested = (): string | null => new URLSearchParams(location.search).get('lab');

export interface LabRoute {
  /** The model the URL names ('' for `?lab`), or null when the lab is closed. */
  readonly model: string | null;
  open(event: MouseEvent<HTMLAnchorElement>): void;
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
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    history.pushState(null, '', event.currentTarget.href);
    setModel(requested() ?? '');
    window.scrollTo({ top: 0 });
  }, []);
  return { model, open };
}

export function LabLink({ route }: { readonly route: LabRoute }) {
  return (
    <a className="lab-link" href="?lab" onClick={route.open} aria-current={route.model !== null ? 'page' : undefined}>
      Model lab
    </a>
  );
}

export function LabPage({ model }: { readonly model: string }) {
  const ids = labModels().map((m) => m.id);
  const initial = ids.includes(model) ? model : (ids[0] ?? '');
  return (
    <Suspense fallback={<p className="lab-loading" role="status">Loading the model lab…</p>}>
      <ModelLab initialModel={initial} />
    </Suspense>
  );
}
