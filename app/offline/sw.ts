// The service worker. Workbox precaches the whole build at install (app,
// lessons, the onnxruntime WebAssembly, shipped models under /models/, sample
// images) so the next visit works with the network off. Every response it
// serves gets the cross-origin isolation headers, for static hosts that
// cannot send them. It only ever answers same-origin GET requests, and never
// from the model cache (qlab-models-v1): model files stored there are read as
// model data by the model loaders, never served to the page as a resource,
// so nothing the kernel asks to store can become a page or script of the app.
import { cleanupOutdatedCaches, matchPrecache, precache } from 'workbox-precaching';
import { withIsolationHeaders } from './isolation.ts';

interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEventLike extends ExtendableEventLike {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ServiceWorkerScope {
  readonly __WB_MANIFEST: { url: string; revision: string | null }[];
  readonly location: Location;
  readonly registration: { readonly scope: string };
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
}
declare const self: ServiceWorkerScope;

precache(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// A new version takes over at once: the precache is complete before activation.
self.addEventListener('install', (event) => event.waitUntil(self.skipWaiting()));
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

async function respond(request: Request): Promise<Response> {
  const url = new URL(request.url);
  // Any page URL (?lesson=…&slide=…) is the app shell.
  const precached =
    request.mode === 'navigate'
      ? await matchPrecache(new URL('index.html', self.registration.scope).href)
      : await matchPrecache(url.origin + url.pathname);
  if (precached !== undefined) return withIsolationHeaders(precached);
  return withIsolationHeaders(await fetch(request));
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // Chrome throws on this combination when the request is re-fetched (a devtools quirk).
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(respond(request));
});
