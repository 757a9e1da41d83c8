// A LinearPool's dedicated worker (a module Worker of this file, started by the pool's owner, e.g.
// the kernel's worker, through linear-pool.ts's linearWorkerFrom): runs the rows it is given on the
// pool's shared memory. The work is linear-worker-handler.ts's.
import type { ToLinearWorker } from './linear-pool-protocol.ts';
import { linearWorkerHandler } from './linear-worker-handler.ts';

const handle = linearWorkerHandler((message) => postMessage(message));
onmessage = (e: MessageEvent<ToLinearWorker>) => handle(e.data);
