// A LinearPool worker in a Node worker_thread (Node tests of the handoff, whose listening worker blocks
// its thread, so in-process workers cannot stand in): linear-worker-handler.ts behind parentPort.
// Started by thread-workers.ts (which registers tsx in the thread to load this file).
import { parentPort } from 'node:worker_threads';
import type { ToLinearWorker } from './linear-pool-protocol.ts';
import { linearWorkerHandler } from './linear-worker-handler.ts';

const port = parentPort;
if (port === null) throw new Error('thread-worker-entry.ts runs in a worker_thread');
const handle = linearWorkerHandler((message) => port.postMessage(message));
port.on('message', (message: ToLinearWorker) => handle(message));
