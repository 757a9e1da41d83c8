// The model cache: model files the student loads from a URL (a BLIP folder, a Hub checkpoint,
// an image for run(image)), kept in the Cache API store `qlab-models-v1` keyed by absolute URL,
// so a reload or a load while offline downloads nothing. The service worker keeps the shipped
// models; this keeps the ones the student chose to download. One module, three layers:
//
//   ModelContext { files, pageUrl }  what model code is given where models are created
//                                    (app/models/index.ts createModels): where files loaded by
//                                    URL come from and what a relative URL is relative to. In the
//                                    page and the lab's worker: localModelContext(); in the
//                                    kernel's worker: the page's store over app/offline/model-bridge.ts.
//   ModelFiles                       fetch (the stored copy, else a download kept when it can be),
//                                    fetchBlob?, list, remove. localModelFiles(caches) is this
//                                    context's own; fetchStored/listStored/removeStored the same as
//                                    functions (the page's UI and the bridge's host use them).
//   entries                          the Cache API itself: storeModel (one cache.put of a file read
//                                    whole and checked, so a cut download never looks complete),
//                                    listModels, removeModel, cachedModel.
import { fetchBytes, MemoryError, type Progress } from './fetch-bytes.ts';
import { checkModelFile } from './check-file.ts';
import { downloadToCache, type StoreBody } from './download-to-cache.ts';

/** The parts of the Cache API used here (tests pass an in-memory one). */
export interface CacheLike {
  match(request: string): Promise<Response | undefined>;
  put(request: string, response: Response): Promise<void>;
  delete(request: string): Promise<boolean>;
  keys(): Promise<readonly Request[]>;
}
export interface CacheStorageLike {
  open(name: string): Promise<CacheLike>;
}

/** The Cache API, or null where it cannot be used (not a secure context, Node). */
export type CacheSource = () => CacheStorageLike | null;

/** This context's Cache API, or null where there is none (not a secure context, Node). */
export function browserCacheStorage(): CacheStorageLike | null {
  return typeof caches === 'undefined' ? null : { open: (name) => caches.open(name) };
}

// ---- what model code is given --------------------------------------------------------------

export interface ModelContext {
  readonly files: ModelFiles;
  /** The page's URL: a student's "/models/x/" means the page's site (undefined in Node: URLs must be absolute). */
  readonly pageUrl: string | undefined;
}

/** This context's own cache and location (the page, the lab's worker, Node tests). */
export function localModelContext(caches: CacheSource = browserCacheStorage): ModelContext {
  return { files: localModelFiles(caches), pageUrl: typeof location === 'undefined' ? undefined : location.href };
}

/** An absolute URL: the cache keys files by it, and "/x/" means the page's site's /x/. */
export const absoluteUrl = (url: string, pageUrl: string | undefined): string => new URL(url, pageUrl).href;

// ---- model files: the store with its download --------------------------------------------

export interface ModelFileFetchOptions {
  readonly onProgress?: Progress;
  /** Called before going to the network (the file is not stored). */
  readonly onDownload?: () => void;
}

/** A stored file as a Blob (the Cache API's is disk-backed): read in ranges, never whole. */
export interface StoredBlob {
  readonly blob: Blob;
  readonly fromCache: boolean;
  readonly notCached?: string;
}

export interface ModelFiles {
  fetch(url: string, options?: ModelFileFetchOptions): Promise<StoredFile>;
  /** Like fetch, but the file stays a Blob (where a context can hand one over; the kernel's bridge can). */
  fetchBlob?(url: string, options?: ModelFileFetchOptions): Promise<StoredBlob>;
  list(): Promise<CachedFile[]>;
  /** One file, or every file under a folder URL; how many were removed. */
  remove(url: string): Promise<number>;
}

/** This context's own model cache as ModelFiles (the page's, the lab worker's; tests pass an in-memory Cache API). */
export function localModelFiles(caches: CacheSource = browserCacheStorage): ModelFiles {
  return {
    fetch: (url, options = {}) => fetchStored(url, { ...options, caches }),
    fetchBlob: (url, options = {}) => fetchStoredBlob(url, { ...options, caches }),
    list: () => listStored(caches),
    remove: (url) => removeStored(url, caches),
  };
}

export interface StoredFile {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly fromCache: boolean;
  /** Why the file could not be kept for offline use (storage full, quota), if it could not. */
  readonly notCached?: string;
}

export interface CachedFile {
  readonly url: string;
  readonly bytes: number;
}

export interface FetchStoredOptions {
  readonly onProgress?: Progress;
  /** Called before going to the network (the file is not cached). */
  readonly onDownload?: () => void;
  readonly caches?: CacheSource;
  /** Throws when the bytes are not the file the URL names; default checkModelFile (check-file.ts). Such a download is never stored. */
  readonly check?: (url: string, bytes: Uint8Array) => void;
}

export async function fetchStored(url: string, options: FetchStoredOptions = {}): Promise<StoredFile> {
  const storage = (options.caches ?? browserCacheStorage)();
  const hit = storage === null ? undefined : await cachedModel(url, { caches: storage });
  // Every model file is checked, in whichever context fetches it (the page does it for the kernel).
  const check = options.check ?? checkModelFile;
  if (hit !== undefined && storage !== null) {
    // One copy out of the cache's Blob (the bridge from the page carries it as a handle).
    const blob = await hit.blob();
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(await blob.arrayBuffer());
    } catch (e) {
      // V8 says RangeError, Chromium's blob reader NotReadableError, when the buffer cannot be had.
      if (!(e instanceof RangeError) && !(e instanceof Error && e.name === 'NotReadableError')) throw e;
      throw new MemoryError(`out of memory: reading ${url} from this browser's cache needs ${(blob.size / 1e6).toFixed(1)} MB in one piece (${e.message}); close other tabs, or load a smaller model`, blob.size);
    }
    if (passes(check, url, bytes)) {
      options.onProgress?.(bytes.length, bytes.length);
      return { bytes, fromCache: true };
    }
    // A bad copy kept before files were checked: drop it and download again.
    await removeModel(url, { caches: storage });
  }
  options.onDownload?.();
  const bytes = await fetchBytes(url, options.onProgress);
  check(url, bytes);
  if (storage === null) return { bytes, fromCache: false };
  try {
    await storeModel(url, [bytes], null, { caches: storage });
  } catch (e) {
    // Keeping a copy is a convenience: a full disk must not stop the model from loading.
    return { bytes, fromCache: false, notCached: e instanceof Error ? e.message : String(e) };
  }
  return { bytes, fromCache: false };
}

/**
 * The stored file as the cache's Blob (disk-backed: read in ranges, never whole), downloaded
 * into the cache first when it is not there (download-to-cache.ts: never whole in memory).
 */
export async function fetchStoredBlob(url: string, options: FetchStoredOptions = {}): Promise<StoredBlob> {
  const storage = (options.caches ?? browserCacheStorage)();
  if (storage === null || options.check !== undefined) {
    const got = await fetchStored(url, options);
    return { blob: new Blob([got.bytes]), fromCache: got.fromCache, ...(got.notCached === undefined ? {} : { notCached: got.notCached }) };
  }
  const hit = await cachedModel(url, { caches: storage });
  if (hit !== undefined) return { blob: await hit.blob(), fromCache: true };
  options.onDownload?.();
  const got = await downloadToCache(url, { store: storeIn(storage, url), onProgress: options.onProgress });
  if (!got.kept) return { blob: new Blob([got.bytes]), fromCache: false, notCached: got.reason };
  const kept = await cachedModel(url, { caches: storage });
  if (kept === undefined) throw new Error(`${url} was downloaded but is no longer in this browser's model cache.`);
  return { blob: await kept.blob(), fromCache: false };
}

function passes(check: (url: string, bytes: Uint8Array) => void, url: string, bytes: Uint8Array): boolean {
  try {
    check(url, bytes);
    return true;
  } catch {
    return false;
  }
}

export async function listStored(source: CacheSource = browserCacheStorage): Promise<CachedFile[]> {
  const storage = source();
  if (storage === null) return [];
  return (await listModels({ caches: storage })).map((m) => ({ url: m.url, bytes: m.size }));
}

/** Removes one file, or every file under a folder URL; returns how many were removed. */
export async function removeStored(url: string, source: CacheSource = browserCacheStorage): Promise<number> {
  const storage = source();
  if (storage === null) return 0;
  // Relative to this context's page (removeStored runs where the cache is: the page, the lab's worker).
  const target = absoluteUrl(url, typeof location === 'undefined' ? undefined : location.href);
  const folder = target.endsWith('/') ? target : `${target}/`;
  let removed = 0;
  for (const file of await listStored(source)) {
    if (file.url !== target && !file.url.startsWith(folder)) continue;
    if (await removeModel(file.url, { caches: storage })) removed++;
  }
  return removed;
}

// ---- entries in the Cache API ------------------------------------------------------------

export interface ModelCacheDeps {
  readonly caches: CacheStorageLike;
  readonly now?: () => number;
}

export const MODEL_CACHE = 'qlab-models-v1';
const SIZE_HEADER = 'X-Qlab-Size';
const STORED_HEADER = 'X-Qlab-Stored-At';

export interface CachedModel {
  readonly url: string;
  readonly size: number;
  readonly storedAt: number;
}

/**
 * Stores a file that was already read whole and checked (e.g. by the model
 * loader's fetchBytes, which has its own errors and retry): one cache.put.
 */
export function storeModel(
  url: string,
  parts: readonly Uint8Array<ArrayBuffer>[],
  contentType: string | null,
  deps: Pick<ModelCacheDeps, 'caches' | 'now'>,
  cacheName = MODEL_CACHE,
): Promise<CachedModel> {
  const size = parts.reduce((n, p) => n + p.byteLength, 0);
  return storeModelBody(url, new Blob([...parts]), size, contentType, deps, cacheName);
}

/**
 * Stores a body of `size` bytes: a Blob, or a stream that the Cache API writes as it reads (a
 * stream that errors makes the put fail and stores nothing: download-to-cache.ts relies on it).
 */
export async function storeModelBody(
  url: string,
  body: Blob | ReadableStream<Uint8Array>,
  size: number,
  contentType: string | null,
  deps: Pick<ModelCacheDeps, 'caches' | 'now'>,
  cacheName = MODEL_CACHE,
): Promise<CachedModel> {
  const storedAt = (deps.now ?? Date.now)();
  const headers = new Headers({
    'Content-Type': contentType ?? 'application/octet-stream',
    'Content-Length': String(size),
    [SIZE_HEADER]: String(size),
    [STORED_HEADER]: String(storedAt),
  });
  const cache = await deps.caches.open(cacheName);
  await cache.put(url, new Response(body, { status: 200, headers }));
  return { url, size, storedAt };
}

/** Where downloadToCache puts a file: this store, under `url`. */
export const storeIn =
  (caches: CacheStorageLike, url: string): StoreBody =>
  (body, size, contentType) =>
    storeModelBody(url, body, size, contentType, { caches });

export async function listModels(deps: Pick<ModelCacheDeps, 'caches'>, cacheName = MODEL_CACHE): Promise<CachedModel[]> {
  const cache = await deps.caches.open(cacheName);
  const models: CachedModel[] = [];
  for (const request of await cache.keys()) {
    const response = await cache.match(request.url);
    if (response === undefined) continue;
    const size = Number(response.headers.get(SIZE_HEADER) ?? NaN);
    models.push({
      url: request.url,
      size: Number.isFinite(size) ? size : (await response.arrayBuffer()).byteLength,
      storedAt: Number(response.headers.get(STORED_HEADER) ?? 0),
    });
  }
  return models.sort((a, b) => a.url.localeCompare(b.url));
}

export async function removeModel(url: string, deps: Pick<ModelCacheDeps, 'caches'>, cacheName = MODEL_CACHE): Promise<boolean> {
  return (await deps.caches.open(cacheName)).delete(url);
}

/** The stored file, or undefined: read it before going to the network. */
export async function cachedModel(url: string, deps: Pick<ModelCacheDeps, 'caches'>, cacheName = MODEL_CACHE): Promise<Response | undefined> {
  return (await deps.caches.open(cacheName)).match(url);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}
