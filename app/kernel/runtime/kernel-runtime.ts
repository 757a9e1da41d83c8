// The worker's logic, without the Worker: takes requests, runs cells one
// after another against one shared scope, posts events. worker.ts only wires
// it to `self`; tests drive it directly in Node.
//
// Attribution of late errors and output: a callback of a cell's timer
// (setTimeout, setInterval, queueMicrotask: cell-callbacks.ts) writes to the
// run that created it while that run is the most recent one, and is cut off
// (its output dropped) once another run started. Anything else — a print from
// an `await` continuation, an uncaught error from elsewhere, an unhandled
// rejection — goes to the run that is executing, or, if none is, to the most
// recent run (whose `done` was already posted: the page appends these outputs
// to that cell). A running cell that receives such an error fails (`done`
// with ok=false).
//
// Every event of a run carries the run's nonce (protocol.ts); it lives only
// in this module's Run objects and the posted messages.
import type { CompiledCell } from '../compile/compile.ts';
import { measureHeaderOffset, type HeaderOffset } from './error-location.ts';
import { CELL_PARAMETERS, errorOutput, executeCell, locate } from './executor.ts';
import { createIoBuiltins, type IoBuiltins } from './io-builtins.ts';
import { createModuleImporter, type ModuleLoader } from './modules.ts';
import { OutputSink } from './output-sink.ts';
import { DEFAULT_LIMITS, type OutputLimits } from '../output-limits.ts';
import type { KernelEvent, RunNonce, RuntimeRequest } from '../protocol.ts';
import { CellCallbacks, type TimerFunctions } from './cell-callbacks.ts';
import { createAsyncContext, type AsyncContext } from './async-context.ts';
import { SharedScope } from './shared-scope.ts';
import { ImagePicks } from './image-pick.ts';
import type { CellId, RunId } from '../../shared/brand.ts';
import { ms } from '../../shared/brand.ts';

export interface KernelRuntimeOptions {
  readonly post: (event: KernelEvent) => void;
  /** Built-ins other than the output ones (print, display, console, sleep), e.g. torch. */
  readonly createBuiltins: (io: IoBuiltins) => Record<string, unknown>;
  /** Reported in `ready` and `names`. */
  readonly builtinNames: readonly string[];
  /** Built-ins loaded the first time a cell references them (e.g. Plot), each given what it needs of the kernel. */
  readonly lazyBuiltins?: Readonly<Record<string, LazyBuiltin>>;
  readonly builtinModules?: Readonly<Record<string, ModuleLoader>>;
  /** Imports resolve against this URL; only its origin may be imported from. */
  readonly baseUrl: string;
  readonly limits?: OutputLimits;
  /** The host timers under the cells' setTimeout/setInterval/queueMicrotask (tests pass fakes). */
  readonly timers?: TimerFunctions;
}

/** What the kernel hands a lazily loaded built-in, explicitly (no module state): its print. */
export interface LazyBuiltinKernel {
  readonly print: (line: string) => void;
}
export type LazyBuiltin = (kernel: LazyBuiltinKernel) => Promise<unknown>;

interface Run {
  readonly runId: RunId;
  readonly cellId: CellId;
  readonly nonce: RunNonce;
  readonly sink: OutputSink;
  readonly sourceUrl: string;
  compiled: CompiledCell | null;
  /** An uncaught error was attributed to this run while it executed. */
  failedLater: boolean;
}

export class KernelRuntime {
  readonly #options: KernelRuntimeOptions;
  readonly #header: HeaderOffset;
  readonly #scope: SharedScope;
  /** Given to lazy built-ins when they load. */
  readonly #lazyKernel: LazyBuiltinKernel;
  readonly #importModule: (specifier: string) => Promise<unknown>;
  #running: Run | null = null;
  #latest: Run | null = null;
  /** Set while a cell's timer callback runs: the run that created it (null: created outside any run). */
  #callbackOwner: Run | null | undefined = undefined;
  readonly #callbacks: CellCallbacks<Run>;
  readonly #picks: ImagePicks;
  /** Follows cells' async functions past their awaits (rewrite-async.ts), through the same owner as timers. */
  readonly #asyncContext: AsyncContext;

  static async create(options: KernelRuntimeOptions): Promise<KernelRuntime> {
    return new KernelRuntime(options, await measureHeaderOffset(CELL_PARAMETERS));
  }

  private constructor(options: KernelRuntimeOptions, header: HeaderOffset) {
    this.#options = options;
    this.#header = header;
    const io = createIoBuiltins(() => this.#attributed()?.sink ?? null);
    this.#lazyKernel = { print: (line) => io.print(line) };
    const current = (): Run | null => (this.#callbackOwner === undefined ? (this.#running ?? this.#latest) : this.#callbackOwner);
    this.#callbacks = new CellCallbacks<Run>({ current, runAs: (owner, callback) => this.#runAs(owner, callback) }, options.timers);
    this.#asyncContext = createAsyncContext<Run>({ current, set: (owner) => void (this.#callbackOwner = owner) });
    this.#picks = new ImagePicks(options.post);
    // pickImage(label?) asks the page for the student's image on behalf of the running cell (image-pick.ts).
    const pickImage = (label?: unknown): Promise<File> => this.#picks.pick(this.#running, label);
    this.#scope = new SharedScope({ ...options.createBuiltins(io), ...this.#callbacks.builtins, pickImage });
    this.#importModule = createModuleImporter({ builtins: options.builtinModules ?? {}, baseUrl: options.baseUrl });
  }

  announceReady(): void {
    this.#options.post({ type: 'ready', builtins: this.#options.builtinNames });
  }

  handle(request: RuntimeRequest): void {
    switch (request.type) {
      case 'names': {
        const names = [...new Set([...this.#options.builtinNames, ...this.#scope.declaredNames()])];
        this.#options.post({ type: 'names', runId: request.runId, names });
        return;
      }
      case 'clear-timers':
        this.#callbacks.clearAll();
        return;
      case 'pick-image-answer':
        return this.#picks.answer(request.answer);
      case 'run': {
        const { runId, cellId, code, nonce } = request;
        // No queue here: the page's store is the one queue and sends the next run after this one's
        // `done`. A run sent early is refused (runs never overlap), in words the page shows.
        if (this.#running !== null) return this.#refuse(runId, cellId, nonce, this.#running.cellId);
        void this.#run(runId, cellId, code, nonce);
        return;
      }
    }
  }

  /** Posts every output that is ready now (the worker is about to close). */
  flushOutputs(): void {
    this.#latest?.sink.flush();
  }

  /** Timers cells have pending (Interrupt with no cell running clears them). */
  get pendingTimers(): number {
    return this.#callbacks.pending;
  }

  /** The run output goes to now: a callback's creator while it is the most recent run, else the running or most recent run. */
  #attributed(): Run | null {
    if (this.#callbackOwner === undefined) return this.#running ?? this.#latest;
    return this.#callbackOwner !== null && this.#callbackOwner === this.#latest ? this.#callbackOwner : null;
  }

  #runAs(owner: Run | null, callback: () => void): void {
    const outer = this.#callbackOwner;
    this.#callbackOwner = owner;
    try {
      callback();
    } catch (error) {
      this.reportUncaught(error);
    } finally {
      this.#callbackOwner = outer;
    }
  }

  /** An error nobody caught: from a timer callback or an unhandled rejection. */
  reportUncaught(error: unknown): void {
    const run = this.#attributed();
    if (run === null) return;
    if (run === this.#running) run.failedLater = true;
    const position = run.compiled ? locate(error, run.sourceUrl, this.#header, run.compiled) : undefined;
    run.sink.add(errorOutput(error, this.#scope, position));
  }

  #refuse(runId: RunId, cellId: CellId, nonce: RunNonce, runningCell: CellId): void {
    const { post } = this.#options;
    const message = `the kernel is still running ${runningCell}; the page sends one run at a time`;
    post({ type: 'outputs', runId, cellId, nonce, outputs: [{ kind: 'error', name: 'KernelBusy', message }] });
    post({ type: 'done', runId, cellId, nonce, ok: false, duration: ms(0) });
  }

  async #run(runId: RunId, cellId: CellId, code: string, nonce: RunNonce): Promise<void> {
    const { post } = this.#options;
    const sink = new OutputSink(
      (outputs) => post({ type: 'outputs', runId, cellId, nonce, outputs }),
      this.#options.limits ?? DEFAULT_LIMITS,
    );
    const run: Run = {
      runId,
      cellId,
      nonce,
      sink,
      sourceUrl: `cell-${urlSafe(cellId)}-run${runId}.ts`,
      compiled: null,
      failedLater: false,
    };
    this.#running = run;
    this.#latest = run;
    post({ type: 'started', runId, cellId, nonce });
    const start = performance.now();
    let ok = false;
    try {
      const result = await executeCell(code, {
        scope: this.#scope,
        sink,
        sourceUrl: run.sourceUrl,
        header: this.#header,
        importModule: this.#importModule,
        asyncContext: this.#asyncContext,
        prepare: (compiled) => {
          run.compiled = compiled;
          return this.#loadLazyBuiltins(compiled.references);
        },
      });
      ok = result.ok;
    } catch (error) {
      // A bug in the kernel itself; the cell still gets an answer.
      sink.add(errorOutput(error, this.#scope));
    }
    this.#picks.endRun();
    await sink.settle();
    this.#running = null;
    post({ type: 'done', runId, cellId, nonce, ok: ok && !run.failedLater, duration: ms(performance.now() - start) });
  }

  async #loadLazyBuiltins(references: readonly string[]): Promise<void> {
    const lazy = this.#options.lazyBuiltins ?? {};
    for (const name of references) {
      const load = Object.hasOwn(lazy, name) ? lazy[name] : undefined;
      if (load && !this.#scope.hasBuiltin(name)) this.#scope.defineBuiltin(name, await load(this.#lazyKernel));
    }
  }
}

const urlSafe = (id: string): string => id.replace(/[^\w-]/g, '_');
