// The worker's logic, without the Worker: takes requests, runs cells one
// after another against one shared scope, posts events. worker.ts only wires
// it to `self`; tests drive it directly in Node.
//
// Attribution of late errors and output: a print, an uncaught error from a
// timer, or an unhandled rejection goes to the run that is executing, or, if
// none is, to the most recent run (whose `done` was already posted: the page
// appends these outputs to that cell). A running cell that receives such an
// error fails (`done` with ok=false), even if the error came from a timer that
// an earlier cell started: the kernel cannot tell, and the student should see it.
import type { CompiledCell } from './compile.ts';
import { measureHeaderOffset, type HeaderOffset } from './error-location.ts';
import { CELL_PARAMETERS, errorOutput, executeCell, locate } from './executor.ts';
import { createIoBuiltins, type IoBuiltins } from './io-builtins.ts';
import { createModuleImporter, type ModuleLoader } from './modules.ts';
import { OutputSink, DEFAULT_LIMITS, type OutputLimits } from './output-sink.ts';
import type { KernelEvent, RuntimeRequest } from './protocol.ts';
import { SharedScope } from './shared-scope.ts';
import type { CellId, RunId } from '../shared/brand.ts';
import { ms } from '../shared/brand.ts';

export interface KernelRuntimeOptions {
  readonly post: (event: KernelEvent) => void;
  /** Built-ins other than the output ones (print, display, console, sleep), e.g. torch. */
  readonly createBuiltins: (io: IoBuiltins) => Record<string, unknown>;
  /** Reported in `ready` and `names`. */
  readonly builtinNames: readonly string[];
  /** Built-ins loaded the first time a cell references them (e.g. Plot). */
  readonly lazyBuiltins?: Readonly<Record<string, () => Promise<unknown>>>;
  readonly builtinModules?: Readonly<Record<string, ModuleLoader>>;
  /** Imports resolve against this URL; only its origin may be imported from. */
  readonly baseUrl: string;
  readonly limits?: OutputLimits;
}

interface Run {
  readonly runId: RunId;
  readonly cellId: CellId;
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
  readonly #importModule: (specifier: string) => Promise<unknown>;
  #queue: Promise<void> = Promise.resolve();
  #running: Run | null = null;
  #latest: Run | null = null;

  static async create(options: KernelRuntimeOptions): Promise<KernelRuntime> {
    return new KernelRuntime(options, await measureHeaderOffset(CELL_PARAMETERS));
  }

  private constructor(options: KernelRuntimeOptions, header: HeaderOffset) {
    this.#options = options;
    this.#header = header;
    const io = createIoBuiltins(() => (this.#running ?? this.#latest)?.sink ?? null);
    this.#scope = new SharedScope(options.createBuiltins(io));
    this.#importModule = createModuleImporter({ builtins: options.builtinModules ?? {}, baseUrl: options.baseUrl });
  }

  announceReady(): void {
    this.#options.post({ type: 'ready', builtins: this.#options.builtinNames });
  }

  handle(request: RuntimeRequest): void {
    if (request.type === 'names') {
      const names = [...new Set([...this.#options.builtinNames, ...this.#scope.declaredNames()])];
      this.#options.post({ type: 'names', runId: request.runId, names });
      return;
    }
    // Runs never overlap, even if the page sends a second one early.
    this.#queue = this.#queue.then(() => this.#run(request.runId, request.cellId, request.code));
  }

  /** An error nobody caught: from a timer callback or an unhandled rejection. */
  reportUncaught(error: unknown): void {
    const run = this.#running ?? this.#latest;
    if (run === null) return;
    if (run === this.#running) run.failedLater = true;
    const position = run.compiled ? locate(error, run.sourceUrl, this.#header, run.compiled) : undefined;
    run.sink.add(errorOutput(error, this.#scope, position));
  }

  async #run(runId: RunId, cellId: CellId, code: string): Promise<void> {
    const { post } = this.#options;
    const sink = new OutputSink((outputs) => post({ type: 'outputs', runId, cellId, outputs }), this.#options.limits ?? DEFAULT_LIMITS);
    const run: Run = { runId, cellId, sink, sourceUrl: `cell-${urlSafe(cellId)}-run${runId}.ts`, compiled: null, failedLater: false };
    this.#running = run;
    this.#latest = run;
    post({ type: 'started', runId, cellId });
    const start = performance.now();
    let ok = false;
    try {
      const result = await executeCell(code, {
        scope: this.#scope,
        sink,
        sourceUrl: run.sourceUrl,
        header: this.#header,
        importModule: this.#importModule,
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
    await sink.settle();
    this.#running = null;
    post({ type: 'done', runId, cellId, ok: ok && !run.failedLater, duration: ms(performance.now() - start) });
  }

  async #loadLazyBuiltins(references: readonly string[]): Promise<void> {
    const lazy = this.#options.lazyBuiltins ?? {};
    for (const name of references) {
      const load = Object.hasOwn(lazy, name) ? lazy[name] : undefined;
      if (load && !this.#scope.hasBuiltin(name)) this.#scope.defineBuiltin(name, await load());
    }
  }
}

const urlSafe = (id: string): string => id.replace(/[^\w-]/g, '_');
