import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryCacheStorage } from '../offline/memory-cache.ts';
import { checkModelFile, ModelFileError } from './check-file.ts';
import { DownloadError } from './fetch-bytes.ts';
import { fetchStored, listStored, removeStored } from './model-store.ts';

const URL_A = 'https://models.example/blip/vision_model.onnx';
const URL_B = 'https://models.example/blip/config.json';

/** A server whose answers a test sets; counts requests. */
function server(body: (url: string) => Response): { calls: string[] } {
  const calls: string[] = [];
  vi.stubGlobal('fetch', (url: string) => {
    calls.push(url);
    return Promise.resolve(body(url));
  });
  return { calls };
}

afterEach(() => vi.unstubAllGlobals());

describe('model store', () => {
  it('downloads once, then reads the cache; lists sizes; removes a folder', async () => {
    const storage = new MemoryCacheStorage();
    const caches = () => storage;
    // Files are checked before they are kept (check-file.ts): an ONNX file starts with 08, JSON parses.
    const { calls } = server((url) => new Response(url.endsWith('.json') ? new TextEncoder().encode('{} ') : new Uint8Array([8, 2, 3]), { headers: { 'Content-Length': '3' } }));
    let downloads = 0;
    const first = await fetchStored(URL_A, { caches, onDownload: () => downloads++ });
    expect(first.fromCache).toBe(false);
    const again = await fetchStored(URL_A, { caches, onDownload: () => downloads++ });
    expect(again).toEqual({ bytes: new Uint8Array([8, 2, 3]), fromCache: true });
    expect([calls.length, downloads]).toEqual([1, 1]);
    await fetchStored(URL_B, { caches });
    expect(await listStored(caches)).toEqual([
      { url: URL_B, bytes: 3 },
      { url: URL_A, bytes: 3 },
    ]);
    expect(await removeStored('https://models.example/blip', caches)).toBe(2);
    expect(await listStored(caches)).toEqual([]);
  });

  it('stores nothing when the connection drops mid-file (moved from the removed second download path)', async () => {
    const storage = new MemoryCacheStorage();
    const caches = () => storage;
    server(() => {
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) return controller.error(new TypeError('network error'));
          sent = true;
          controller.enqueue(new Uint8Array([8, 2]));
        },
      });
      return new Response(body, { headers: { 'Content-Length': '10' } });
    });
    await expect(fetchStored(URL_A, { caches })).rejects.toThrow();
    expect(await listStored(caches)).toEqual([]);
  });

  it('stores nothing for an HTTP error, and names the status', async () => {
    const storage = new MemoryCacheStorage();
    const caches = () => storage;
    server(() => new Response('missing', { status: 404, statusText: 'Not Found' }));
    await expect(fetchStored(URL_A, { caches })).rejects.toThrow('404');
    expect(await listStored(caches)).toEqual([]);
  });

  it('stores nothing when the body is shorter than promised', async () => {
    const storage = new MemoryCacheStorage();
    const caches = () => storage;
    server(() => new Response(new Uint8Array([8, 2]), { headers: { 'Content-Length': '10' } }));
    await expect(fetchStored(URL_A, { caches })).rejects.toBeInstanceOf(DownloadError);
    expect(await listStored(caches)).toEqual([]);
  });

  it('without a Cache API (not a secure context) still loads, caching nothing', async () => {
    server(() => new Response('{}'));
    expect((await fetchStored(URL_B, { caches: () => null })).fromCache).toBe(false);
    expect(await listStored(() => null)).toEqual([]);
  });
});

describe('model store with a file check (models.load of a folder)', () => {
  const HTML = '<!doctype html><html><body>Sign in</body></html>';
  const check = (url: string, b: Uint8Array): void => checkModelFile(url, b);

  it('an HTML page for config.json is refused by name, stored nowhere, and a retry after the fix downloads again', async () => {
    const storage = new MemoryCacheStorage();
    const caches = () => storage;
    let fixed = false;
    const { calls } = server(() => new Response(fixed ? '{"architectures": []}' : HTML, { headers: { 'Content-Type': fixed ? 'application/json' : 'text/html' } }));
    await expect(fetchStored(URL_B, { caches, check })).rejects.toThrow(new ModelFileError(`${URL_B} is not a model file (the server sent an HTML page): check the URL`));
    expect(await listStored(caches)).toEqual([]);
    fixed = true;
    const got = await fetchStored(URL_B, { caches, check });
    expect([new TextDecoder().decode(got.bytes), got.fromCache, calls.length]).toEqual(['{"architectures": []}', false, 2]);
    expect(await listStored(caches)).toEqual([{ url: URL_B, bytes: 21 }]);
  });

  it('a bad copy cached before files were checked is dropped and downloaded again', async () => {
    const storage = new MemoryCacheStorage();
    const caches = () => storage;
    server(() => new Response(HTML));
    await fetchStored(URL_B, { caches, check: () => undefined }); // no check: how a copy was kept before files were checked
    expect(await listStored(caches)).toHaveLength(1);
    server(() => new Response('{}'));
    const got = await fetchStored(URL_B, { caches, check });
    expect([new TextDecoder().decode(got.bytes), got.fromCache]).toEqual(['{}', false]);
    expect(await listStored(caches)).toEqual([{ url: URL_B, bytes: 2 }]);
  });
});
