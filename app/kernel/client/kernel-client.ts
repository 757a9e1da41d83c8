// The page's kernel (page side): starts the worker, sends it one run at a time
// (the notebook store queues; app/notebook/run-queue.ts), and turns worker
// events into run outcomes. Interrupting means terminating the worker and
// starting a fresh one (a `while (true) {}` cannot be stopped any other way);
// the shared scope is lost, as after a Jupyter restart. Plain class, no React: the store
// subscribes to it. The kernel's own requests to the page are answered by
// model-file-answers.ts (model files) and image-pick-relay.ts (pickImage).
import { ms, runId as toRunId, type CellId, type Milliseconds, type RunId } from '../../shared/brand.ts';
import { createBrowserKernelWorker, type CrashCause, type CreateKernelWorker } from './worker-handle.ts';
import { WorkerRpc } from '../../shared/worker-rpc.ts';
import { checkKernelEvent, type PageEvent } from './event-check.ts';
import { ImagePickRelay } from './image-pick-relay.ts';
import { ModelFileAnswers, type ModelFileAnswerOptions } from './model-file-answers.ts';
import type { CellOutput, KernelRequest, RunNonce } from '../protocol.ts';
import { RunOutputCap } from './run-output-cap.ts';
import type { KernelStatus, RunCallbacks, RunOutcome } from './run-types.ts';
import { seconds, stopError, type Stop } from './run-stop.ts';

export type KernelClientEvent =
  | { readonly type: 'status'; readonly status: KernelStatus }
  | { readonly type: 'started'; readonly runId: RunId; readonly cellId: CellId }
  /** One batch as the worker sent it. May come after the run's `done`: late prints and timer errors go to the most recent run. */
  | { readonly type: 'outputs'; readonly runId: RunId; readonly cellId: CellId; readonly outputs: readonly CellOutput[] }
  | { readonly type: 'done'; readonly runId: RunId; readonly cellId: CellId; readonly outcome: RunOutcome }
  /** The kernel's worker died and a new one is starting; `runId` is the run it ended (its outcome says so too), null when no cell was running. */
  | { readonly type: 'died'; readonly cause: CrashCause; readonly runId: RunId | null }
  /** The kernel could not start, or did not answer; not tied to one run. */
  | { readonly type: 'kernel-error'; readonly message: string };

export interface RunHandle {
  readonly runId: RunId;
  readonly cellId: CellId;
  readonly result: Promise<RunOutcome>;
}

/** The one run the client holds: accepted, then sent once the worker is ready, until it ends. */
interface ClientRun {
  readonly runId: RunId;
  readonly cellId: CellId;
  readonly code: string;
  readonly callbacks: RunCallbacks;
  readonly timeout: Milliseconds | undefined;
  /** The run's secret (protocol.ts): only events carrying it are the run's. */
  readonly nonce: RunNonce;
  readonly resolve: (outcome: RunOutcome) => void;
  /** The page's own cap on what this run shows (MAX_RUN_CHARS). */
  readonly cap: RunOutputCap;
  sent: boolean;
  startedAt: number | undefined;
}

/** The model-file options (`caches`, `appOrigins`, `isPrecached`) are model-file-answers.ts's. */
export interface KernelClientOptions extends ModelFileAnswerOptions {
  readonly createWorker?: CreateKernelWorker;
  /** How long the worker may take to report `ready`. Default 10 s. */
  readonly readyTimeout?: Milliseconds;
  /** How long a `names` request may take. Default 5 s. */
  readonly requestTimeout?: Milliseconds;
  /** Interrupt a run that takes longer than this; none by default. Per-run option overrides. */
  readonly runTimeout?: Milliseconds;
}

/** A run's secret (protocol.ts): 128 random bits. */
function newNonce(): RunNonce {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const RESTARTED_BEFORE_ANSWER = 'The kernel was restarted before it answered.';

export class KernelClient {
  readonly #readyTimeout: Milliseconds;
  readonly #requestTimeout: Milliseconds;
  readonly #runTimeout: Milliseconds | undefined;
  /** The kernel's model-file calls (counted per worker). */
  readonly #modelFiles: ModelFileAnswers;
  /** pickImage() requests of the active run not answered yet (cleared when the run or the worker ends). */
  readonly #picks = new ImagePickRelay();
  readonly #listeners = new Set<(event: KernelClientEvent) => void>();
  /** The run accepted and not ended yet (one at a time), and the most recent one that ended: late output from the same worker goes there. */
  #run: ClientRun | null = null;
  #latest: ClientRun | null = null;
  /** The worker (one at a time; a replaced one's events and crash never count) and the `names` calls to it. */
  readonly #rpc: WorkerRpc<KernelRequest, unknown, readonly string[], CrashCause>;
  #status: KernelStatus = 'starting';
  #builtins: readonly string[] = [];
  #ready = false;
  #readyWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  #readyTimer: ReturnType<typeof setTimeout> | undefined;
  #runTimer: ReturnType<typeof setTimeout> | undefined;
  #nextRunId = 1;

  constructor(options: KernelClientOptions = {}) {
    this.#rpc = new WorkerRpc<KernelRequest, unknown, readonly string[], CrashCause>({
      create: options.createWorker ?? createBrowserKernelWorker,
      onEvent: (data) => {
        // Untrusted data (the kernel runs student code): what does not fit the protocol is dropped.
        const event = checkKernelEvent(data);
        if (event !== null) this.#onEvent(event);
      },
      crashError: () => new Error(RESTARTED_BEFORE_ANSWER),
      onCrash: (message, cause) => this.#onCrash(message, cause ?? 'worker'),
    });
    this.#readyTimeout = options.readyTimeout ?? ms(10_000);
    this.#requestTimeout = options.requestTimeout ?? ms(5_000);
    this.#runTimeout = options.runTimeout;
    this.#modelFiles = new ModelFileAnswers(options);
    this.#start('starting');
  }

  get status(): KernelStatus {
    return this.#status;
  }

  /** Built-in names reported by the worker (empty until it is ready). */
  get builtins(): readonly string[] {
    return this.#builtins;
  }

  subscribe(listener: (event: KernelClientEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Sends a cell to the kernel (once it is ready). One run at a time: the notebook store is the
   * queue and sends the next cell from the previous one's `onDone`; a second run before that is a bug.
   */
  run(cellId: CellId, code: string, options: { timeout?: Milliseconds; callbacks?: RunCallbacks } = {}): RunHandle {
    if (this.#run !== null)
      throw new Error(`KernelClient runs one cell at a time: ${this.#run.cellId} has not ended (the notebook store queues runs)`);
    const runId = toRunId(this.#nextRunId++);
    let resolve!: (outcome: RunOutcome) => void;
    const result = new Promise<RunOutcome>((r) => (resolve = r));
    const timeout = options.timeout ?? this.#runTimeout;
    this.#run = {
      runId,
      cellId,
      code,
      callbacks: options.callbacks ?? {},
      timeout,
      nonce: newNonce(),
      resolve,
      cap: new RunOutputCap(),
      sent: false,
      startedAt: undefined,
    };
    if (!this.#rpc.running) this.#start('starting');
    this.#pump();
    return { runId, cellId, result };
  }

  /** Built-ins and the names the cells declared so far, for completion. */
  async names(): Promise<readonly string[]> {
    await this.ready();
    return this.#rpc.call((id) => ({ type: 'names', runId: toRunId(id) }), {
      timeout: this.#requestTimeout,
      timeoutError: () => new Error(`The kernel did not answer within ${seconds(this.#requestTimeout)} (is a cell still running?)`),
    });
  }

  /** Resolves when the kernel is ready; rejects if it does not start in time. */
  ready(): Promise<void> {
    if (!this.#rpc.running) this.#start('starting');
    if (this.#ready) return Promise.resolve();
    return new Promise((resolve, reject) => this.#readyWaiters.push({ resolve, reject }));
  }

  /** Stops the running cell (restarting the kernel). Returns whether a run was stopped. */
  interrupt(): boolean {
    const run = this.#run;
    if (run?.sent === true) {
      this.#restart({ kind: 'interrupted' });
      return true;
    }
    if (run !== null) {
      // Not sent yet (the worker is starting): it never ran, so nothing is restarted.
      this.#end(run, { kind: 'interrupted', duration: ms(0) });
      return true;
    }
    // Nothing running: timers and callbacks cells left behind are cancelled (the scope is kept).
    if (this.#ready) this.#rpc.post({ type: 'clear-timers' });
    return false;
  }

  /** A fresh kernel: the running cell is interrupted, all variables cleared. */
  restart(): Promise<void> {
    this.#restart({ kind: 'interrupted' });
    return this.ready();
  }

  dispose(): void {
    const run = this.#stopWorker();
    if (run !== null) this.#fail(run, { kind: 'interrupted' });
    this.#listeners.clear();
  }

  #start(status: 'starting' | 'restarting'): void {
    this.#rpc.start(new Error(RESTARTED_BEFORE_ANSWER));
    this.#ready = false;
    this.#modelFiles.reset();
    this.#setStatus(status);
    this.#readyTimer = setTimeout(
      () => this.#failToStart(`The kernel did not start within ${seconds(this.#readyTimeout)}.`),
      this.#readyTimeout,
    );
  }

  #onEvent(event: PageEvent): void {
    switch (event.type) {
      case 'ready':
        // Once per worker: a second `ready` is not the kernel starting.
        if (this.#ready) return;
        clearTimeout(this.#readyTimer);
        this.#ready = true;
        this.#builtins = event.builtins;
        for (const waiter of this.#readyWaiters.splice(0)) waiter.resolve();
        this.#setStatus('idle');
        return this.#pump();
      case 'started': {
        const run = this.#inFlight(event.runId, event.nonce);
        if (run === null || run.startedAt !== undefined) return;
        run.startedAt = performance.now();
        run.callbacks.onStarted?.();
        this.#emit({ type: 'started', runId: run.runId, cellId: run.cellId });
        const limit = run.timeout;
        if (limit !== undefined) this.#runTimer = setTimeout(() => this.#restart({ kind: 'timed-out', limit }), limit);
        return;
      }
      case 'outputs': {
        // The run in flight, or the most recent one (late output), with its own nonce.
        const run = [this.#inFlight(event.runId, event.nonce), this.#latest].find(
          (r) => r !== null && r.runId === event.runId && r.nonce === event.nonce,
        );
        if (run === undefined || run === null) return;
        return this.#deliver(run, run.cap.admit(event.outputs));
      }
      case 'done': {
        // Only the run in flight, with its own nonce, can end.
        const run = this.#inFlight(event.runId, event.nonce);
        if (run === null) return;
        clearTimeout(this.#runTimer);
        this.#picks.clear();
        this.#latest = run;
        this.#end(run, { kind: event.ok ? 'ok' : 'error', duration: event.duration });
        return this.#pump();
      }
      case 'names':
        return void this.#rpc.answer(event.runId, event.names);
      case 'model-files':
        // The kernel's model files are the page's (app/offline/model-bridge.ts); every call is checked there first.
        if (!this.#rpc.running) return;
        // Answers go to the worker that asked, never to one that replaced it.
        return this.#modelFiles.answer(event.call, this.#rpc.bound());
      case 'pick-image': {
        // Only the run in flight, with its own nonce, may ask; a picker never outlives it.
        const run = this.#inFlight(event.runId, event.nonce);
        if (run === null || !this.#rpc.running) return;
        return this.#picks.ask(event.id, event.label, run.callbacks.onPickImage, this.#rpc.bound(), () => this.#run === run);
      }
      case 'closed':
        // Its loop stops once the current task ends: restart it like a crashed one.
        return this.#onCrash('the kernel worker closed itself', 'closed');
    }
  }

  #onCrash(message: string, cause: CrashCause): void {
    if (!this.#ready) return this.#failToStart(`The kernel failed to start: ${message}`);
    this.#restart({ kind: 'died', cause });
  }

  /** The run in flight (sent to this worker) if `runId` and `nonce` are its own. */
  #inFlight(runId: RunId, nonce: RunNonce): ClientRun | null {
    const run = this.#run;
    return run !== null && run.sent && run.runId === runId && run.nonce === nonce ? run : null;
  }

  /** Sends the accepted run when the kernel is ready. */
  #pump(): void {
    if (!this.#ready || !this.#rpc.running) return;
    const run = this.#run;
    if (run !== null && !run.sent) {
      run.sent = true;
      this.#rpc.post({ type: 'run', runId: run.runId, cellId: run.cellId, code: run.code, nonce: run.nonce });
    }
    this.#setStatus(this.#run === null ? 'idle' : 'busy');
  }

  #deliver(run: ClientRun, outputs: readonly CellOutput[]): void {
    if (outputs.length === 0) return;
    run.callbacks.onOutputs?.(outputs);
    this.#emit({ type: 'outputs', runId: run.runId, cellId: run.cellId, outputs });
  }

  /** Ends the held run with `outcome`. Its `onDone` may send the next run at once (the store's queue). */
  #end(run: ClientRun, outcome: RunOutcome): void {
    if (this.#run !== run) return;
    this.#run = null;
    run.callbacks.onDone?.(outcome);
    this.#emit({ type: 'done', runId: run.runId, cellId: run.cellId, outcome });
    run.resolve(outcome);
  }

  /** A new worker in place of this one; the run in flight ends as `stop` says, after the new worker exists (its onDone may send the next run). */
  #restart(stop: Exclude<Stop, { cause: 'never-started' }>): void {
    const run = this.#stopWorker();
    this.#start('restarting');
    if (run !== null) this.#fail(run, stop);
    if (stop.kind === 'died') this.#emit({ type: 'died', cause: stop.cause, runId: run?.runId ?? null });
  }

  /** Terminates the worker; returns the run that was in it (not ended yet). */
  #stopWorker(): ClientRun | null {
    clearTimeout(this.#readyTimer);
    clearTimeout(this.#runTimer);
    this.#rpc.stop(new Error(RESTARTED_BEFORE_ANSWER));
    this.#ready = false;
    this.#picks.clear();
    // Its worker is gone, so nothing late can arrive for the last run either.
    this.#latest = null;
    return this.#run;
  }

  /** Ends `run` with the client's own error (shown past the cap too) and outcome. */
  #fail(run: ClientRun, stop: Stop): void {
    this.#deliver(run, [stopError(stop)]);
    const duration = ms(run.startedAt === undefined ? 0 : performance.now() - run.startedAt);
    this.#end(run, stop.kind === 'died' ? { kind: 'died', cause: stop.cause, duration } : { ...stop, duration });
  }

  /** The worker never became ready: fail what waits for it; the next run tries a new worker. */
  #failToStart(message: string): void {
    clearTimeout(this.#readyTimer);
    this.#rpc.stop(new Error(message));
    this.#emit({ type: 'kernel-error', message });
    const run = this.#run;
    if (run !== null) this.#fail(run, { kind: 'died', cause: 'never-started', message });
    for (const waiter of this.#readyWaiters.splice(0)) waiter.reject(new Error(message));
    this.#setStatus('idle');
  }

  #setStatus(status: KernelStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#emit({ type: 'status', status });
  }

  #emit(event: KernelClientEvent): void {
    for (const listener of [...this.#listeners]) listener(event);
  }
}
