// The kernel's only way to the model cache. The kernel's worker may live in a
// frame on another site (app/kernel/frame), where the Cache API is refused
// and would be another store anyway, so model files loaded by URL are the
// page's. The kernel runs student code, so what it may ask is narrow by
// construction (see model-bridge-check.ts for the page's checks):
//   read     a stored model file, by its URL (only the model cache)
//   download the page fetches that URL itself and stores what it got
//   list     the model files stored (URL and size)
//   remove   a stored model file, or every one under a folder URL
// The kernel never names a cache, never sends a response or bytes to store,
// and never sees the service worker's precache.
import { DownloadError, type Progress } from '../models/fetch-bytes.ts';
import type { CachedFile, ModelFileFetchOptions, ModelFiles, StoredBlob, StoredFile } from '../models/model-cache.ts';

export type ModelFilesCall =
  | { readonly id: number; readonly op: 'read'; readonly url: string }
  | { readonly id: number; readonly op: 'download'; readonly url: string }
  | { readonly id: number; readonly op: 'list' }
  | { readonly id: number; readonly op: 'remove'; readonly url: string };

/** What `download` leaves: kept (the kernel then reads it), or the bytes once, with why they were not kept. */
export type DownloadOutcome = { readonly kept: true } | { readonly kept: false; readonly reason: string; readonly body: Blob };

/**
 * A file's body travels as a Blob, which crosses processes as a handle: a 1 GB
 * model is not copied through the message (an ArrayBuffer body made a
 * BLIP-base-sized load take 3x longer and 1.6x the memory).
 */
export type ModelFilesValue = Blob | null | DownloadOutcome | readonly CachedFile[] | number;

export type ModelFilesAnswer =
  | { readonly id: number; readonly ok: true; readonly value: ModelFilesValue }
  | { readonly id: number; readonly ok: false; readonly name: string; readonly message: string; readonly download?: DownloadFailure };

/** A DownloadError's details, so the kernel side can tell a 404 from a 401 or a cut-off download as the page could. */
export interface DownloadFailure {
  readonly retryable: boolean;
  readonly status: number | null;
  readonly kind: DownloadError['kind'];
}

/** Bytes of a `download` read so far, sent by the page while it fetches. */
export interface ModelFilesProgress {
  readonly id: number;
  readonly loaded: number;
  readonly total: number | null;
}

/** A call unanswered this long fails (the page always answers; this only guards against a hang). */
const ANSWER_TIMEOUT_MS = 600_000;

type Waiting = { readonly resolve: (answer: ModelFilesAnswer) => void; readonly onProgress?: Progress };

type Request = { readonly op: 'read' | 'download' | 'remove'; readonly url: string } | { readonly op: 'list' };

/** Kernel side: the page's model files over `send`; feed the page's messages to `receive` / `progress`. */
export class ModelFilesBridge implements ModelFiles {
  readonly #send: (call: ModelFilesCall) => void;
  readonly #waiting = new Map<number, Waiting>();
  #nextId = 1;

  constructor(send: (call: ModelFilesCall) => void) {
    this.#send = send;
  }

  receive(answer: ModelFilesAnswer): void {
    this.#waiting.get(answer.id)?.resolve(answer);
    this.#waiting.delete(answer.id);
  }

  progress(event: ModelFilesProgress): void {
    this.#waiting.get(event.id)?.onProgress?.(event.loaded, event.total);
  }

  async fetch(url: string, options: ModelFileFetchOptions = {}): Promise<StoredFile> {
    const got = await this.fetchBlob(url, options);
    const bytes = new Uint8Array(await got.blob.arrayBuffer());
    if (got.fromCache) options.onProgress?.(bytes.length, bytes.length);
    return { bytes, fromCache: got.fromCache, ...(got.notCached === undefined ? {} : { notCached: got.notCached }) };
  }

  /** The stored file (downloaded by the page first when it is not), as the cache's Blob: nothing is read yet. */
  async fetchBlob(url: string, options: ModelFileFetchOptions = {}): Promise<StoredBlob> {
    const stored = await this.#call({ op: 'read', url });
    if (stored instanceof Blob) return { blob: stored, fromCache: true };
    options.onDownload?.();
    const outcome = await this.#call({ op: 'download', url }, options.onProgress);
    if (!isOutcome(outcome)) throw new Error(`The page gave no file for ${url}.`);
    if (!outcome.kept) return { blob: outcome.body, fromCache: false, notCached: outcome.reason };
    const kept = await this.#call({ op: 'read', url });
    if (!(kept instanceof Blob)) throw new Error(`${url} was downloaded but is no longer in this browser's model cache.`);
    return { blob: kept, fromCache: false };
  }

  async list(): Promise<CachedFile[]> {
    const value = await this.#call({ op: 'list' });
    return Array.isArray(value) ? [...value] : [];
  }

  async remove(url: string): Promise<number> {
    const value = await this.#call({ op: 'remove', url });
    return typeof value === 'number' ? value : 0;
  }

  async #call(request: Request, onProgress?: Progress): Promise<ModelFilesValue> {
    const id = this.#nextId++;
    const answer = await new Promise<ModelFilesAnswer>((resolve) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        resolve({
          id,
          ok: false,
          name: 'CacheError',
          message: `The page did not answer a model-file ${request.op} within ${ANSWER_TIMEOUT_MS / 1000} s.`,
        });
      }, ANSWER_TIMEOUT_MS);
      this.#waiting.set(id, {
        resolve: (a) => {
          clearTimeout(timer);
          resolve(a);
        },
        ...(onProgress === undefined ? {} : { onProgress }),
      });
      this.#send({ ...request, id });
    });
    if (answer.ok) return answer.value;
    const d = answer.download;
    if (d !== undefined) throw new DownloadError(answer.message, d.retryable, d.status, d.kind);
    const error = new Error(answer.message);
    error.name = answer.name;
    throw error;
  }
}

const isOutcome = (value: ModelFilesValue): value is DownloadOutcome =>
  typeof value === 'object' && value !== null && !(value instanceof Blob) && !Array.isArray(value) && 'kept' in value;
