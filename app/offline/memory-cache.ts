// An in-memory Cache API for tests of model-cache.ts (Node has no `caches`).
import type { CacheLike, CacheStorageLike } from '../models/model-cache.ts';

export class MemoryCache implements CacheLike {
  readonly entries = new Map<string, { body: ArrayBuffer; init: ResponseInit }>();
  async match(url: string): Promise<Response | undefined> {
    const e = this.entries.get(url);
    return e === undefined ? undefined : new Response(e.body.slice(0), e.init);
  }
  async put(url: string, response: Response): Promise<void> {
    const body = await response.arrayBuffer();
    this.entries.set(url, { body, init: { status: response.status, headers: [...response.headers] } });
  }
  async delete(url: string): Promise<boolean> {
    return this.entries.delete(url);
  }
  async keys(): Promise<readonly Request[]> {
    return [...this.entries.keys()].map((u) => new Request(u));
  }
}

export class MemoryCacheStorage implements CacheStorageLike {
  readonly caches = new Map<string, MemoryCache>();
  async open(name: string): Promise<MemoryCache> {
    let cache = this.caches.get(name);
    if (cache === undefined) this.caches.set(name, (cache = new MemoryCache()));
    return cache;
  }
}
