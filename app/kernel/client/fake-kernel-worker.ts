// A scripted kernel worker for the client's tests (Node, tests only): records
// what the page posts and delivers events as a worker would, including forged
// ones (`emitRaw`), after terminate, and crashes. Used by kernel-client.test.ts
// and model-file-answers.test.ts.
import { cellId, ms, type RunId } from '../../shared/brand.ts';
import type { CrashCause, KernelWorker, KernelWorkerHandlers } from './worker-handle.ts';
import type { KernelEvent, KernelRequest } from '../protocol.ts';

/** An event as tests write it: a run's nonce is filled in from the run request unless given. */
export type TestEvent = KernelEvent extends infer E
  ? E extends { readonly nonce: string }
    ? Omit<E, 'nonce'> & { readonly nonce?: string }
    : E
  : never;

export class FakeKernelWorker implements KernelWorker {
  readonly requests: KernelRequest[] = [];
  terminated = false;
  readonly #handlers: KernelWorkerHandlers;
  constructor(handlers: KernelWorkerHandlers) {
    this.#handlers = handlers;
  }
  post(request: KernelRequest): void {
    this.requests.push(request);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** Delivers an event, even after terminate (as a real worker's queued messages may). */
  emit(event: TestEvent): void {
    const nonce = 'runId' in event && event.type !== 'names' ? this.nonceOf(event.runId) : undefined;
    this.#handlers.onEvent(nonce === undefined || ('nonce' in event && event.nonce !== undefined) ? event : { ...event, nonce });
  }
  /** Delivers anything at all, as a compromised kernel could. */
  emitRaw(data: unknown): void {
    this.#handlers.onEvent(data);
  }
  /** The nonce the page sent with run `id`. */
  nonceOf(id: RunId): string | undefined {
    return this.requests.flatMap((r) => (r.type === 'run' && r.runId === id ? [r.nonce] : []))[0];
  }
  crash(message = 'out of memory', cause?: CrashCause): void {
    this.#handlers.onCrash(message, cause);
  }
  ready(): void {
    this.emit({ type: 'ready', builtins: ['print'] });
  }
  get runs(): RunId[] {
    return this.requests.flatMap((r) => (r.type === 'run' ? [r.runId] : []));
  }
  /** Plays a whole run: started, one text output, done. */
  complete(id: RunId, cell: string, ok = true, text = 'out'): void {
    this.emit({ type: 'started', runId: id, cellId: cellId(cell) });
    this.emit({ type: 'outputs', runId: id, cellId: cellId(cell), outputs: [{ kind: 'text', stream: 'stdout', text }] });
    this.emit({ type: 'done', runId: id, cellId: cellId(cell), ok, duration: ms(5) });
  }
}
