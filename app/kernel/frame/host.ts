// Runs in kernel.html, a frame on another site than the page (see origin.ts),
// so kernel workers live in a renderer process of their own. It accepts one
// control port from an allowed parent, starts and kills workers on request,
// and answers pings so the page can tell a crashed process from a busy cell.
import { isAllowedParent } from './origin.ts';
import { isFrameConnect, type FrameEvent, type FrameRequest, type WorkerConnect } from './protocol.ts';

const workers = new Map<number, Worker>();
let control: MessagePort | null = null;

const send = (event: FrameEvent): void => control?.postMessage(event);

function spawn(id: number, port: MessagePort, pageUrl: string): void {
  // This exact form lets Vite find and bundle the worker.
  const worker = new Worker(new URL('../runtime/worker.ts', import.meta.url), { type: 'module', name: 'kernel' });
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    send({ type: 'worker-error', id, message: event.message || 'The kernel worker failed.' });
  });
  worker.postMessage({ type: 'qlab-kernel-port', port, pageUrl } satisfies WorkerConnect, [port]);
  workers.set(id, worker);
}

function handle(request: FrameRequest): void {
  switch (request.type) {
    case 'spawn':
      return spawn(request.id, request.port, request.pageUrl);
    case 'kill':
      workers.get(request.id)?.terminate();
      workers.delete(request.id);
      return;
    case 'ping':
      return send({ type: 'pong', n: request.n });
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (event.source !== window.parent || control !== null || !isFrameConnect(event.data)) return;
  if (!isAllowedParent(event.origin, location.origin, { appOrigin: import.meta.env.VITE_APP_ORIGIN })) return;
  control = event.data.control;
  control.addEventListener('message', (message: MessageEvent<FrameRequest>) => handle(message.data));
  control.start();
  send({ type: 'hello' });
});
