// The page's answers to the kernel worker's model-file calls (page side; the
// kernel side is app/offline/model-bridge.ts): every call is checked by
// app/offline/model-bridge-host.ts before it touches the page's model cache,
// answers go only to the worker that asked, and at most MAX_CALLS_IN_FLIGHT
// calls of one worker are open at once. KernelClient makes one and resets it
// for each new worker.
import type { BoundPoster } from '../../shared/worker-rpc.ts';
import { answerModelFilesCall, browserIsPrecached } from '../../offline/model-bridge-host.ts';
import { MAX_CALLS_IN_FLIGHT } from '../../offline/model-bridge-check.ts';
import { browserCacheStorage, type CacheStorageLike } from '../../models/model-cache.ts';
import { kernelFrameOrigin } from '../frame/origin.ts';
import type { KernelRequest } from '../protocol.ts';

export interface ModelFileAnswerOptions {
  /** The store that answers the kernel's model-file calls. Default: this page's Cache API (null where there is none). */
  readonly caches?: () => CacheStorageLike | null;
  /** The app's own origins, whose app files the kernel may never have downloaded. Default: the page's and the kernel frame's. */
  readonly appOrigins?: readonly string[];
  /** Whether the service worker precaches a URL. Default: asks this page's Workbox caches. */
  readonly isPrecached?: (url: string) => Promise<boolean>;
}

/** The page's origin and the kernel frame's (app/kernel/frame/origin.ts). */
function defaultAppOrigins(): readonly string[] {
  if (typeof location === 'undefined') return [];
  const frame = kernelFrameOrigin(location.origin, { kernelOrigin: import.meta.env.VITE_KERNEL_ORIGIN });
  return frame === null ? [location.origin] : [location.origin, frame];
}

export class ModelFileAnswers {
  readonly #caches: () => CacheStorageLike | null;
  readonly #appOrigins: readonly string[];
  readonly #isPrecached: (url: string) => Promise<boolean>;
  /** Model-file calls of the current worker not answered yet. */
  #callsInFlight = 0;

  constructor(options: ModelFileAnswerOptions) {
    this.#caches = options.caches ?? browserCacheStorage;
    this.#appOrigins = options.appOrigins ?? defaultAppOrigins();
    this.#isPrecached = options.isPrecached ?? browserIsPrecached;
  }

  /** A new worker: none of its calls is open yet. */
  reset(): void {
    this.#callsInFlight = 0;
  }

  /** Answers one call of the worker `post` is bound to (answers never go to a worker that replaced it). */
  answer(call: unknown, post: BoundPoster<KernelRequest>): void {
    if (this.#callsInFlight >= MAX_CALLS_IN_FLIGHT) {
      const id = typeof call === 'object' && call !== null && 'id' in call && typeof call.id === 'number' ? call.id : null;
      if (id !== null)
        post.post({
          type: 'model-files-answer',
          answer: {
            id,
            ok: false,
            name: 'ModelCallRefused',
            message: `Refused by the page: more than ${MAX_CALLS_IN_FLIGHT} model-file calls at once.`,
          },
        });
      return;
    }
    this.#callsInFlight++;
    const host = { caches: this.#caches(), appOrigins: this.#appOrigins, isPrecached: this.#isPrecached };
    const onProgress =
      (id: number) =>
      (loaded: number, total: number | null): void => {
        post.post({ type: 'model-files-progress', progress: { id, loaded, total } });
      };
    void answerModelFilesCall(call, host, onProgress).then((answer) => {
      // A worker since replaced: its count started again with the new one.
      if (!post.current) return;
      this.#callsInFlight--;
      if (answer !== null) post.post({ type: 'model-files-answer', answer });
    });
  }
}
