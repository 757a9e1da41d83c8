// Registers the service worker (production builds only) and, the first time
// it takes control of a page that is not cross-origin isolated (a host
// without the headers), reloads once so the worker's headers apply.
import { shouldReloadForIsolation } from './isolation.ts';

const RELOADED = 'qlab:isolation-reload';

export type OfflineState = 'unsupported' | 'preparing' | 'ready' | 'failed';
type Listener = (s: OfflineState) => void;

let state: OfflineState = 'unsupported';
const listeners = new Set<Listener>();
const setState = (s: OfflineState) => {
  state = s;
  for (const l of listeners) l(s);
};

export function offlineState(): OfflineState {
  return state;
}
export function onOfflineState(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const isIsolated = (): boolean => typeof crossOriginIsolated === 'boolean' && crossOriginIsolated;

export function registerServiceWorker(base: string): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const session = (() => {
    try {
      return sessionStorage;
    } catch {
      return null;
    }
  })();
  if (isIsolated()) session?.removeItem(RELOADED);
  const maybeReload = () => {
    const reload = shouldReloadForIsolation({
      isolated: isIsolated(),
      controlled: navigator.serviceWorker.controller !== null,
      alreadyReloaded: session?.getItem(RELOADED) === '1',
    });
    if (!reload || session === null) return;
    session.setItem(RELOADED, '1');
    location.reload();
  };
  navigator.serviceWorker.addEventListener('controllerchange', maybeReload);
  setState('preparing');
  navigator.serviceWorker.register(`${base}sw.js`, { scope: base }).then(
    () => {
      maybeReload();
      void navigator.serviceWorker.ready.then(() => setState('ready'));
    },
    () => setState('failed'),
  );
}
