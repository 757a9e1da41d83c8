// The model cache (Cache API) itself: store a file that was read whole and
// checked (app/models/model-store.ts downloads it, with fetch-bytes.ts's
// length check and retry, so a cut connection never leaves a partial file that
// looks complete) in one cache.put, list with sizes, remove, look up. Survives
// reloads and works offline; the service worker serves shipped models, this
// keeps the ones the student chose to download.

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
export async function storeModel(
  url: string,
  parts: readonly Uint8Array<ArrayBuffer>[],
  contentType: string | null,
  deps: Pick<ModelCacheDeps, 'caches' | 'now'>,
  cacheName = MODEL_CACHE,
): Promise<CachedModel> {
  const size = parts.reduce((n, p) => n + p.byteLength, 0);
  const storedAt = (deps.now ?? Date.now)();
  const headers = new Headers({
    'Content-Type': contentType ?? 'application/octet-stream',
    'Content-Length': String(size),
    [SIZE_HEADER]: String(size),
    [STORED_HEADER]: String(storedAt),
  });
  const cache = await deps.caches.open(cacheName);
  await cache.put(url, new Response(new Blob([...parts]), { status: 200, headers }));
  return { url, size, storedAt };
}

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

/** This context's Cache API, or null where there is none (not a secure context, Node). */
export function browserCacheStorage(): CacheStorageLike | null {
  return typeof caches === 'undefined' ? null : { open: (name) => caches.open(name) };
}
