// The page's handle on one kernel worker, behind an interface so that the
// client can be tested with a fake. One handle per worker: a restart makes a
// new one, and the client ignores whatever the old one still delivers.
import type { KernelEvent, KernelRequest } from './protocol.ts';

export interface KernelWorkerHandlers {
  onEvent(event: KernelEvent): void;
  /** The worker failed to load or died (e.g. out of memory). */
  onCrash(message: string): void;
}

export interface KernelWorker {
  post(request: KernelRequest): void;
  terminate(): void;
}

export type CreateKernelWorker = (handlers: KernelWorkerHandlers) => KernelWorker;

export const createBrowserKernelWorker: CreateKernelWorker = (handlers) => {
  // This exact form lets Vite find and bundle the worker.
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'kernel' });
  worker.addEventListener('message', (event: MessageEvent<KernelEvent>) => handlers.onEvent(event.data));
  worker.addEventListener('error', (event) => {
    // Student errors are caught inside the worker; one that reaches here means the worker is gone.
    event.preventDefault();
    handlers.onCrash(event.message || 'The kernel worker failed.');
  });
  return {
    post: (request) => worker.postMessage(request),
    terminate: () => worker.terminate(),
  };
};
