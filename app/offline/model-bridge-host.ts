// Page side of app/offline/model-bridge.ts: checks each call the kernel sends
// (model-bridge-check.ts), then carries it out against the page's model store
// only. Downloads are the page's own fetches (length-checked, one retry),
// streamed into the cache by download-to-cache.ts (the file is never whole in
// the page); the kernel's bytes are never stored.
import { DownloadError, type Progress } from '../models/fetch-bytes.ts';
import { checkModelFilesCall, type ModelUrlContext } from './model-bridge-check.ts';
import type { ModelFilesAnswer, ModelFilesCall, ModelFilesValue } from './model-bridge.ts';
import { downloadToCache } from '../models/download-to-cache.ts';
import { cachedModel, fetchStored, listStored, removeStored, storeIn, type CacheStorageLike } from '../models/model-cache.ts';

export interface ModelFilesHost extends ModelUrlContext {
  /** The page's Cache API, or null where there is none. */
  readonly caches: CacheStorageLike | null;
  /** Whether the service worker precaches this URL (an app file: never downloaded into the model cache). */
  readonly isPrecached: (url: string) => Promise<boolean>;
}

const NO_CACHE = 'This page has no Cache API (it is not a secure context), so models cannot be kept for offline use.';

/** Answers one call as it arrived from the kernel (any shape); `onProgress` gets a download's progress. */
export async function answerModelFilesCall(
  data: unknown,
  host: ModelFilesHost,
  onProgress: (id: number) => Progress,
): Promise<ModelFilesAnswer | null> {
  const checked = checkModelFilesCall(data, host);
  // A call without a usable id cannot be answered; it is dropped.
  if (!checked.ok)
    return checked.id === null
      ? null
      : { id: checked.id, ok: false, name: 'ModelCallRefused', message: `Refused by the page: ${checked.reason}.` };
  const { call } = checked;
  try {
    return { id: call.id, ok: true, value: await carryOut(call, host, onProgress(call.id)) };
  } catch (e) {
    if (e instanceof DownloadError) {
      return {
        id: call.id,
        ok: false,
        name: e.name,
        message: e.message,
        download: { retryable: e.retryable, status: e.status, kind: e.kind },
      };
    }
    const error = e instanceof Error ? e : new Error(String(e));
    return { id: call.id, ok: false, name: error.name, message: error.message };
  }
}

async function carryOut(call: ModelFilesCall, host: ModelFilesHost, onProgress: Progress): Promise<ModelFilesValue> {
  const caches = host.caches;
  const source = (): CacheStorageLike | null => caches;
  switch (call.op) {
    case 'read': {
      if (caches === null) return null;
      const hit = await cachedModel(call.url, { caches });
      return hit === undefined ? null : hit.blob();
    }
    case 'download': {
      if (await host.isPrecached(call.url)) {
        const error = new Error(`Refused by the page: download: ${call.url} is one of the app's own files, not a model file.`);
        error.name = 'ModelCallRefused';
        throw error;
      }
      if (caches === null)
        return { kept: false, reason: NO_CACHE, body: new Blob([(await fetchStored(call.url, { caches: source, onProgress })).bytes]) };
      const got = await downloadToCache(call.url, { store: storeIn(caches, call.url), onProgress });
      return got.kept ? { kept: true } : { kept: false, reason: got.reason, body: new Blob([got.bytes]) };
    }
    case 'list':
      return listStored(source);
    case 'remove':
      return removeStored(call.url, source);
  }
}

/** Whether the service worker's precache (Workbox's caches) holds `url`, its query ignored. */
export async function browserIsPrecached(url: string): Promise<boolean> {
  if (typeof caches === 'undefined') return false;
  for (const name of await caches.keys()) {
    if (!name.startsWith('workbox-precache')) continue;
    if ((await (await caches.open(name)).match(url, { ignoreSearch: true })) !== undefined) return true;
  }
  return false;
}
