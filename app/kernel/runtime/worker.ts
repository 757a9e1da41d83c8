// Kernel worker entry: student code runs here, never on the page's thread.
// All logic is in kernel-runtime.ts; this file wires it to the worker and
// keeps the page's port out of cell code's reach (CONTEXT.md "Threat model"):
// cell code runs in this same JavaScript realm, so it can replace any
// prototype method (MessagePort.prototype.postMessage, MessageEvent's `data`
// getter, Function.prototype.call …). Everything this file does with the
// port therefore goes through functions taken before any cell can run, the
// port itself lives only in this module's closures, and Promise is frozen so
// a cell cannot make the runtime's own `await`s resume early.
import { BUILTIN_MODULES, COMPLETION_NAMES, createBuiltins, lazyBuiltins } from './builtins.ts';
import { KernelRuntime } from './kernel-runtime.ts';
import { ModelFilesBridge } from '../../offline/model-bridge.ts';
import type { WorkerConnect } from '../frame/protocol.ts';
import type { KernelEvent, KernelRequest } from '../protocol.ts';

// Taken now, while every prototype is still the browser's own.
const apply = Reflect.apply;
const postMessageOf = MessagePort.prototype.postMessage;
const dataGetter = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data')?.get;
if (dataGetter === undefined) throw new Error('MessageEvent.prototype.data has no getter in this browser');
const dataOf: () => unknown = dataGetter;
const readData = (event: MessageEvent): unknown => apply(dataOf, event, []);
// `await` looks up `constructor` and `then` on promises: frozen, a cell cannot redirect them.
Object.freeze(Promise.prototype);
Object.freeze(Promise);

// close() ends the worker's event loop: nothing would ever answer again and the page would wait for
// ever. So the one close() reachable from cells first tells the page (which restarts the kernel).
guardClose();
function guardClose(): void {
  let owner: object | null = self;
  while (owner !== null && !Object.hasOwn(owner, 'close')) owner = Reflect.getPrototypeOf(owner);
  const nativeClose: unknown = owner === null ? undefined : Reflect.get(owner, 'close');
  if (owner === null || typeof nativeClose !== 'function') return;
  Object.defineProperty(owner, 'close', {
    value: function close(): void {
      runtime?.flushOutputs();
      post({ type: 'closed' });
      apply(nativeClose, self, []);
    },
    writable: false,
    configurable: false,
  });
}

// Deeper stacks so an error thrown inside library code still shows the cell's frame.
Error.stackTraceLimit = 100;

// The page's side of the conversation arrives first, as a port (handed over by
// the page, or by the kernel frame in app/kernel/frame); everything after that
// goes over it, and `ready` waits for it.
const channel = new Promise<WorkerConnect>((resolve) => {
  self.addEventListener(
    'message',
    (event: MessageEvent<WorkerConnect>) => {
      const data = readData(event);
      if (isConnect(data)) resolve(data);
    },
    { once: true },
  );
});

function isConnect(data: unknown): data is WorkerConnect {
  return (
    typeof data === 'object' &&
    data !== null &&
    'type' in data &&
    data.type === 'qlab-kernel-port' &&
    'port' in data &&
    data.port instanceof MessagePort
  );
}

let send: ((event: KernelEvent) => void) | null = null;
let runtime: KernelRuntime | null = null;
// Nothing is posted before announceReady, which runs once the port is here.
const post = (event: KernelEvent): void => send?.(event);

// A student's error must never kill the worker or reach the page as a worker error.
self.addEventListener('error', (event: ErrorEvent) => {
  event.preventDefault();
  runtime?.reportUncaught(event.error ?? new Error(event.message));
});
self.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
  event.preventDefault();
  runtime?.reportUncaught(event.reason);
});

// Model files loaded by URL are the page's (one store for cells and the Model lab); the page fetches
// and stores them. Models get this bridge and the page's URL as their ModelContext when a cell first
// names `models` (after the port is here: cells run only then).
const modelFiles = new ModelFilesBridge((call) => post({ type: 'model-files', call }));
const modelContext = channel.then(({ pageUrl }) => ({ files: modelFiles, pageUrl }));

const [{ port: pagePort }, created] = await Promise.all([
  channel,
  KernelRuntime.create({
    post,
    createBuiltins,
    builtinNames: COMPLETION_NAMES,
    lazyBuiltins: lazyBuiltins(() => modelContext),
    builtinModules: BUILTIN_MODULES,
    baseUrl: new URL('/', self.location.href).href,
  }),
]);
// Bound to the port now: later calls never look up a (possibly replaced) prototype method.
send = (event) => apply(postMessageOf, pagePort, [event]);
runtime = created;
pagePort.addEventListener('message', (event: MessageEvent<KernelRequest>) => {
  // The page is trusted; its messages are the protocol's requests.
  const request = readData(event) as KernelRequest;
  // The bridge's answers stay here; every other request is the runtime's.
  if (request.type === 'model-files-answer') return modelFiles.receive(request.answer);
  if (request.type === 'model-files-progress') return modelFiles.progress(request.progress);
  return created.handle(request);
});
pagePort.start();
created.announceReady();
