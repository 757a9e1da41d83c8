// The page's handle on one kernel worker, behind an interface so that the
// client can be tested with a fake. One handle per worker: a restart makes a
// new one, and the client ignores whatever the old one still delivers.
import type { WorkerConnect } from '../frame/protocol.ts';
import type { KernelRequest } from '../protocol.ts';

/**
 * What died: the worker alone (its `error` event), the whole process holding it
 * (the kernel frame stopped answering), or the worker closed itself (`self.close()`
 * in a cell: worker.ts says so with a `closed` event just before it closes).
 */
export type CrashCause = 'worker' | 'process' | 'closed';

export interface KernelWorkerHandlers {
  /** A message from the worker, as it arrived: untrusted data the client checks (event-check.ts). */
  onEvent(data: unknown): void;
  /** The worker failed to load or died (e.g. out of memory). */
  onCrash(message: string, cause?: CrashCause): void;
}

export interface KernelWorker {
  post(request: KernelRequest): void;
  terminate(): void;
}

export type CreateKernelWorker = (handlers: KernelWorkerHandlers) => KernelWorker;

/** A kernel worker in the page's own renderer process. */
export const createBrowserKernelWorker: CreateKernelWorker = (handlers) => {
  // This exact form lets Vite find and bundle the worker.
  const worker = new Worker(new URL('../runtime/worker.ts', import.meta.url), { type: 'module', name: 'kernel' });
  worker.addEventListener('error', (event) => {
    // Student errors are caught inside the worker; one that reaches here means the worker is gone.
    event.preventDefault();
    handlers.onCrash(event.message || 'The kernel worker failed.');
  });
  // The worker always talks over a port it is handed first (see worker.ts).
  const channel = new MessageChannel();
  channel.port1.addEventListener('message', (event: MessageEvent<unknown>) => handlers.onEvent(event.data));
  channel.port1.start();
  const connect: WorkerConnect = { type: 'qlab-kernel-port', port: channel.port2, pageUrl: location.href };
  worker.postMessage(connect, [channel.port2]);
  return {
    post: (request) => channel.port1.postMessage(request),
    terminate: () => {
      worker.terminate();
      channel.port1.close();
    },
  };
};
