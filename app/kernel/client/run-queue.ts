// Bookkeeping of the client's runs: queued → active → finished, with each
// run's callbacks and promise. No timers and no worker here; the client
// decides when a run starts or fails.
import { ms, type CellId, type Milliseconds, type RunId } from '../../shared/brand.ts';
import type { KernelClientEvent } from './kernel-client.ts';
import type { CellOutput, RunNonce } from '../protocol.ts';

/**
 * ok / error: the cell ran and succeeded or failed; cancelled: unqueued before
 * it started; interrupted / timeout / died: the kernel was restarted under it.
 */
export type RunOutcome = 'ok' | 'error' | 'cancelled' | 'interrupted' | 'timeout' | 'died';

export interface RunResult {
  readonly runId: RunId;
  readonly cellId: CellId;
  readonly outcome: RunOutcome;
  /** outcome === 'ok' */
  readonly ok: boolean;
  /** Time the cell ran; 0 if it never started. */
  readonly duration: Milliseconds;
}

export interface RunCallbacks {
  readonly onStarted?: () => void;
  /** Called with each batch; may be called after onDone (late output, see CONTEXT.md). */
  readonly onOutputs?: (outputs: readonly CellOutput[]) => void;
  readonly onDone?: (result: RunResult) => void;
  /** The running cell called pickImage(): show a picker; without this callback the call is refused. */
  readonly onPickImage?: (request: ImagePickRequest) => void;
}

/** A running cell's `pickImage(label)`, as the page's UI sees it. Both answers are no-ops once the run is over. */
export interface ImagePickRequest {
  /** The kernel's number for this request (a cell may ask more than once). */
  readonly id: number;
  readonly label: string;
  /** Sends the chosen image to the cell; returns why it was refused (too big, not an image…), or null when sent. */
  choose(file: File): string | null;
  /** No image (the student pressed Cancel): the cell's pickImage() rejects with `message`. */
  cancel(message: string): void;
}

export interface RunSpec {
  readonly runId: RunId;
  readonly cellId: CellId;
  readonly code: string;
  readonly callbacks: RunCallbacks;
  readonly timeout: Milliseconds | undefined;
  /** The run's secret (protocol.ts): only events carrying it are the run's. */
  readonly nonce: RunNonce;
}

export interface QueuedRun extends RunSpec {
  readonly result: Promise<RunResult>;
}

interface RunState extends QueuedRun {
  readonly resolve: (result: RunResult) => void;
  startedAt: number | undefined;
  /** Characters of output this run has shown (the page's own cap, MAX_RUN_CHARS). */
  shownChars: number;
}

/**
 * The page's cap on one run's output, whatever the kernel sends: the kernel's
 * budgets (output-budget.ts: three text budgets of 1 MB, 10 MB of figures and
 * images) plus room for notices. Only a kernel whose code a cell subverted
 * gets near it; what passes it is dropped, with one notice.
 */
export const MAX_RUN_CHARS = 14_000_000;

const outputChars = (o: CellOutput): number => {
  switch (o.kind) {
    case 'text': case 'result': case 'notice': return o.text.length;
    case 'error': return o.name.length + o.message.length;
    case 'markdown': return o.markdown.length;
    case 'image': return o.src.length + o.alt.length;
    case 'svg': return o.html.length + o.alt.length + (o.data === undefined ? 0 : cellsChars(o.data.rows));
    case 'table': return cellsChars([o.columns, ...o.rows]);
  }
};
const cellsChars = (rows: readonly (readonly string[])[]): number => rows.reduce((n, row) => row.reduce((m, c) => m + c.length, n), 0);

export class RunQueue {
  readonly #emit: (event: KernelClientEvent) => void;
  readonly #queued: RunState[] = [];
  #active: RunState | null = null;
  /** The most recent finished run: late output from the same worker goes here. */
  #latest: RunState | null = null;

  constructor(emit: (event: KernelClientEvent) => void) {
    this.#emit = emit;
  }

  get active(): QueuedRun | null {
    return this.#active;
  }

  /** Whether `runId` is the run in flight and `nonce` its secret. */
  isActive(runId: RunId, nonce: RunNonce): boolean {
    return this.#active?.runId === runId && this.#active.nonce === nonce;
  }

  /** Whether an event for `runId` with `nonce` may add output: the run in flight, or the most recent one (late output). */
  owns(runId: RunId, nonce: RunNonce): boolean {
    return [this.#active, this.#latest].some((run) => run?.runId === runId && run.nonce === nonce);
  }

  enqueue(spec: RunSpec): QueuedRun {
    let resolve!: (result: RunResult) => void;
    const result = new Promise<RunResult>((r) => (resolve = r));
    const state: RunState = { ...spec, result, resolve, startedAt: undefined, shownChars: 0 };
    this.#queued.push(state);
    this.#emit({ type: 'queued', runId: spec.runId, cellId: spec.cellId });
    return state;
  }

  /** Makes the oldest queued run the active one (the client then sends it). */
  startNext(): QueuedRun | null {
    if (this.#active !== null) return null;
    this.#active = this.#queued.shift() ?? null;
    return this.#active;
  }

  started(runId: RunId): QueuedRun | null {
    const run = this.#active;
    if (run?.runId !== runId) return null;
    run.startedAt = performance.now();
    run.callbacks.onStarted?.();
    this.#emit({ type: 'started', runId, cellId: run.cellId });
    return run;
  }

  outputs(runId: RunId, arrived: readonly CellOutput[]): void {
    const run = [this.#active, this.#latest].find((candidate) => candidate?.runId === runId);
    if (!run) return;
    this.#deliver(run, capped(run, arrived));
  }

  #deliver(run: RunState, outputs: readonly CellOutput[]): void {
    if (outputs.length === 0) return;
    run.callbacks.onOutputs?.(outputs);
    this.#emit({ type: 'outputs', runId: run.runId, cellId: run.cellId, outputs });
  }

  finish(runId: RunId, outcome: RunOutcome, duration?: Milliseconds): void {
    const run = this.#active;
    if (run?.runId !== runId) return;
    this.#active = null;
    this.#latest = run;
    this.#settle(run, outcome, duration);
  }

  /** Ends the active run with an error output of the client's own (interrupt, timeout, death). */
  fail(runId: RunId, outcome: RunOutcome, output: CellOutput): void {
    if (this.#active?.runId !== runId) return;
    // The client's own error always shows, past the cap too.
    this.#deliver(this.#active, [output]);
    this.finish(runId, outcome);
    // Its worker is gone, so nothing late can arrive for it.
    this.#latest = null;
  }

  cancel(runId: RunId): void {
    const index = this.#queued.findIndex((run) => run.runId === runId);
    if (index < 0) return;
    const [run] = this.#queued.splice(index, 1);
    if (run) this.#settle(run, 'cancelled');
  }

  /** Cancels every queued (not yet started) run; returns how many. */
  cancelQueued(): number {
    const runs = this.#queued.splice(0);
    for (const run of runs) this.#settle(run, 'cancelled');
    return runs.length;
  }

  /** Fails the active and every queued run with the same error. */
  failAll(outcome: RunOutcome, output: CellOutput): void {
    if (this.#active) this.fail(this.#active.runId, outcome, output);
    for (const run of this.#queued.splice(0)) {
      run.callbacks.onOutputs?.([output]);
      this.#emit({ type: 'outputs', runId: run.runId, cellId: run.cellId, outputs: [output] });
      this.#settle(run, outcome);
    }
  }

  #settle(run: RunState, outcome: RunOutcome, duration?: Milliseconds): void {
    const elapsed = duration ?? ms(run.startedAt === undefined ? 0 : performance.now() - run.startedAt);
    const result: RunResult = { runId: run.runId, cellId: run.cellId, outcome, ok: outcome === 'ok', duration: elapsed };
    run.callbacks.onDone?.(result);
    this.#emit({ type: 'done', result });
    run.resolve(result);
  }
}

/** The outputs of `arrived` that fit the run's cap; one notice when the cap is reached. */
function capped(run: RunState, arrived: readonly CellOutput[]): CellOutput[] {
  const kept: CellOutput[] = [];
  for (const o of arrived) {
    if (run.shownChars > MAX_RUN_CHARS) break;
    run.shownChars += outputChars(o);
    if (run.shownChars <= MAX_RUN_CHARS) kept.push(o);
    else kept.push({ kind: 'notice', text: 'The kernel sent more output than one cell may show; the page dropped the rest.' });
  }
  return kept;
}
