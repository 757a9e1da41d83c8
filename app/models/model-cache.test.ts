import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkModelFile, ModelFileError } from './check-file.ts';
import { DownloadError } from './fetch-bytes.ts';
import { MemoryCacheStorage } from '../offline/memory-cache.ts';
import { fetchStored, formatBytes, listModels, listStored, removeModel, removeStored, storeModel, type ModelCacheDeps } from './model-cache.ts';

const URL_A = 'https://models.example/a.onnx';

const deps: ModelCacheDeps = { caches: new MemoryCacheStorage(), now: () => 1234 };

const bytes = (n: number, fill = 7) => new Uint8Array(n).fill(fill);

describe('listing and removing', () => {
  it('lists stored models with sizes, and removes one', async () => {
    await storeModel(URL_A, [bytes(2048)], null, deps);
    await storeModel('https://models.example/b.onnx', [bytes(2048)], null, deps);
    expect(await listModels(deps)).toEqual([
      { url: URL_A, size: 2048, storedAt: 1234 },
      { url: 'https://models.example/b.onnx', size: 2048, storedAt: 1234 },
    ]);
    expect(await removeModel(URL_A, deps)).toBe(true);
    expect((await listModels(deps)).map((m) => m.url)).toEqual(['https://models.example/b.onnx']);
    expect(await removeModel(URL_A, deps)).toBe(false);
  });

  it('formats sizes for people', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(14.2 * 1024 * 1024)).toBe('14.2 MB');
  });
});

// fetchStored, listStored, removeStored: the store with its download (was app/models/model-store.test.ts).
const FILE_A = 'https://models.example/blip/vision_model.onnx';
const FILE_B = 'https://models.example/blip/config.json';

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
    const first = await fetchStored(FILE_A, { caches, onDownload: () => downloads++ });
    expect(first.fromCache).toBe(false);
    const again = await fetchStored(FILE_A, { caches, onDownload: () => downloads++ });
    expect(again).toEqual({ bytes: new Uint8Array([8, 2, 3]), fromCache: true });
    expect([calls.length, downloads]).toEqual([1, 1]);
    await fetchStored(FILE_B, { caches });
    expect(await listStored(caches)).toEqual([
      { url: FILE_B, bytes: 3 },
      { url: FILE_A, bytes: 3 },
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
    await expect(fetchStored(FILE_A, { caches })).rejects.toThrow();
    expect(await listStored(caches)).toEqual([]);
  });

  it('stores nothing for an HTTP error, and names the status', async () => {
    const storage = new MemoryCacheStorage();
    const caches = () => storage;
    server(() => new Response('missing', { status: 404, statusText: 'Not Found' }));
    await expect(fetchStored(FILE_A, { caches })).rejects.toThrow('404');
    expect(await listStored(caches)).toEqual([]);
  });

  it('stores nothing when the body is shorter than promised', async () => {
    const storage = new MemoryCacheStorage();
    const caches = () => storage;
    server(() => new Response(new Uint8Array([8, 2]), { headers: { 'Content-Length': '10' } }));
    await expect(fetchStored(FILE_A, { caches })).rejects.toBeInstanceOf(DownloadError);
    expect(await listStored(caches)).toEqual([]);
  });

  it('without a Cache API (not a secure context) still loads, caching nothing', async () => {
    server(() => new Response('{}'));
    expect((await fetchStored(FILE_B, { caches: () => null })).fromCache).toBe(false);
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
    await expect(fetchStored(FILE_B, { caches, check })).rejects.toThrow(new ModelFileError(`${FILE_B} is not a model file (the server sent an HTML page): check the URL`));
    expect(await listStored(caches)).toEqual([]);
    fixed = true;
    const got = await fetchStored(FILE_B, { caches, check });
    expect([new TextDecoder().decode(got.bytes), got.fromCache, calls.length]).toEqual(['{"architectures": []}', false, 2]);
    expect(await listStored(caches)).toEqual([{ url: FILE_B, bytes: 21 }]);
  });

  it('a bad copy cached before files were checked is dropped and downloaded again', async () => {
    const storage = new MemoryCacheStorage();
    const caches = () => storage;
    server(() => new Response(HTML));
    await fetchStored(FILE_B, { caches, check: () => undefined }); // no check: how a copy was kept before files were checked
    expect(await listStored(caches)).toHaveLength(1);
    server(() => new Response('{}'));
    const got = await fetchStored(FILE_B, { caches, check });
    expect([new TextDecoder().decode(got.bytes), got.fromCache]).toEqual(['{}', false]);
    expect(await listStored(caches)).toEqual([{ url: FILE_B, bytes: 2 }]);
  });
});
