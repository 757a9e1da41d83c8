// One Linear's rows on the memory (runs in the calling thread and in each pool worker): what a
// thread needs to compute rows [r0, r1) of y = x·Wᵀ + b (all columns, or those of a range of
// column panels), given x already copied into the scratch region: fill that part of C with the
// bias (so the kernel adds to it), then the GEMM over it. Each output's sum runs over k in the
// same order whichever thread, row block or panel range computes it, so splitting rows or
// columns between threads gives the same bits.
import { runGemm, type GemmPlan, type MacroFn, type PanelRange } from './gemm-run.ts';

/** Where a Linear's weights are and how they are padded (byte offsets; structured-cloneable). */
export interface LinearLayout {
  /** for errors: the Linear's name and shape */
  readonly label: string;
  readonly K: number;
  readonly N: number;
  /** K rounded up to the kernel's k step (4): A's row length; pad columns of A and rows of the panels are 0 */
  readonly kPad: number;
  /** N rounded up to nr: C's row length; the pad columns of C are dropped */
  readonly nPad: number;
  readonly nr: number;
  readonly kc: number;
  /** the packed panels: nPad/nr panels of kPad × nr floats */
  readonly weightAt: number;
  /** the bias, nPad floats (pad 0), or null for none */
  readonly biasAt: number | null;
}

/** One run's scratch: M rows of A at `a` (kPad floats each), C at `c` (nPad floats each). */
export interface LinearJob {
  readonly M: number;
  readonly a: number;
  readonly c: number;
}

export function linearPlan(layout: LinearLayout, job: LinearJob): GemmPlan {
  return {
    M: job.M,
    K: layout.kPad,
    N: layout.nPad,
    nr: layout.nr,
    elementBytes: 4,
    kc: layout.kc,
    a: job.a,
    b: layout.weightAt,
    c: job.c,
    accumulate: layout.biasAt !== null,
  };
}

/** Rows [r0, r1) of C = A·Wᵀ + b (of the columns of panels [p0, p1) when given: all of them else), in this thread's instance of the kernel. */
export function runLinearRows(
  macro: MacroFn,
  buffer: ArrayBuffer | SharedArrayBuffer,
  layout: LinearLayout,
  job: LinearJob,
  r0: number,
  r1: number,
  panels: PanelRange = [0, layout.nPad / layout.nr],
): void {
  if (!(Number.isInteger(r0) && Number.isInteger(r1) && 0 <= r0 && r0 < r1 && r1 <= job.M))
    throw new Error(`${layout.label}: rows [${r0}, ${r1}) are not within the input's ${job.M} rows`);
  const [p0, p1] = panels;
  if (!(Number.isInteger(p0) && Number.isInteger(p1) && 0 <= p0 && p0 < p1 && p1 <= layout.nPad / layout.nr))
    throw new Error(`${layout.label}: panels [${p0}, ${p1}) are not within its ${layout.nPad / layout.nr} column panels`);
  if (layout.biasAt !== null) {
    const f32 = new Float32Array(buffer);
    const [from, to] = [layout.biasAt / 4 + p0 * layout.nr, layout.biasAt / 4 + p1 * layout.nr];
    for (let i = r0; i < r1; i++) f32.copyWithin(job.c / 4 + i * layout.nPad + p0 * layout.nr, from, to);
  }
  runGemm(macro, linearPlan(layout, job), r0, r1, panels);
}

/** A positive integer (a size, a row count). */
export const isCount = (n: number): boolean => Number.isInteger(n) && n >= 1;

/** The rows M of an input x [M, in_features] of a Linear named `label`; throws naming the Linear and the sizes otherwise. */
export function inputRows(label: string, K: number, x: Float32Array): number {
  if (!(x instanceof Float32Array)) throw new Error(`${label}: the input must be a Float32Array [M, in_features]`);
  const M = x.length / K;
  if (!isCount(M)) throw new Error(`${label}: the input has ${x.length} elements, not M × ${K} for any M ≥ 1 ([M, in_features])`);
  return M;
}

/** Throws unless `out` is none or M × N floats. */
export function checkOutput(label: string, M: number, N: number, out: Float32Array | undefined): void {
  if (out !== undefined && (!(out instanceof Float32Array) || out.length !== M * N))
    throw new Error(
      `${label}: the output buffer has ${out instanceof Float32Array ? `${out.length} floats` : 'the wrong type'}, not M × out_features = ${M} × ${N} Float32Array`,
    );
}
