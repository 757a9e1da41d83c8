// A LinearPool's workers as Node worker_threads (Node tests that need a worker in its own thread: the
// handoff's listening worker blocks it). Each runs thread-worker-entry.ts (linearWorkerHandler), loaded through tsx.
import { Worker } from 'node:worker_threads';
import type { ToLinearWorker } from './linear-pool-protocol.ts';
import type { SpawnLinearWorker } from './linear-pool.ts';

/** `seen` records every request posted to the workers. */
export function threadWorkers(seen: ToLinearWorker[] = []): SpawnLinearWorker {
  return (_index, events) => {
    // the thread registers tsx (its loader hooks are per thread) before it imports the TypeScript entry
    const boot =
      "const { workerData } = require('node:worker_threads'); import('tsx/esm/api').then((tsx) => { tsx.register(); return import(workerData.entry); });";
    const worker = new Worker(boot, { eval: true, workerData: { entry: new URL('./thread-worker-entry.ts', import.meta.url).href } });
    worker.on('message', (data: unknown) => events.onMessage(data));
    worker.on('error', (error: Error) => events.onCrash(error.message));
    worker.on('exit', (code) => {
      if (code !== 0) events.onCrash(`its thread exited with code ${code}`);
    });
    return {
      post: (m) => {
        seen.push(m);
        worker.postMessage(m);
      },
      terminate: () => void worker.terminate(),
    };
  };
}
