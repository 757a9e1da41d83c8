// What model code needs to know about the page it serves, even when it runs
// in a kernel worker on another site (app/kernel/frame): the page's URL
// (a student's "/models/x/" means the page's site) and where model files
// loaded by URL come from (the page's store, through app/offline/model-bridge.ts).
// In the page and the lab worker the defaults are simply this context's own.
import { browserCacheStorage, type CacheStorageLike } from '../offline/model-cache.ts';
import type { ModelFiles } from './model-files.ts';

/** The Cache API, or null where it cannot be used (not a secure context). */
export type CacheSource = () => CacheStorageLike | null;

let servedFiles: ModelFiles | null = null;
let pageUrl: string | undefined;

/** Called once by the kernel worker when it learns whom it serves. */
export function servePage(page: { readonly url: string; readonly files: ModelFiles }): void {
  pageUrl = page.url;
  servedFiles = page.files;
}

/** The page's model files when serving one (the kernel), else null: use this context's own store. */
export const servedModelFiles = (): ModelFiles | null => servedFiles;

export const modelCaches: CacheSource = browserCacheStorage;

/** An absolute URL: the cache keys files by it, and "/x/" means the page's site's /x/. */
export const absoluteUrl = (url: string): string =>
  new URL(url, pageUrl ?? (typeof location === 'undefined' ? undefined : location.href)).href;
