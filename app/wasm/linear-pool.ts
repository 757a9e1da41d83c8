// A pool of dedicated workers on one shared GemmMemory (the pool runs in the calling thread: the
// kernel's worker later, which is cross-origin isolated, so SharedArrayBuffer exists there). A
// run copies x into the scratch region, splits the M rows between the workers (blocks of the
// block's mr rows dealt evenly, so every worker but the last runs full micro-kernels; when there
// are fewer blocks than workers, as at M = 1, the column panels instead; the calling thread
// takes a share too when asked: `callerShare`), waits for them all and copies y out.
// `runSteps` runs row-steps.ts's steps (a stretch of a model's layer: Linears, LayerNorm, GELU,
// attention, residual adds, on matrices in the memory) on rows dealt the same way, one message per
// worker for the whole stretch. A dynamic-int8 Linear (LinearDynamicInt8) runs the same way: its
// x is quantized per tensor in the calling thread (stage: the scale needs the whole tensor), then the
// rows or panels of the integer product go to the takers; in runSteps a model splits its rounds at
// each int8 Linear instead (its `minmax` steps per thread, the caller's planRun, then `int8-linear`).
// With `handoff`, a run split by column panels (fewer row blocks than takers: M = 1, the text
// decoder's steps) goes to each worker through a mailbox on a SharedArrayBuffer (handoff.ts) instead
// of a message: the worker waits in Atomics.wait between such runs and leaves after a short idle
// time, so the next message finds it at its event loop (a message to a listening worker first
// stops it). Runs are one at a time (queued): they share the scratch region. Each request has a timeout; a
// timeout or a crashed worker ends the pool (a worker that still runs could write the scratch of
// the next run), and every later run says why.
import { WorkerRpc } from '../shared/worker-rpc.ts';
import type { CompiledKernel, GemmMemory } from './gemm-memory.ts';
import type { LinearF32 } from './linear-f32.ts';
import type { CompiledInt8, LinearDynamicInt8 } from './linear-int8.ts';
import { isFromLinearWorker, type ToLinearWorker } from './linear-pool-protocol.ts';
import type { MacroFn } from './gemm-run.ts';
import { runRowSteps, type RowStep, type StepTimes } from './row-steps.ts';
import { WorkerMailbox } from './pool-mailbox.ts';
import { callerShareOf, deal, stageRun, type ShareName, type SharePart, type StagedRun } from './pool-run.ts';

/** The handle of one worker as the pool sees it (a real Worker: `linearWorkerFrom`; Node tests pass an in-process one). */
export interface LinearWorkerPort {
  post(message: ToLinearWorker): void;
  terminate(): void;
}
export interface LinearWorkerEvents {
  onMessage(data: unknown): void;
  /** the worker failed to load or died */
  onCrash(message: string): void;
}
export type SpawnLinearWorker = (index: number, events: LinearWorkerEvents) => LinearWorkerPort;

/**
 * A SpawnLinearWorker over real Workers: `create` makes a module Worker of linear-worker.ts (its URL
 * resolved against the caller's `import.meta.url`, the form Vite bundles; an app that starts one must
 * also list it in vite.config.ts's DEV_ENTRIES, which scripts/vite-config.test.ts checks).
 */
export function linearWorkerFrom(create: (index: number) => Worker): SpawnLinearWorker {
  return (index, events) => {
    const worker = create(index);
    worker.onmessage = (e) => events.onMessage(e.data);
    worker.onmessageerror = () => events.onCrash('a message from it could not be deserialised');
    worker.onerror = (e) => {
      e.preventDefault();
      events.onCrash(e.message || 'it failed to load or threw outside a request');
    };
    return { post: (m) => worker.postMessage(m), terminate: () => worker.terminate() };
  };
}

export interface LinearPoolOptions {
  readonly workers: number;
  readonly spawn: SpawnLinearWorker;
  /** per request (init, a kernel, one worker's rows of a run), default 60 s */
  readonly timeoutMs?: number;
  /** the calling thread computes a share too, while the workers compute theirs (default: it waits) */
  readonly callerShare?: boolean;
  /**
   * runs split by column panels go through handoff.ts's mailbox, not messages (default false). Needs workers
   * in their own threads (a worker that listens blocks its thread: in-process test workers cannot).
   */
  readonly handoff?: boolean;
}

/** One `runSteps`: `rows` rows dealt in blocks of `block` between the takers, each running `steps(taker)` on its rows. */
export interface StepsRun {
  /** named in every error (e.g. "vision layer 3") */
  readonly label: string;
  readonly rows: number;
  /** rows go in blocks of this many (a Linear's mr, so every taker but the last runs full micro-kernels); default 4 */
  readonly block?: number;
  /** the GEMM kernel the steps' `linear` and `attention` steps name by key (sent to each worker once) */
  readonly kernel: CompiledKernel;
  /** the steps for taker `taker` (0 .. takers − 1; the calling thread is the last with callerShare): per-thread scratch differs */
  readonly steps: (taker: number) => readonly RowStep[];
  /** the int8 modules the steps' `minmax` and `int8-linear` steps name by key (LinearDynamicInt8's `compiled()`), if any */
  readonly int8?: readonly CompiledInt8[];
  /** the calling thread's share's time is added here */
  readonly times?: StepTimes;
}

interface PoolWorker {
  readonly index: number;
  readonly rpc: WorkerRpc<ToLinearWorker, unknown, undefined>;
  readonly kernels: Set<string>;
  /** with `handoff`: its mailbox, and the layouts registered with it */
  readonly mailbox: WorkerMailbox | null;
}

type Part = SharePart<PoolWorker>;

export class LinearPool {
  readonly #memory: GemmMemory;
  readonly #workers: PoolWorker[] = [];
  readonly #timeoutMs: number;
  readonly #callerShare: boolean;
  readonly #handoff: boolean;
  #layoutCount = 0;
  #ended: Error | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(memory: GemmMemory, options: LinearPoolOptions) {
    this.#memory = memory;
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#callerShare = options.callerShare ?? false;
    this.#handoff = options.handoff ?? false;
    for (let index = 0; index < options.workers; index++) {
      const rpc: WorkerRpc<ToLinearWorker, unknown, undefined> = new WorkerRpc({
        create: (handlers) => {
          const port = options.spawn(index, { onMessage: handlers.onEvent, onCrash: (message) => handlers.onCrash(message) });
          return { post: (m) => port.post(m), terminate: () => port.terminate() };
        },
        onEvent: (data) => {
          if (!isFromLinearWorker(data)) return this.#end(new Error(`linear worker ${index} posted a message that is not of the protocol`));
          if (data.type === 'done') rpc.answer(data.id, undefined);
          else rpc.refuse(data.id, new Error(data.message));
        },
        crashError: (message) => new Error(`linear worker ${index} crashed: ${message}`),
        onCrash: (message) => this.#end(new Error(`linear worker ${index} crashed: ${message}`)),
      });
      rpc.start(new Error('starting'));
      // a listen request has no timeout: it is answered when the worker leaves; each handoff run has its own deadline
      const mailbox = this.#handoff ? new WorkerMailbox((box) => rpc.call((id) => ({ type: 'listen', id, box }))) : null;
      this.#workers.push({ index, rpc, kernels: new Set(), mailbox });
    }
  }

  /** Starts `workers` workers on `memory` (which must be shared) and waits until each has it. */
  static async create(memory: GemmMemory, options: LinearPoolOptions): Promise<LinearPool> {
    if (!Number.isInteger(options.workers) || options.workers < 1)
      throw new Error(`LinearPool: workers must be a positive integer, got ${options.workers}`);
    if (!memory.shared)
      throw new Error(
        'LinearPool: the memory is not shared (SharedArrayBuffer needs a cross-origin-isolated context); run Linears in one thread',
      );
    const pool = new LinearPool(memory, options);
    try {
      const activations = memory.activations().module;
      await Promise.all(
        pool.#workers.map((w) => pool.#ask(w, 'LinearPool start', (id) => ({ type: 'init', id, memory: memory.memory, activations }))),
      );
    } catch (error) {
      pool.dispose();
      throw error;
    }
    return pool;
  }

  get size(): number {
    return this.#workers.length;
  }
  /** The memory the pool's workers run on. */
  get memory(): GemmMemory {
    return this.#memory;
  }
  /** The threads a run is split between: the workers, and the calling thread with callerShare. */
  get takers(): number {
    return this.#workers.length + (this.#callerShare ? 1 : 0);
  }

  /**
   * y [M, N] = x·Wᵀ + b for x [M, K], rows split between the workers (into `out` if given); the same
   * bits as `linear.run(x)`, for a float32 Linear or a dynamic-int8 one.
   */
  run(linear: LinearF32 | LinearDynamicInt8, x: Float32Array, out?: Float32Array): Promise<Float32Array> {
    const next = this.#queue.then(() => this.#runNow(linear, x, out));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #runNow(linear: LinearF32 | LinearDynamicInt8, x: Float32Array, out: Float32Array | undefined): Promise<Float32Array> {
    const label = linear.layout.label;
    if (this.#ended !== null) throw new Error(`${label}: the pool has ended: ${this.#ended.message}`);
    if (linear.memory !== this.#memory) throw new Error(`${label}: this Linear lives in another memory than the pool's`);
    this.#memory.claim(label);
    try {
      const run = stageRun(this.#memory, linear, x, out);
      // Blocks of mr rows dealt between the takers (the workers, then the calling thread if it
      // takes a share); with fewer blocks than takers (M = 1: the text decoder's case) every taker
      // takes all rows and a share of the column panels.
      const { mr, nr } = linear.block;
      const { N, nPad } = linear.layout;
      const M = run.M;
      const takers = this.#workers.length + (this.#callerShare ? 1 : 0);
      const blocks = Math.ceil(M / mr);
      const byRows = blocks >= takers;
      const parts = deal(byRows ? blocks : nPad / nr, takers).map(([from, to], i) => ({
        w: this.#workers[i],
        ...(byRows ? { r0: from * mr, r1: Math.min(M, to * mr), p0: 0, p1: nPad / nr } : { r0: 0, r1: M, p0: from, p1: to }),
      }));
      const what: ShareName = (r0, r1, p0, p1) =>
        `${label}, rows [${r0}, ${r1}) of ${M}${byRows ? '' : `, columns [${p0 * nr}, ${Math.min(N, p1 * nr)})`}`;
      if (this.#handoff && !byRows) return await this.#handedOff(run, parts, what);
      // Both messages posted at once (a worker answers in order: a failed kernel's error comes first).
      const asked = parts.map(async ({ w, r0, r1, p0, p1 }) => {
        if (w === undefined) return;
        const what0 = what(r0, r1, p0, p1);
        await Promise.all([
          ...this.#kernelFor(w, run.kernel, what0, run.kind),
          this.#ask(w, what0, (id) => run.request(id, r0, r1, p0, p1)),
        ]);
      });
      // The calling thread's share, while the workers compute theirs (they were posted above).
      const callerError = callerShareOf(run, parts, what);
      // Every worker is done (or has failed) before the scratch is released, even when one failed early.
      const settled = await Promise.allSettled(asked);
      if (callerError !== null) throw callerError;
      for (const r of settled) if (r.status === 'rejected') throw r.reason;
      return run.collect();
    } finally {
      this.#memory.release();
    }
  }

  /**
   * A column-split run through the workers' mailboxes: each worker's kernel and the Linear's layout
   * sent by message the first time, its job posted (the worker set listening if it is not); the calling
   * thread's share; then each worker's DONE, with the pool's timeout per run. A job that throws: its
   * worker leaves listening, and the error names the share and gives the worker's message.
   */
  async #handedOff(run: StagedRun, parts: readonly Part[], what: ShareName): Promise<Float32Array> {
    const posted: { what: string; w: PoolWorker; mailbox: WorkerMailbox; seq: number }[] = [];
    for (const { w, r0, r1, p0, p1 } of parts) {
      if (w === undefined || w.mailbox === null) continue;
      const mailbox = w.mailbox;
      const what0 = what(r0, r1, p0, p1);
      let layout = mailbox.layouts.get(run.layout);
      if (layout === undefined || !w.kernels.has(run.kernel.key)) {
        const index = layout ?? this.#layoutCount++;
        await Promise.all([...this.#kernelFor(w, run.kernel, what0, run.kind), this.#register(w, run, index, what0)]);
        mailbox.layouts.set(run.layout, index);
        layout = index;
      }
      const seq = mailbox.post({ layout, job: run.job, r0, r1, p0, p1 });
      if (seq === null) throw new Error(`${what0}: linear worker ${w.index} did not take the job from its mailbox`);
      posted.push({ what: what0, w, mailbox, seq });
    }
    const callerError = callerShareOf(run, parts, what);
    const deadline = performance.now() + this.#timeoutMs;
    let workerError: Error | null = null;
    for (const { what: what0, w, mailbox, seq } of posted) {
      const outcome = mailbox.wait(seq, deadline);
      if (outcome === 'timed-out') {
        const error = new Error(`${what0}: linear worker ${w.index} did not finish within ${this.#timeoutMs} ms`);
        this.#end(error);
        throw error;
      }
      if (outcome === 'failed') {
        const error = await mailbox.failure();
        workerError ??= new Error(`${what0}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
    if (callerError !== null) throw callerError;
    if (workerError !== null) throw workerError;
    return run.collect();
  }

  /** Sends a Linear's layout to worker w under `index` (for its handoff jobs). */
  #register(w: PoolWorker, run: StagedRun, index: number, what: string): Promise<void> {
    const key = run.kernel.key;
    return this.#ask(w, what, (id) =>
      run.kind === 'f32'
        ? { type: 'layout', id, index, kind: 'f32', key, layout: run.layout }
        : { type: 'layout', id, index, kind: 'int8', key, layout: run.layout },
    );
  }

  /** The request that instantiates `kernel` in worker w, if it has not been sent yet (posted now, before what follows). */
  #kernelFor(
    w: PoolWorker,
    kernel: { readonly key: string; readonly module: WebAssembly.Module },
    what: string,
    kind: 'f32' | 'int8' = 'f32',
  ): Promise<void>[] {
    if (w.kernels.has(kernel.key)) return [];
    w.kernels.add(kernel.key);
    const type = kind === 'f32' ? 'kernel' : 'int8-kernel';
    const load = this.#ask(w, what, (id) => ({ type, id, key: kernel.key, module: kernel.module }));
    return [
      load.catch((error: unknown) => {
        w.kernels.delete(kernel.key); // not instantiated there: the next run sends it again
        throw error;
      }),
    ];
  }

  /**
   * Runs row-steps.ts's steps on rows [0, rows) split between the takers (the same bits as one
   * thread running them on all rows). The matrices the steps name must be in the memory already,
   * and the caller holds the memory's claim for them (this does not claim: a model's run spans
   * several of these). Queued with `run`.
   */
  runSteps(run: StepsRun): Promise<void> {
    const next = this.#queue.then(() => this.#stepsNow(run));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #stepsNow(run: StepsRun): Promise<void> {
    const { label, rows, kernel } = run;
    if (this.#ended !== null) throw new Error(`${label}: the pool has ended: ${this.#ended.message}`);
    const block = run.block ?? 4;
    if (!Number.isInteger(rows) || rows < 1) throw new Error(`${label}: rows must be a positive integer, got ${rows}`);
    const parts = deal(Math.ceil(rows / block), this.takers).map(([from, to], taker) => ({
      taker,
      w: this.#workers[taker],
      r0: from * block,
      r1: Math.min(rows, to * block),
    }));
    const what = (r0: number, r1: number): string => `${label}, rows [${r0}, ${r1}) of ${rows}`;
    const asked = parts.map(async ({ taker, w, r0, r1 }) => {
      if (w === undefined) return;
      const steps = run.steps(taker);
      await Promise.all([
        ...this.#kernelFor(w, kernel, what(r0, r1)),
        ...(run.int8 ?? []).flatMap((k) => this.#kernelFor(w, k, what(r0, r1), 'int8')),
        this.#ask(w, what(r0, r1), (id) => ({ type: 'steps', id, steps, r0, r1 })),
      ]);
    });
    let callerError: unknown = null;
    for (const { taker, w, r0, r1 } of parts)
      if (w === undefined)
        try {
          const macro = (key: string): MacroFn => {
            if (key !== kernel.key) throw new Error(`no kernel ${key} in this run (it has ${kernel.key})`);
            return kernel.macro;
          };
          const int8 = (key: string): CompiledInt8 => {
            const found = run.int8?.find((k) => k.key === key);
            if (found === undefined) throw new Error(`no int8 kernel ${key} in this run`);
            return found;
          };
          const kernels = { macro, activations: this.#memory.activations().fns, int8 };
          runRowSteps(kernels, this.#memory.buffer, run.steps(taker), r0, r1, run.times);
        } catch (error) {
          callerError = new Error(`${what(r0, r1)} in the calling thread: ${error instanceof Error ? error.message : String(error)}`);
        }
    const settled = await Promise.allSettled(asked);
    if (callerError !== null) throw callerError;
    for (const r of settled) if (r.status === 'rejected') throw r.reason;
  }

  /** One request to one worker; its error (a refusal, a timeout, a crash) names `what` and the worker. */
  async #ask(w: PoolWorker, what: string, request: (id: number) => ToLinearWorker): Promise<void> {
    const ms = this.#timeoutMs;
    try {
      w.mailbox?.stop(); // a listening worker reads no message; synchronous, so the request is posted now
      await w.rpc.call(request, {
        timeout: ms,
        timeoutError: () => new Error(`linear worker ${w.index} did not answer within ${ms} ms`),
        onTimeout: () => this.#end(new Error(`linear worker ${w.index} did not answer within ${ms} ms`)),
      });
    } catch (error) {
      throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  #end(reason: Error): void {
    if (this.#ended !== null) return;
    this.#ended = reason;
    for (const w of this.#workers) w.rpc.stop(reason);
  }

  /** Terminates the workers; pending and later runs are rejected. */
  dispose(): void {
    this.#end(new Error('it was disposed'));
  }
}
