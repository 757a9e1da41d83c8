// Kernel worker entry: student code runs here, never on the page's thread.
// All logic is in kernel-runtime.ts; this file only wires it to the worker.
import { BUILTIN_MODULES, COMPLETION_NAMES, LAZY_BUILTINS, createBuiltins } from './builtins.ts';
import { KernelRuntime } from './kernel-runtime.ts';
import { servePage } from '../models/page-context.ts';
import { CacheBridge } from '../offline/cache-bridge.ts';
import type { WorkerConnect } from './frame/protocol.ts';
import type { KernelEvent, KernelRequest } from './protocol.ts';

// Deeper stacks so an error thrown inside library code still shows the cell's frame.
Error.stackTraceLimit = 100;

// The page's side of the conversation arrives first, as a port (handed over by
// the page, or by the kernel frame in app/kernel/frame); everything after that
// goes over it, and `ready` waits for it.
const channel = new Promise<WorkerConnect>((resolve) => {
  self.addEventListener('message', (event: MessageEvent<WorkerConnect>) => {
    if (event.data.type === 'qlab-kernel-port') resolve(event.data);
  }, { once: true });
});

let port: MessagePort | null = null;
let runtime: KernelRuntime | null = null;
// Nothing is posted before announceReady, which runs once the port is here.
const post = (event: KernelEvent): void => port?.postMessage(event);

// A student's error must never kill the worker or reach the page as a worker error.
self.addEventListener('error', (event: ErrorEvent) => {
  event.preventDefault();
  runtime?.reportUncaught(event.error ?? new Error(event.message));
});
self.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
  event.preventDefault();
  runtime?.reportUncaught(event.reason);
});

const [{ port: pagePort, pageUrl }, created] = await Promise.all([
  channel,
  KernelRuntime.create({
    post,
    createBuiltins,
    builtinNames: COMPLETION_NAMES,
    lazyBuiltins: LAZY_BUILTINS,
    builtinModules: BUILTIN_MODULES,
    baseUrl: new URL('/', self.location.href).href,
  }),
]);
port = pagePort;
runtime = created;
// Models downloaded from a cell go to the page's cache (one store for cells and the Model lab).
const cacheBridge = new CacheBridge((call) => post({ type: 'cache', call }));
servePage({ url: pageUrl, caches: cacheBridge });
pagePort.addEventListener('message', (event: MessageEvent<KernelRequest>) => {
  if (event.data.type === 'cache-answer') cacheBridge.receive(event.data.answer);
  else created.handle(event.data);
});
pagePort.start();
created.announceReady();
