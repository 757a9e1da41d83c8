import { describe, expect, it } from 'vitest';
import { MemoryCacheStorage } from './memory-cache.ts';
import { formatBytes, listModels, removeModel, storeModel, type ModelCacheDeps } from './model-cache.ts';

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
