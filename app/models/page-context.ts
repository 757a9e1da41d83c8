// What model code needs to know about the page it serves, even when it runs
// in a kernel worker on another site (app/kernel/frame): the page's URL
// (a student's "/models/x/" means the page's site) and the model cache to use
// (the page's, reached through app/offline/cache-bridge.ts). In the page and
// the lab worker the defaults are simply this context's own.
import { browserCacheStorage, type CacheStorageLike } from '../offline/model-cache.ts';

/** The Cache API, or null where it cannot be used (not a secure context). */
export type CacheSource = () => CacheStorageLike | null;

let cacheSource: CacheSource = browserCacheStorage;
let pageUrl: string | undefined;

/** Called once by the kernel worker when it learns whom it serves. */
export function servePage(page: { readonly url: string; readonly caches: CacheStorageLike }): void {
  pageUrl = page.url;
  cacheSource = () => page.caches;
}

export const modelCaches: CacheSource = () => cacheSource();

/** An absolute URL: the cache keys files by it, and "/x/" means the page's site's /x/. */
export const absoluteUrl = (url: string): string =>
  new URL(url, pageUrl ?? (typeof location === 'undefined' ? undefined : location.href)).href;
