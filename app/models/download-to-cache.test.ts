import { afterEach, describe, expect, it, vi } from 'vitest';
import { ModelFileError } from './check-file.ts';
import { downloadToCache, type StoreBody } from './download-to-cache.ts';
import { DownloadError } from './fetch-bytes.ts';
import { MemoryCacheStorage } from '../offline/memory-cache.ts';
import { cachedModel, fetchStoredBlob, storeIn } from './model-cache.ts';

const URL_BIN = 'https://hub.example/blip/resolve/main/pytorch_model.bin';
const URL_JSON = 'https://hub.example/blip/resolve/main/config.json';

/** Seeded bytes, so a test sees a wrong or shifted byte. */
function fileBytes(n: number, seed = 11): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** A body in `chunk`-byte pieces; `failAfter` bytes in, the connection drops. */
function body(bytes: Uint8Array, chunk: number, failAfter?: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (failAfter !== undefined && at >= failAfter) return controller.error(new TypeError('network error'));
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + chunk));
      at += chunk;
    },
  });
}

/** A server whose answer per request a test gives; counts requests. */
function server(answer: (call: number) => Response): { calls: () => number } {
  let calls = 0;
  vi.stubGlobal('fetch', () => Promise.resolve(answer(calls++)));
  return { calls: () => calls };
}

/** The store the test reads back, and what kind of body each put was given. */
function cacheStore(url: string): { storage: MemoryCacheStorage; store: StoreBody; bodies: string[] } {
  const storage = new MemoryCacheStorage();
  const bodies: string[] = [];
  const inner = storeIn(storage, url);
  return {
    storage,
    bodies,
    store: (b, size, type) => {
      bodies.push(b instanceof ReadableStream ? 'stream' : 'blob');
      return inner(b, size, type);
    },
  };
}

const stored = async (storage: MemoryCacheStorage, url: string): Promise<Uint8Array | undefined> => {
  const hit = await cachedModel(url, { caches: storage });
  return hit === undefined ? undefined : new Uint8Array(await hit.arrayBuffer());
};

afterEach(() => vi.unstubAllGlobals());

describe('downloadToCache: a checkpoint goes into the cache as a stream', () => {
  it('stores every byte in order, from a stream (never read whole), with progress up to the length', async () => {
    const bytes = fileBytes(100_003);
    server(() => new Response(body(bytes, 4096), { headers: { 'Content-Length': String(bytes.length) } }));
    const { storage, store, bodies } = cacheStore(URL_BIN);
    const progress: number[] = [];
    const got = await downloadToCache(URL_BIN, { store, onProgress: (loaded, total) => progress.push(loaded, total ?? -1) });
    expect(got).toEqual({ kept: true, size: 100_003 });
    expect(bodies).toEqual(['stream']);
    expect(await stored(storage, URL_BIN)).toEqual(bytes);
    expect(progress.slice(-2)).toEqual([100_003, 100_003]);
    expect(progress.filter((_, i) => i % 2 === 0)).toEqual([...progress.filter((_, i) => i % 2 === 0)].sort((a, b) => a - b));
  });

  it('a body shorter than its Content-Length is a cut-off download: tried twice, nothing stored', async () => {
    const bytes = fileBytes(10_000);
    const { calls } = server(() => new Response(body(bytes.subarray(0, 6000), 1000), { headers: { 'Content-Length': '10000' } }));
    const { storage, store } = cacheStore(URL_BIN);
    const error = await downloadToCache(URL_BIN, { store }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect(error).toMatchObject({ kind: 'cut-off', message: `download of ${URL_BIN} stopped at 6000 of 10000 bytes` });
    expect(calls()).toBe(2);
    expect(await stored(storage, URL_BIN)).toBeUndefined();
  });

  it('a body longer than its Content-Length is refused, nothing stored', async () => {
    server(() => new Response(body(fileBytes(5000), 1000), { headers: { 'Content-Length': '4500' } }));
    const { storage, store } = cacheStore(URL_BIN);
    await expect(downloadToCache(URL_BIN, { store })).rejects.toThrow(`download of ${URL_BIN} sent more than its Content-Length (4500 bytes)`);
    expect(await stored(storage, URL_BIN)).toBeUndefined();
  });

  it('a connection that drops midway is retried once; the second, whole download is stored', async () => {
    const bytes = fileBytes(20_000);
    const { calls } = server((n) => new Response(body(bytes, 2000, n === 0 ? 8000 : undefined), { headers: { 'Content-Length': '20000' } }));
    const { storage, store } = cacheStore(URL_BIN);
    expect(await downloadToCache(URL_BIN, { store })).toEqual({ kept: true, size: 20_000 });
    expect(calls()).toBe(2);
    expect(await stored(storage, URL_BIN)).toEqual(bytes);
  });

  it('a connection that drops twice names the bytes read; nothing stored', async () => {
    server(() => new Response(body(fileBytes(20_000), 2000, 8000), { headers: { 'Content-Length': '20000' } }));
    const { storage, store } = cacheStore(URL_BIN);
    await expect(downloadToCache(URL_BIN, { store })).rejects.toMatchObject({ kind: 'cut-off', message: expect.stringContaining(`download of ${URL_BIN} failed after 8000 bytes`) });
    expect(await stored(storage, URL_BIN)).toBeUndefined();
  });

  it('an HTML page sent for a checkpoint is named as one from its first bytes; not retried, nothing stored', async () => {
    const page = new TextEncoder().encode(`<!doctype html><title>Not found</title>${' '.repeat(4000)}`);
    const { calls } = server(() => new Response(body(page, 100), { headers: { 'Content-Length': String(page.length) } }));
    const { storage, store } = cacheStore(URL_BIN);
    const error = await downloadToCache(URL_BIN, { store }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFileError);
    expect((error as Error).message).toBe(`${URL_BIN} is not a model file (the server sent an HTML page): check the URL`);
    expect(calls()).toBe(1);
    expect(await stored(storage, URL_BIN)).toBeUndefined();
  });

  it('an HTTP error is a DownloadError with its status, not retried', async () => {
    const { calls } = server(() => new Response('no', { status: 404, statusText: 'Not Found' }));
    const { store } = cacheStore(URL_BIN);
    await expect(downloadToCache(URL_BIN, { store })).rejects.toMatchObject({ status: 404, kind: 'http' });
    expect(calls()).toBe(1);
  });

  it('JSON is checked whole (read whole, stored as a Blob); a file that does not parse is refused', async () => {
    const good = new TextEncoder().encode('{"model_type": "blip"}');
    server(() => new Response(good, { headers: { 'Content-Length': String(good.length) } }));
    const a = cacheStore(URL_JSON);
    expect(await downloadToCache(URL_JSON, { store: a.store })).toEqual({ kept: true, size: good.length });
    expect(a.bodies).toEqual(['blob']);
    expect(await stored(a.storage, URL_JSON)).toEqual(good);
    server(() => new Response('{"model_type": ', { headers: { 'Content-Length': '15' } }));
    const b = cacheStore(URL_JSON);
    await expect(downloadToCache(URL_JSON, { store: b.store })).rejects.toThrow(ModelFileError);
    expect(await stored(b.storage, URL_JSON)).toBeUndefined();
  });

  it('a file of unknown length is read whole, so a short one is never stored as complete', async () => {
    const bytes = fileBytes(3000);
    server(() => new Response(body(bytes, 1000)));
    const { storage, store, bodies } = cacheStore(URL_BIN);
    expect(await downloadToCache(URL_BIN, { store })).toEqual({ kept: true, size: 3000 });
    expect(bodies).toEqual(['blob']);
    expect(await stored(storage, URL_BIN)).toEqual(bytes);
  });

  it('a cache that refuses the file (quota) still gives the bytes, not kept, with why', async () => {
    const bytes = fileBytes(9000);
    server(() => new Response(body(bytes, 1000), { headers: { 'Content-Length': '9000' } }));
    const quota: StoreBody = async (b) => {
      if (b instanceof ReadableStream) await b.cancel();
      throw new DOMException('Quota exceeded.', 'QuotaExceededError');
    };
    const got = await downloadToCache(URL_BIN, { store: quota });
    expect(got).toEqual({ kept: false, reason: 'Quota exceeded.', bytes });
  });
});

describe('fetchStoredBlob: the cache Blob the lab worker reads in ranges', () => {
  it('downloads into the cache once, then hands out the cached Blob', async () => {
    const bytes = fileBytes(50_000);
    const { calls } = server(() => new Response(body(bytes, 8192), { headers: { 'Content-Length': '50000' } }));
    const storage = new MemoryCacheStorage();
    let downloads = 0;
    const first = await fetchStoredBlob(URL_BIN, { caches: () => storage, onDownload: () => downloads++ });
    expect(first.fromCache).toBe(false);
    expect(new Uint8Array(await first.blob.arrayBuffer())).toEqual(bytes);
    const again = await fetchStoredBlob(URL_BIN, { caches: () => storage, onDownload: () => downloads++ });
    expect(again.fromCache).toBe(true);
    expect(new Uint8Array(await again.blob.slice(1000, 1010).arrayBuffer())).toEqual(bytes.subarray(1000, 1010));
    expect([calls(), downloads]).toEqual([1, 1]);
  });
});
