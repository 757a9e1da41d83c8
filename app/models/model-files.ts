// Model files loaded by URL, as model code sees them: fetch (the stored copy,
// else a download that is kept when it can be), list, remove. In the page and
// the lab's worker this is the context's own model store (model-store.ts);
// in the kernel's worker it is the page, reached through the narrow bridge in
// app/offline/model-bridge.ts (the kernel never touches a cache itself).
import type { Progress } from './fetch-bytes.ts';
import { fetchStored, listStored, removeStored, type CachedFile, type StoredFile } from './model-store.ts';
import { servedModelFiles, type CacheSource } from './page-context.ts';

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

/** This context's own model store. */
export function localModelFiles(caches?: CacheSource): ModelFiles {
  return {
    fetch: (url, options = {}) => fetchStored(url, { ...options, ...(caches === undefined ? {} : { caches }) }),
    list: () => listStored(caches),
    remove: (url) => removeStored(url, caches),
  };
}

/** Where this context's model code gets files loaded by URL. */
export const currentModelFiles = (): ModelFiles => servedModelFiles() ?? localModelFiles();
