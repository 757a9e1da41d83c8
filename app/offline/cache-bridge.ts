// The model cache seen from the kernel: the kernel's worker may live in a frame
// on another site (app/kernel/frame), where the Cache API is partitioned or
// refused ("SecurityError" in Chromium), and a cache of its own would differ
// from the one the Model lab lists. So the kernel asks the page: every Cache
// API call it makes becomes a message, answered from the page's own store.
import type { CacheLike, CacheStorageLike } from './model-cache.ts';

type CacheRequest =
  | { readonly op: 'match'; readonly cache: string; readonly url: string }
  | { readonly op: 'put'; readonly cache: string; readonly url: string; readonly response: StoredResponse }
  | { readonly op: 'delete'; readonly cache: string; readonly url: string }
  | { readonly op: 'keys'; readonly cache: string };

export type CacheCall = CacheRequest & { readonly id: number };

/**
 * A Response as plain data: messages cannot carry Response objects. The body is
 * a Blob, which crosses processes as a handle: a 1 GB model is not copied
 * through the message (an ArrayBuffer body made a BLIP-base-sized load take 3x
 * longer and 1.6x the memory).
 */
export interface StoredResponse {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Blob;
}

type CacheValue = StoredResponse | boolean | readonly string[] | null;

export type CacheAnswer =
  | { readonly id: number; readonly ok: true; readonly value: CacheValue }
  | { readonly id: number; readonly ok: false; readonly name: string; readonly message: string };

/** A call unanswered this long fails (the page always answers; this only guards against a hang). */
const ANSWER_TIMEOUT_MS = 120_000;

const toStored = async (response: Response): Promise<StoredResponse> => ({
  status: response.status,
  headers: [...response.headers],
  body: await response.blob(),
});

const fromStored = (stored: StoredResponse): Response =>
  new Response(stored.body, { status: stored.status, headers: stored.headers.map(([k, v]): [string, string] => [k, v]) });

/** Page side: carries out one call against the page's caches. */
export async function answerCacheCall(call: CacheCall, storage: CacheStorageLike): Promise<CacheAnswer> {
  try {
    const cache = await storage.open(call.cache);
    switch (call.op) {
      case 'match': {
        const hit = await cache.match(call.url);
        return { id: call.id, ok: true, value: hit === undefined ? null : await toStored(hit) };
      }
      case 'put':
        await cache.put(call.url, fromStored(call.response));
        return { id: call.id, ok: true, value: true };
      case 'delete':
        return { id: call.id, ok: true, value: await cache.delete(call.url) };
      case 'keys':
        return { id: call.id, ok: true, value: (await cache.keys()).map((r) => r.url) };
    }
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    return { id: call.id, ok: false, name: error.name, message: error.message };
  }
}

/** Kernel side: a CacheStorageLike whose calls go to the page over `send`; feed answers to `receive`. */
export class CacheBridge implements CacheStorageLike {
  readonly #send: (call: CacheCall) => void;
  readonly #waiting = new Map<number, { resolve: (answer: CacheAnswer) => void }>();
  #nextId = 1;

  constructor(send: (call: CacheCall) => void) {
    this.#send = send;
  }

  receive(answer: CacheAnswer): void {
    this.#waiting.get(answer.id)?.resolve(answer);
    this.#waiting.delete(answer.id);
  }

  async open(name: string): Promise<CacheLike> {
    return {
      match: async (url) => {
        const value = await this.#call({ op: 'match', cache: name, url });
        return value !== null && typeof value === 'object' && 'body' in value ? fromStored(value) : undefined;
      },
      put: async (url, response) => {
        await this.#call({ op: 'put', cache: name, url, response: await toStored(response) });
      },
      delete: async (url) => (await this.#call({ op: 'delete', cache: name, url })) === true,
      keys: async () => {
        const value = await this.#call({ op: 'keys', cache: name });
        return Array.isArray(value) ? value.map((url) => new Request(url)) : [];
      },
    };
  }

  async #call(request: CacheRequest): Promise<CacheValue> {
    const id = this.#nextId++;
    const answer = await new Promise<CacheAnswer>((resolve) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        resolve({ id, ok: false, name: 'CacheError', message: `The page did not answer a model-cache ${request.op} within ${ANSWER_TIMEOUT_MS / 1000} s.` });
      }, ANSWER_TIMEOUT_MS);
      this.#waiting.set(id, { resolve: (a) => { clearTimeout(timer); resolve(a); } });
      this.#send({ ...request, id });
    });
    if (answer.ok) return answer.value;
    const error = new Error(answer.message);
    error.name = answer.name;
    throw error;
  }
}
