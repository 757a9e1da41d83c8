// One LinearPool run, the parts that do not need the pool (runs in the calling thread): x staged in
// the scratch with how any thread runs its share of it (`stageRun`, for a float32 or a dynamic-int8
// Linear), the units dealt between the takers (`deal`), and the calling thread's own share
// (`callerShareOf`). linear-pool.ts sends the workers theirs, by message or through handoff.ts.
import type { GemmMemory } from './gemm-memory.ts';
import type { LinearF32 } from './linear-f32.ts';
import { LinearDynamicInt8 } from './linear-int8.ts';
import { runDynamicInt8Rows, type Int8LinearJob, type Int8LinearLayout } from './linear-int8-rows.ts';
import type { ToLinearWorker } from './linear-pool-protocol.ts';
import { runLinearRows, type LinearJob, type LinearLayout } from './linear-rows.ts';

/** A run staged in the scratch: the rows, the kernel the workers need, a thread's share here or as a request. */
export type StagedRun = {
  readonly M: number;
  readonly kernel: { readonly key: string; readonly module: WebAssembly.Module };
  here(r0: number, r1: number, p0: number, p1: number): void;
  request(id: number, r0: number, r1: number, p0: number, p1: number): ToLinearWorker;
  collect(): Float32Array;
} & (
  | { readonly kind: 'f32'; readonly layout: LinearLayout; readonly job: LinearJob }
  | { readonly kind: 'int8'; readonly layout: Int8LinearLayout; readonly job: Int8LinearJob }
);

/** One taker's share of a run: a worker's (w), or the calling thread's (w undefined). */
export interface SharePart<W> {
  readonly w: W | undefined;
  readonly r0: number;
  readonly r1: number;
  readonly p0: number;
  readonly p1: number;
}

/** Names a share in errors: "<Linear>, rows [r0, r1) of M[, columns [c0, c1)]". */
export type ShareName = (r0: number, r1: number, p0: number, p1: number) => string;

/** One run's staged x (in the scratch) and how a thread runs its share of it, for either kind of Linear. */
export function stageRun(
  memory: GemmMemory,
  linear: LinearF32 | LinearDynamicInt8,
  x: Float32Array,
  out: Float32Array | undefined,
): StagedRun {
  const buffer = memory.buffer;
  if (linear instanceof LinearDynamicInt8) {
    const kernel = linear.compiled();
    const job = linear.stage(x);
    linear.checkOut(job, out);
    const { layout } = linear;
    return {
      M: job.M,
      kernel,
      kind: 'int8',
      layout,
      job,
      here: (r0, r1, p0, p1) => runDynamicInt8Rows(kernel, buffer, layout, job, r0, r1, [p0, p1]),
      request: (id, r0, r1, p0, p1) => ({ type: 'int8-run', id, key: kernel.key, layout, job, r0, r1, p0, p1 }),
      collect: () => linear.collect(job, out),
    };
  }
  const kernel = memory.kernel(linear.kernel, linear.block);
  const job = linear.stage(x);
  linear.checkOut(job, out);
  const { layout } = linear;
  return {
    M: job.M,
    kernel,
    kind: 'f32',
    layout,
    job,
    here: (r0, r1, p0, p1) => runLinearRows(kernel.macro, buffer, layout, job, r0, r1, [p0, p1]),
    request: (id, r0, r1, p0, p1) => ({ type: 'run', id, key: kernel.key, layout, job, r0, r1, p0, p1 }),
    collect: () => linear.collect(job, out),
  };
}

/** `count` units dealt to at most n takers as evenly as they go (the first get one more): [from, to) each, none empty. */
export function deal(count: number, n: number): (readonly [number, number])[] {
  const out: (readonly [number, number])[] = [];
  let from = 0;
  for (let i = 0; i < n && from < count; i++) {
    const to = from + Math.floor(count / n) + (i < count % n ? 1 : 0);
    out.push([from, to]);
    from = to;
  }
  return out;
}

/** The calling thread's share of a run (the part with no worker), if any: its error naming the share, or null. */
export function callerShareOf<W>(run: StagedRun, parts: readonly SharePart<W>[], what: ShareName): Error | null {
  for (const { w, r0, r1, p0, p1 } of parts)
    if (w === undefined)
      try {
        run.here(r0, r1, p0, p1);
      } catch (error) {
        return new Error(`${what(r0, r1, p0, p1)} in the calling thread: ${error instanceof Error ? error.message : String(error)}`);
      }
  return null;
}
