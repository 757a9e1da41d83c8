import { describe, expect, it } from 'vitest';
import { answerCacheCall, CacheBridge, type CacheCall } from './cache-bridge.ts';
import { MemoryCacheStorage } from './memory-cache.ts';
import { cachedModel, listModels, removeModel, storeModel, type CacheStorageLike } from './model-cache.ts';

/** A bridge wired to a page-side store the way the kernel and the page are (asynchronously, as messages). */
function bridged(storage: CacheStorageLike): { bridge: CacheBridge; calls: CacheCall[] } {
  const calls: CacheCall[] = [];
  const bridge: CacheBridge = new CacheBridge((call) => {
    calls.push(call);
    void answerCacheCall(structuredClone(call), storage).then((answer) => bridge.receive(structuredClone(answer)));
  });
  return { bridge, calls };
}

describe('CacheBridge', () => {
  it('stores, lists, reads and removes a model in the page store through messages', async () => {
    const page = new MemoryCacheStorage();
    const { bridge, calls } = bridged(page);
    const url = 'http://localhost:5173/remote/vision.onnx';
    await storeModel(url, [new Uint8Array([1, 2, 3, 4])], null, { caches: bridge, now: () => 42 });
    expect(await listModels({ caches: bridge })).toEqual([{ url, size: 4, storedAt: 42 }]);
    // The bytes live in the page's store, not in the kernel.
    expect(await listModels({ caches: page })).toEqual([{ url, size: 4, storedAt: 42 }]);
    const hit = await cachedModel(url, { caches: bridge });
    expect([...new Uint8Array(await hit!.arrayBuffer())]).toEqual([1, 2, 3, 4]);
    expect(hit!.headers.get('Content-Length')).toBe('4');
    expect(await removeModel(url, { caches: bridge })).toBe(true);
    expect(await removeModel(url, { caches: bridge })).toBe(false);
    expect(await cachedModel(url, { caches: bridge })).toBeUndefined();
    expect(calls.map((c) => c.op)).toEqual(['put', 'keys', 'match', 'match', 'delete', 'delete', 'match']);
  });

  it('rethrows a page-side failure with its name and message', async () => {
    const full: CacheStorageLike = {
      open: async () => ({
        match: async () => undefined,
        put: async () => {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        },
        delete: async () => false,
        keys: async () => [],
      }),
    };
    const { bridge } = bridged(full);
    const failure = storeModel('http://localhost/x.onnx', [new Uint8Array(8)], null, { caches: bridge });
    await expect(failure).rejects.toMatchObject({ name: 'QuotaExceededError', message: 'The quota has been exceeded.' });
  });
});
