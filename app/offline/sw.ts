// The service worker. Workbox precaches the whole build at install (app,
// lessons, the onnxruntime WebAssembly, shipped models under /models/, sample
// images) so the next visit works with the network off. Every response it
// serves gets the cross-origin isolation headers, for static hosts that
// cannot send them. It only ever answers same-origin GET requests.
import { cleanupOutdatedCaches, matchPrecache, precache } from 'workbox-precaching';
import { withIsolationHeaders } from './isolation.ts';
import { MODEL_CACHE } from './model-cache.ts';

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
  const precached = request.mode === 'navigate' ? await matchPrecache(new URL('index.html', self.registration.scope).href) : await matchPrecache(url.origin + url.pathname);
  if (precached !== undefined) return withIsolationHeaders(precached);
  // Optional models the student downloaded (app/offline/model-cache.ts).
  const downloaded = await (await caches.open(MODEL_CACHE)).match(request);
  if (downloaded !== undefined) return withIsolationHeaders(downloaded);
  return withIsolationHeaders(await fetch(request));
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // Chrome throws on this combination when the request is re-fetched (a devtools quirk).
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(respond(request));
});
