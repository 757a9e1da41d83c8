// Where the notebook's kernel runs, for the status bar: in a process of its
// own (a cell that exhausts memory cannot take the page down) or in the
// page's process (the fallback). Plain module state with listeners.
import { createBrowserKernelWorker, type CreateKernelWorker } from '../client/worker-handle.ts';
import { createFramedKernelWorkers, type KernelProcess } from './frame-kernel.ts';
import { kernelFrameOrigin } from './origin.ts';

export type KernelProcessState = KernelProcess | 'starting';

let state: KernelProcessState = 'starting';
const listeners = new Set<(state: KernelProcessState) => void>();

export const kernelProcess = (): KernelProcessState => state;

export function onKernelProcess(listener: (state: KernelProcessState) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function report(next: KernelProcessState): void {
  state = next;
  for (const listener of [...listeners]) listener(next);
}

/** Kernel workers for this page: in the kernel frame when another site can serve it, else in process. */
export function createPageKernelWorkers(location: Location = window.location): CreateKernelWorker {
  let origin: string | null = null;
  try {
    origin = kernelFrameOrigin(location.origin, { kernelOrigin: import.meta.env.VITE_KERNEL_ORIGIN });
  } catch {
    console.warn(`VITE_KERNEL_ORIGIN is not a URL (${import.meta.env.VITE_KERNEL_ORIGIN ?? ''}); the kernel runs in the page's process.`);
  }
  if (origin === null) {
    report('page process');
    return createBrowserKernelWorker;
  }
  return createFramedKernelWorkers({
    origin,
    path: `${import.meta.env.BASE_URL}kernel.html`,
    fallback: createBrowserKernelWorker,
    onProcess: report,
  });
}
