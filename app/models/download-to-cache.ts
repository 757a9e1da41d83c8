// A model file downloaded straight into the Cache API, chunk by chunk (the page does this for the
// kernel's `download`, the lab's worker for itself): the file is never held whole in this context.
// Read whole, a 990 MB checkpoint was in the page twice while it was stored (fetchBytes's buffer
// and the Blob cache.put copies it into): 2.3 GB in one renderer before the kernel read a byte.
// What stays the same as fetchStored's whole-file path (model-cache.ts):
// - a cut-off, over-long or refused download stores nothing: the body goes through a stream that
//   errors, and the Cache API's put then fails and keeps no entry (Chromium: checked, and the e2e
//   cut-off tests go through here);
// - the file is checked as checkModelFile checks it: for every name it checks by its first bytes
//   only (an HTML page sent instead), the head is checked as it arrives; `.json` and `.onnx` files,
//   checked whole, and a download of unknown length are read whole as before;
// - a dropped connection is tried once more; a full disk or quota keeps the model loading,
//   downloaded again into memory and not kept (as fetchStored does).
import { checkModelFile, SNIFF } from './check-file.ts';
import { cutOff, DownloadError, fetchBytes, openDownload, type Progress, readDownload } from './fetch-bytes.ts';

export type CachedDownload =
  /** In the cache now: read it from there (a disk-backed Blob). */
  | { readonly kept: true; readonly size: number }
  /** Not kept (why), with the bytes read into memory instead. */
  | { readonly kept: false; readonly reason: string; readonly bytes: Uint8Array<ArrayBuffer> };

/** Puts a body of `size` bytes in the cache under the file's URL (model-cache.ts's storeModelBody); rejects when the body stream errors. */
export type StoreBody = (body: Blob | ReadableStream<Uint8Array>, size: number, contentType: string | null) => Promise<unknown>;

export interface DownloadToCacheOptions {
  readonly store: StoreBody;
  readonly onProgress?: Progress | undefined;
}

/** Files whose check needs all of their bytes (check-file.ts): read whole. */
const checkedWhole = (url: string): boolean => /\.(json|onnx)$/i.test(new URL(url, 'http://x/').pathname);

export async function downloadToCache(url: string, options: DownloadToCacheOptions): Promise<CachedDownload> {
  try {
    return await downloadOnce(url, options);
  } catch (e) {
    if (!(e instanceof DownloadError) || !e.retryable) throw e;
    return downloadOnce(url, options);
  }
}

async function downloadOnce(url: string, options: DownloadToCacheOptions): Promise<CachedDownload> {
  const opened = await openDownload(url);
  const { response, total } = opened;
  if (response.body === null || total === null || checkedWhole(url)) {
    // Read whole (it is checked whole, or its length is unknown so a short body could not be told).
    const bytes = await readDownload(url, opened, options.onProgress);
    checkModelFile(url, bytes);
    return keep(bytes, () => options.store(new Blob([bytes]), bytes.length, response.headers.get('Content-Type')));
  }
  let loaded = 0;
  /** Why this stream failed the put, when it was this stream (not the disk). */
  let failure: Error | null = null;
  let head: Uint8Array | null = new Uint8Array(0);
  const checkHead = (): void => {
    if (head === null) return;
    const sniffed = head;
    head = null;
    checkModelFile(url, sniffed);
  };
  const fail = (e: Error, controller: TransformStreamDefaultController<Uint8Array>): void => {
    failure = e;
    controller.error(e);
  };
  const counted = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      loaded += chunk.length;
      if (loaded > total) return fail(cutOff.tooLong(url, total), controller);
      if (head !== null) {
        const joined = new Uint8Array(head.length + chunk.length);
        joined.set(head);
        joined.set(chunk, head.length);
        head = joined;
        if (head.length >= SNIFF) {
          try {
            checkHead();
          } catch (e) {
            return fail(e instanceof Error ? e : new Error(String(e)), controller);
          }
        }
      }
      options.onProgress?.(loaded, total);
      controller.enqueue(chunk);
    },
    flush(controller) {
      try {
        checkHead();
      } catch (e) {
        return fail(e instanceof Error ? e : new Error(String(e)), controller);
      }
      if (loaded !== total) fail(cutOff.short(url, loaded, total), controller);
    },
  });
  try {
    await options.store(response.body.pipeThrough(counted), total, response.headers.get('Content-Type'));
    return { kept: true, size: total };
  } catch (e) {
    if (failure !== null) throw failure;
    // The body itself failed (the connection dropped): the put saw it as a network error.
    if (loaded < total && !refusedByStorage(e)) throw cutOff.failed(url, loaded, e);
    // The cache refused it (quota, a full disk): load it all the same, not kept.
    const bytes = await fetchBytes(url, options.onProgress);
    checkModelFile(url, bytes);
    return { kept: false, reason: e instanceof Error ? e.message : String(e), bytes };
  }
}

const refusedByStorage = (e: unknown): boolean => e instanceof Error && (e.name === 'QuotaExceededError' || e.name === 'UnknownError');

async function keep(bytes: Uint8Array<ArrayBuffer>, store: () => Promise<unknown>): Promise<CachedDownload> {
  try {
    await store();
    return { kept: true, size: bytes.length };
  } catch (e) {
    // Keeping a copy is a convenience: a full disk must not stop the model from loading.
    return { kept: false, reason: e instanceof Error ? e.message : String(e), bytes };
  }
}
