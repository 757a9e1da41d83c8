// Files of models the student loads from a URL: read from this browser's model
// cache (app/offline/model-cache.ts) when there, else downloaded with
// fetchBytes (its clear errors, length check and one retry) and stored only
// once read whole, so a failed or short download never looks complete.
// Shipped models do not come here: the service worker already keeps them.
import { cachedModel, listModels, removeModel, storeModel } from '../offline/model-cache.ts';
import { absoluteUrl, modelCaches, type CacheSource } from './page-context.ts';
import { fetchBytes, MemoryError, type Progress } from './fetch-bytes.ts';
import { checkModelFile } from './check-file.ts';

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

export { absoluteUrl, type CacheSource } from './page-context.ts';

export interface FetchStoredOptions {
  readonly onProgress?: Progress;
  /** Called before going to the network (the file is not cached). */
  readonly onDownload?: () => void;
  readonly caches?: CacheSource;
  /** Throws when the bytes are not the file the URL names; default checkModelFile (check-file.ts). Such a download is never stored. */
  readonly check?: (url: string, bytes: Uint8Array) => void;
}

export async function fetchStored(url: string, options: FetchStoredOptions = {}): Promise<StoredFile> {
  const storage = (options.caches ?? modelCaches)();
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

function passes(check: (url: string, bytes: Uint8Array) => void, url: string, bytes: Uint8Array): boolean {
  try {
    check(url, bytes);
    return true;
  } catch {
    return false;
  }
}

export async function listStored(source: CacheSource = modelCaches): Promise<CachedFile[]> {
  const storage = source();
  if (storage === null) return [];
  return (await listModels({ caches: storage })).map((m) => ({ url: m.url, bytes: m.size }));
}

/** Removes one file, or every file under a folder URL; returns how many were removed. */
export async function removeStored(url: string, source: CacheSource = modelCaches): Promise<number> {
  const storage = source();
  if (storage === null) return 0;
  const target = absoluteUrl(url);
  const folder = target.endsWith('/') ? target : `${target}/`;
  let removed = 0;
  for (const file of await listStored(source)) {
    if (file.url !== target && !file.url.startsWith(folder)) continue;
    if (await removeModel(file.url, { caches: storage })) removed++;
  }
  return removed;
}
