// Model lab worker entry: inference and transforms run here, never on the page's thread.
// All logic is in lab-runtime.ts; requests are handled one at a time, in order.
import type { LabRequest } from './protocol.ts';
import { LabRuntime } from './lab-runtime.ts';

const runtime = new LabRuntime((event) => self.postMessage(event));
let queue: Promise<void> = Promise.resolve();
self.addEventListener('message', (event: MessageEvent<LabRequest>) => {
  queue = queue.then(() => runtime.handle(event.data));
});
