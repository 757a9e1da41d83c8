// The page's answers to the kernel's model-file calls (model-file-answers.ts), through the client
// as the kernel reaches them, with a scripted worker (fake-kernel-worker.ts) and fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KernelClient, type KernelClientOptions } from './kernel-client.ts';
import { FakeKernelWorker } from './fake-kernel-worker.ts';
import { MemoryCacheStorage } from '../../offline/memory-cache.ts';

let workers: FakeKernelWorker[];
const latest = (): FakeKernelWorker => workers.at(-1)!;

function createClient(options: Omit<KernelClientOptions, 'createWorker'> = {}): KernelClient {
  return new KernelClient({
    ...options,
    createWorker: (handlers) => {
      const worker = new FakeKernelWorker(handlers);
      workers.push(worker);
      return worker;
    },
  });
}

beforeEach(() => {
  workers = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the kernel's model-file calls", () => {
  it("answers the kernel's model-file calls from the page's store, to the worker that asked", async () => {
    const page = new MemoryCacheStorage();
    await (
      await page.open('qlab-models-v1')
    ).put('http://localhost/a.onnx', new Response(new Uint8Array([7, 8]), { headers: { 'X-Qlab-Size': '2' } }));
    const client = createClient({ caches: () => page, appOrigins: ['http://localhost'], isPrecached: async () => false });
    latest().ready();
    latest().emit({ type: 'model-files', call: { id: 3, op: 'list' } });
    await vi.waitFor(() =>
      expect(latest().requests).toContainEqual({
        type: 'model-files-answer',
        answer: { id: 3, ok: true, value: [{ url: 'http://localhost/a.onnx', bytes: 2 }] },
      }),
    );
    const before = latest();
    before.emit({ type: 'model-files', call: { id: 4, op: 'remove', url: 'http://localhost/a.onnx' } });
    void client.restart();
    latest().ready();
    await vi.advanceTimersByTimeAsync(0);
    expect(before.requests.filter((r) => r.type === 'model-files-answer')).toHaveLength(1);
    expect(latest().requests).toEqual([]);
  });

  it('says there is no Cache API when the page has none', async () => {
    createClient({ caches: () => null, appOrigins: [], isPrecached: async () => false });
    latest().ready();
    latest().emit({ type: 'model-files', call: { id: 1, op: 'read', url: 'https://models.example/a.onnx' } });
    await vi.waitFor(() => expect(latest().requests[0]).toEqual({ type: 'model-files-answer', answer: { id: 1, ok: true, value: null } }));
  });

  it('refuses model-file calls of the wrong shape with a named error, and more than 64 at once', async () => {
    const page = new MemoryCacheStorage();
    createClient({ caches: () => page, appOrigins: ['http://localhost'], isPrecached: async () => false });
    latest().ready();
    latest().emitRaw({
      type: 'model-files',
      call: { id: 1, op: 'put', cache: 'workbox-precache-v2', url: 'http://localhost/index.html', response: {} },
    });
    await vi.waitFor(() =>
      expect(latest().requests).toContainEqual({
        type: 'model-files-answer',
        answer: { id: 1, ok: false, name: 'ModelCallRefused', message: expect.stringContaining('unknown model-file call "put"') },
      }),
    );
    // Downloads that never finish fill the in-flight limit.
    vi.stubGlobal('fetch', () => new Promise(() => undefined));
    for (let id = 10; id < 10 + 64; id++)
      latest().emit({ type: 'model-files', call: { id, op: 'download', url: `https://m.example/${id}.onnx` } });
    latest().emit({ type: 'model-files', call: { id: 99, op: 'list' } });
    await vi.waitFor(() =>
      expect(latest().requests).toContainEqual({
        type: 'model-files-answer',
        answer: { id: 99, ok: false, name: 'ModelCallRefused', message: 'Refused by the page: more than 64 model-file calls at once.' },
      }),
    );
    vi.unstubAllGlobals();
  });
});
