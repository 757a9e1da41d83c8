import { describe, expect, it } from 'vitest';
import { MemoryCacheStorage } from './memory-cache.ts';
import { cachedModel, downloadModel, formatBytes, listModels, removeModel, type DownloadProgress, type ModelCacheDeps } from './model-cache.ts';

const URL_A = 'https://models.example/a.onnx';

/** A response streaming `chunks`; `failAfter` chunks, the stream errors (a dropped connection). */
function streamed(chunks: readonly Uint8Array[], opts: { length?: number; failAfter?: number; status?: number } = {}): Response {
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (opts.failAfter !== undefined && i >= opts.failAfter) return controller.error(new TypeError('network error'));
      const next = chunks[i++];
      if (next === undefined) controller.close();
      else controller.enqueue(next);
    },
  });
  const length = opts.length ?? chunks.reduce((n, c) => n + c.byteLength, 0);
  return new Response(body, { status: opts.status ?? 200, headers: { 'Content-Length': String(length), 'Content-Type': 'application/octet-stream' } });
}

function setup(respond: () => Response) {
  const caches = new MemoryCacheStorage();
  let fetches = 0;
  const deps: ModelCacheDeps = {
    caches,
    fetch: async (_url, init) => {
      fetches += 1;
      init.signal?.throwIfAborted();
      return respond();
    },
    now: () => 1234,
  };
  return { caches, deps, fetches: () => fetches };
}

const bytes = (n: number, fill = 7) => new Uint8Array(n).fill(fill);

describe('downloadModel', () => {
  it('stores the file and reports progress up to its size', async () => {
    const { deps } = setup(() => streamed([bytes(3), bytes(5)]));
    const progress: DownloadProgress[] = [];
    const model = await downloadModel(URL_A, deps, { onProgress: (p) => progress.push(p) });
    expect(model).toEqual({ url: URL_A, size: 8, storedAt: 1234 });
    expect(progress).toEqual([{ loaded: 0, total: 8 }, { loaded: 3, total: 8 }, { loaded: 8, total: 8 }]);
    const stored = await cachedModel(URL_A, deps);
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(bytes(8));
  });

  it('stores nothing when the connection drops mid-file', async () => {
    const { deps } = setup(() => streamed([bytes(3), bytes(5)], { failAfter: 1 }));
    await expect(downloadModel(URL_A, deps)).rejects.toThrow('network error');
    expect(await listModels(deps)).toEqual([]);
  });

  it('stores nothing when fewer bytes arrive than the server announced', async () => {
    const { deps } = setup(() => streamed([bytes(3)], { length: 10 }));
    await expect(downloadModel(URL_A, deps)).rejects.toThrow('got 3 of 10 bytes; nothing was stored');
    expect(await listModels(deps)).toEqual([]);
  });

  it('stores nothing for an HTTP error', async () => {
    const { deps } = setup(() => new Response('missing', { status: 404, statusText: 'Not Found' }));
    await expect(downloadModel(URL_A, deps)).rejects.toThrow('404 Not Found');
    expect(await listModels(deps)).toEqual([]);
  });

  it('stores nothing when cancelled', async () => {
    const { deps } = setup(() => streamed([bytes(3)]));
    const abort = new AbortController();
    abort.abort();
    await expect(downloadModel(URL_A, deps, { signal: abort.signal })).rejects.toThrow();
    expect(await listModels(deps)).toEqual([]);
  });

  it('joins a second request for a file that is already downloading', async () => {
    const { deps, fetches } = setup(() => streamed([bytes(4)]));
    const [a, b] = await Promise.all([downloadModel(URL_A, deps), downloadModel(URL_A, deps)]);
    expect(a).toEqual(b);
    expect(fetches()).toBe(1);
  });

  it('keeps the earlier complete copy when a re-download fails', async () => {
    let fail = false;
    const { deps } = setup(() => (fail ? streamed([bytes(1)], { failAfter: 0 }) : streamed([bytes(6)])));
    await downloadModel(URL_A, deps);
    fail = true;
    await expect(downloadModel(URL_A, deps)).rejects.toThrow();
    expect((await listModels(deps)).map((m) => m.size)).toEqual([6]);
  });
});

describe('listing and removing', () => {
  it('lists stored models with sizes, and removes one', async () => {
    const { deps } = setup(() => streamed([bytes(2048)]));
    await downloadModel(URL_A, deps);
    await downloadModel('https://models.example/b.onnx', deps);
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
