import { DownloadError } from '../models/fetch-bytes.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkModelFilesCall, MAX_URL_LENGTH, modelUrlProblem } from './model-bridge-check.ts';
import { answerModelFilesCall, type ModelFilesHost } from './model-bridge-host.ts';
import { ModelFilesBridge, type ModelFilesCall } from './model-bridge.ts';
import { MemoryCacheStorage } from './memory-cache.ts';
import { MODEL_CACHE } from '../models/model-cache.ts';

const APP = 'http://localhost:5173';
const KERNEL = 'http://127.0.0.1:5173';
const context = { appOrigins: [APP, KERNEL] };

/** A server whose answers a test sets; records the URLs the page fetched. */
function server(body: (url: string) => Response): string[] {
  const fetched: string[] = [];
  vi.stubGlobal('fetch', (url: string) => {
    fetched.push(url);
    return Promise.resolve(body(url));
  });
  return fetched;
}
afterEach(() => vi.unstubAllGlobals());

function host(storage: MemoryCacheStorage | null, precached: readonly string[] = []): ModelFilesHost {
  return { caches: storage, appOrigins: context.appOrigins, isPrecached: async (url) => precached.includes(url.replace(/\?.*$/, '')) };
}

/** A bridge wired to a page host the way worker and page are: through structured clones, asynchronously. */
function bridged(page: ModelFilesHost): { bridge: ModelFilesBridge; calls: ModelFilesCall[] } {
  const calls: ModelFilesCall[] = [];
  const bridge: ModelFilesBridge = new ModelFilesBridge((call) => {
    calls.push(call);
    const progress = (id: number) => (loaded: number, total: number | null) => bridge.progress({ id, loaded, total });
    void answerModelFilesCall(structuredClone(call), page, progress).then((answer) => answer && bridge.receive(answer));
  });
  return { bridge, calls };
}

describe('model URLs (page side)', () => {
  it.each([
    ['https://models.example/blip/vision_model.onnx', null],
    ['http://localhost:5173/remote-models/tiny/config.json', null],
    ['javascript:alert(1)', 'javascript: URLs are not model URLs (only http: and https:)'],
    ['data:text/html,<script>x</script>', 'data: URLs are not model URLs (only http: and https:)'],
    ['blob:http://localhost:5173/x', 'blob: URLs are not model URLs (only http: and https:)'],
    ['/relative/config.json', '"/relative/config.json" is not an absolute URL'],
    ['https://user:pw@models.example/a.onnx', 'a model URL may not carry a user name or password'],
    ['https://models.example/a.onnx#x', 'a model URL has no #fragment'],
  ])('%s → %s', (url, problem) => {
    expect(modelUrlProblem(url, context, true)).toBe(problem);
  });

  it('refuses a URL over the length limit', () => {
    expect(modelUrlProblem(`https://models.example/${'a'.repeat(MAX_URL_LENGTH)}`, context, false)).toBe(
      `a model URL is at most 2048 characters (this one has ${MAX_URL_LENGTH + 23})`,
    );
  });

  it("refuses to download the app's own pages, scripts and styles on either app origin, but reads and removes any model URL", () => {
    for (const url of [
      `${APP}/`,
      `${APP}/index.html?__WB_REVISION__=abc`,
      `${KERNEL}/kernel.html`,
      `${APP}/assets/index-x.js`,
      `${APP}/sw.js`,
      `${APP}/assets/a.css`,
      `${APP}/assets/ort.wasm`,
      `${APP}/remote-models/`,
    ]) {
      expect(modelUrlProblem(url, context, true)).toMatch(/is one of the app's own files, not a model file$/);
      expect(modelUrlProblem(url, context, false)).toBeNull();
    }
    // Another host's index.html is just a file there.
    expect(modelUrlProblem('https://models.example/index.html', context, true)).toBeNull();
  });

  it('checks the schema of every call: op, exact keys, types, id', () => {
    const ok = (data: unknown) => checkModelFilesCall(data, context);
    expect(ok({ id: 1, op: 'list' })).toEqual({ ok: true, call: { id: 1, op: 'list' } });
    expect(ok({ id: 2, op: 'read', url: 'https://m.example/a.onnx' })).toEqual({
      ok: true,
      call: { id: 2, op: 'read', url: 'https://m.example/a.onnx' },
    });
    expect(ok({ id: 3, op: 'put', cache: 'workbox-precache-v2', url: `${APP}/index.html`, response: {} })).toMatchObject({
      ok: false,
      id: 3,
      reason: expect.stringContaining('unknown model-file call "put"'),
    });
    expect(ok({ id: 4, op: 'keys', cache: 'workbox-precache-v2' })).toMatchObject({
      ok: false,
      id: 4,
      reason: expect.stringContaining('unknown model-file call "keys"'),
    });
    expect(ok({ id: 5, op: 'read', url: 'https://m.example/a', cache: 'workbox-precache-v2' })).toEqual({
      ok: false,
      id: 5,
      reason: 'read takes exactly a url',
    });
    expect(ok({ id: 6, op: 'download', url: 7 })).toEqual({ ok: false, id: 6, reason: 'download: the url is a string' });
    expect(ok({ id: 7, op: 'list', extra: true })).toEqual({ ok: false, id: 7, reason: 'list takes no arguments' });
    expect(ok({ id: -1, op: 'list' })).toEqual({ ok: false, id: null, reason: 'a model-file call has a positive integer id' });
    expect(ok({ id: 1.5, op: 'list' })).toMatchObject({ ok: false, id: null });
    expect(ok('list')).toEqual({ ok: false, id: null, reason: 'a model-file call is an object' });
    expect(ok([1, 'list'])).toMatchObject({ ok: false, id: null });
  });
});

describe('answering calls (page side)', () => {
  it('refuses forged calls with a named error and leaves every cache as it was', async () => {
    const storage = new MemoryCacheStorage();
    await (await storage.open('workbox-precache-v2')).put(`${APP}/index.html`, new Response('<!doctype html>real'));
    const fetched = server(() => new Response('<script>evil()</script>'));
    const page = host(storage, [`${APP}/index.html`, `${APP}/ppocr.onnx`]);
    const forged: unknown[] = [
      { id: 1, op: 'keys', cache: 'workbox-precache-v2' },
      {
        id: 2,
        op: 'put',
        cache: 'workbox-precache-v2',
        url: `${APP}/index.html?__WB_REVISION__=1`,
        response: { status: 200, headers: [], body: 'x' },
      },
      { id: 3, op: 'download', url: `${APP}/index.html?__WB_REVISION__=1` },
      { id: 4, op: 'download', url: `${APP}/ppocr.onnx` },
      { id: 5, op: 'download', url: 'javascript:alert(1)' },
      { id: 6, op: 'match', cache: 'workbox-precache-v2', url: `${APP}/index.html` },
    ];
    for (const call of forged) {
      const answer = await answerModelFilesCall(call, page, () => () => undefined);
      expect(answer).toMatchObject({ ok: false, name: 'ModelCallRefused', message: expect.stringMatching(/^Refused by the page: /) });
    }
    expect(await answerModelFilesCall({ op: 'list' }, page, () => () => undefined)).toBeNull();
    expect(fetched).toEqual([]);
    expect([...storage.caches.keys()]).toEqual(['workbox-precache-v2']);
    expect(await (await (await storage.open('workbox-precache-v2')).match(`${APP}/index.html`))?.text()).toBe('<!doctype html>real');
  });

  it('downloads with its own fetch, stores what it fetched in the model cache, and the kernel reads it; progress reaches the kernel', async () => {
    const storage = new MemoryCacheStorage();
    const url = 'https://models.example/blip/vision_model.onnx';
    const fetched = server(() => new Response(new Uint8Array([8, 2, 3, 4]), { headers: { 'Content-Length': '4' } }));
    const { bridge, calls } = bridged(host(storage));
    const progress: number[] = [];
    let downloads = 0;
    const got = await bridge.fetch(url, { onProgress: (loaded) => progress.push(loaded), onDownload: () => downloads++ });
    expect([...got.bytes]).toEqual([8, 2, 3, 4]);
    expect(got).toMatchObject({ fromCache: false });
    expect(downloads).toBe(1);
    expect(progress.at(-1)).toBe(4);
    expect(fetched).toEqual([url]);
    expect(calls.map((c) => c.op)).toEqual(['read', 'download', 'read']);
    expect([...storage.caches.keys()]).toEqual([MODEL_CACHE]);
    // Again: from the page's model cache, no fetch.
    const again = await bridge.fetch(url);
    expect(again.fromCache).toBe(true);
    expect(fetched).toHaveLength(1);
    expect(await bridge.list()).toEqual([{ url, bytes: 4 }]);
    expect(await bridge.remove('https://models.example/blip/')).toBe(1);
    expect(await bridge.list()).toEqual([]);
  });

  it('hands the bytes over once when the page cannot keep them, and rethrows a download failure by name', async () => {
    server((url) =>
      url.endsWith('missing.onnx') ? new Response('no', { status: 404, statusText: 'Not Found' }) : new Response(new Uint8Array([8])),
    );
    const { bridge } = bridged(host(null));
    const got = await bridge.fetch('https://models.example/a.onnx');
    expect([...got.bytes]).toEqual([8]);
    expect(got.notCached).toMatch(/no Cache API/);
    await expect(bridge.fetch('https://models.example/missing.onnx')).rejects.toMatchObject({
      name: 'DownloadError',
      message: 'could not fetch https://models.example/missing.onnx: HTTP 404 Not Found',
    });
    // The kernel side gets a real DownloadError with the status, so from_pretrained can tell a 404 (try the .bin) from a 401.
    const failure = await bridge.fetch('https://models.example/missing.onnx').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DownloadError);
    expect(failure).toMatchObject({ status: 404, kind: 'http', retryable: false });
  });
});
