// A LinearPool's workers in the calling thread, for Node tests: linearWorkerHandler behind a port
// that answers on a later task, as a real worker would. `tamper` may change or swallow a reply
// (return undefined), knowing the request it answers and the worker's index; `seen` records the
// requests. Real nested workers: tests/e2e/wasm-linear.spec.ts.
import type { FromLinearWorker, ToLinearWorker } from './linear-pool-protocol.ts';
import type { SpawnLinearWorker } from './linear-pool.ts';
import { linearWorkerHandler } from './linear-worker-handler.ts';

export function inProcessWorkers(
  tamper: (m: FromLinearWorker, request: ToLinearWorker, index: number) => unknown = (m) => m,
  seen: ToLinearWorker[] = [],
): SpawnLinearWorker {
  return (index, events) => {
    let last: ToLinearWorker | undefined;
    const handle = linearWorkerHandler((m) => {
      const out = tamper(m, last!, index);
      if (out !== undefined) setTimeout(() => events.onMessage(out));
    });
    return {
      post: (m) => {
        seen.push(m);
        setTimeout(() => {
          last = m;
          handle(m);
        });
      },
      terminate: () => undefined,
    };
  };
}
