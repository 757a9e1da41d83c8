// Kernel worker entry: student code runs here, never on the page's thread.
// All logic is in kernel-runtime.ts; this file only wires it to the worker.
import { BUILTIN_MODULES, COMPLETION_NAMES, LAZY_BUILTINS, createBuiltins } from './builtins.ts';
import { KernelRuntime } from './kernel-runtime.ts';
import type { KernelEvent, KernelRequest } from './protocol.ts';

// Deeper stacks so an error thrown inside library code still shows the cell's frame.
Error.stackTraceLimit = 100;

const post = (event: KernelEvent): void => self.postMessage(event);

// Requests that arrive while the runtime starts are handled once it is ready.
const early: KernelRequest[] = [];
let runtime: KernelRuntime | null = null;
self.addEventListener('message', (event: MessageEvent<KernelRequest>) => {
  if (runtime) runtime.handle(event.data);
  else early.push(event.data);
});

// A student's error must never kill the worker or reach the page as a worker error.
self.addEventListener('error', (event: ErrorEvent) => {
  event.preventDefault();
  runtime?.reportUncaught(event.error ?? new Error(event.message));
});
self.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
  event.preventDefault();
  runtime?.reportUncaught(event.reason);
});

runtime = await KernelRuntime.create({
  post,
  createBuiltins,
  builtinNames: COMPLETION_NAMES,
  lazyBuiltins: LAZY_BUILTINS,
  builtinModules: BUILTIN_MODULES,
  baseUrl: new URL('/', self.location.href).href,
});
runtime.announceReady();
for (const request of early.splice(0)) runtime.handle(request);
