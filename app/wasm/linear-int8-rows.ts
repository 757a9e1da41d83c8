// One dynamic-int8 Linear's rows on the memory (runs in the calling thread, and later in each pool
// worker): given x already quantized into the scratch region (linear-int8.ts's `stage`, which needs
// the whole tensor: the activation's scale is per tensor), rows [r0, r1) of the columns of panels
// [p0, p1): the integer GEMM (int32, exact), the kernel's correction terms, then ONNX Runtime's
// float steps, in float32:
//   y_i32 = Σ_k (x_q − x_zp) · w_q                  (MatMulInteger)
//   y = float(y_i32) · (x_scale · w_scale[n])       (Cast, Mul(x_scale, w_scale), Mul)
//   y = y + b                                       (BLIP's graph: the Add after the pattern)
// written as float32 over the same bytes as C. Every output is computed the same way whichever
// thread, rows or panels it falls in, so splitting gives the same bits.
import { runGemm, type GemmPlan, type MacroFn, type PanelRange } from './gemm-run.ts';

/** `i8-shift-relaxed` (int8-kernels.ts; reduce_range weights, relaxed SIMD) or gemm-kernels.ts's `i8-dot16` (SIMD128). */
export type Int8Kernel = 'i8-shift-relaxed' | 'i8-dot16';

/** Where a dynamic-int8 Linear's data are (byte offsets into the memory; structured-cloneable). */
export interface Int8LinearLayout {
  readonly label: string;
  readonly kernel: Int8Kernel;
  readonly K: number;
  readonly N: number;
  /** K rounded up to 16: A's row length in bytes; pad bytes of A and pad rows of the panels are 0 */
  readonly kPad: number;
  readonly nPad: number;
  readonly nr: number;
  readonly kc: number;
  /** nPad/nr panels of kPad × nr bytes: w_q (i8-dot16) or min(w_q + 64, 127) (i8-shift-relaxed), k quads or pairs together */
  readonly weightAt: number;
  /** Int32 [nPad]: Σ_k w_q[k, n] */
  readonly colSumsAt: number;
  /** Float32 [nPad]: w_scale per column (the one scale repeated, per tensor) */
  readonly scalesAt: number;
  /** Float32 [nPad], or null */
  readonly biasAt: number | null;
  /** Int32 pairs (k, n) where w_q = 64 (its shifted form 128 does not fit the i7 operand: C gets + A[m, k] there) */
  readonly fixAt: number;
  readonly fixCount: number;
}

/** One run: A (M × kPad bytes: x_q, or x_q − 128 as s8 for the shift kernel), its row sums, C (M × nPad int32, then y in float32). */
export interface Int8LinearJob {
  readonly M: number;
  readonly a: number;
  /** Int32 [M]: Σ_k (x_q − 128) per row (the shift kernel's correction; unused by i8-dot16) */
  readonly rowSumsAt: number;
  readonly c: number;
  readonly xScale: number;
  readonly xZeroPoint: number;
}

export function int8Plan(layout: Int8LinearLayout, job: Int8LinearJob): GemmPlan {
  return { M: job.M, K: layout.kPad, N: layout.nPad, nr: layout.nr, elementBytes: 1, kc: layout.kc, a: job.a, b: layout.weightAt, c: job.c };
}

/** Rows [r0, r1) of y (the columns of panels [p0, p1), all by default), in this thread's instance of the layout's kernel. */
export function runDynamicInt8Rows(
  macro: MacroFn,
  buffer: ArrayBuffer | SharedArrayBuffer,
  layout: Int8LinearLayout,
  job: Int8LinearJob,
  r0: number,
  r1: number,
  panels: PanelRange = [0, layout.nPad / layout.nr],
): void {
  if (!(Number.isInteger(r0) && Number.isInteger(r1) && 0 <= r0 && r0 < r1 && r1 <= job.M))
    throw new Error(`${layout.label}: rows [${r0}, ${r1}) are not within the input's ${job.M} rows`);
  const [p0, p1] = panels;
  if (!(Number.isInteger(p0) && Number.isInteger(p1) && 0 <= p0 && p0 < p1 && p1 <= layout.nPad / layout.nr))
    throw new Error(`${layout.label}: panels [${p0}, ${p1}) are not within its ${layout.nPad / layout.nr} column panels`);
  runGemm(macro, int8Plan(layout, job), r0, r1, panels);
  const { nPad, kPad, nr } = layout;
  const [n0, n1] = [p0 * nr, Math.min(p1 * nr, layout.N)];
  const acc = new Int32Array(buffer, job.c, job.M * nPad);
  const y = new Float32Array(buffer, job.c, job.M * nPad);
  const colSums = new Int32Array(buffer, layout.colSumsAt, nPad);
  const wScales = new Float32Array(buffer, layout.scalesAt, nPad);
  const bias = layout.biasAt === null ? null : new Float32Array(buffer, layout.biasAt, nPad);
  const shifted = layout.kernel === 'i8-shift-relaxed';
  if (shifted && layout.fixCount > 0) {
    const fixes = new Int32Array(buffer, layout.fixAt, 2 * layout.fixCount);
    const a = new Int8Array(buffer, job.a, job.M * kPad);
    for (let f = 0; f < fixes.length; f += 2) {
      const [k, n] = [fixes[f]!, fixes[f + 1]!];
      if (n < n0 || n >= n1) continue;
      for (let m = r0; m < r1; m++) acc[m * nPad + n] = acc[m * nPad + n]! + a[m * kPad + k]!;
    }
  }
  const rowSums = new Int32Array(buffer, job.rowSumsAt, job.M);
  // MatMulInteger = acc − x_zp·Σw (i8-dot16); acc − 64·Σa + (128 − x_zp)·Σw (the shift kernel: x_q = a + 128, w = b − 64)
  const colFactor = shifted ? 128 - job.xZeroPoint : -job.xZeroPoint;
  const scales = new Float32Array(n1 - n0);
  for (let n = n0; n < n1; n++) scales[n - n0] = Math.fround(job.xScale * wScales[n]!);
  for (let m = r0; m < r1; m++) {
    const rowTerm = shifted ? -64 * rowSums[m]! : 0;
    const row = m * nPad;
    for (let n = n0; n < n1; n++) {
      const integer = acc[row + n]! + rowTerm + colFactor * colSums[n]!; // |·| < 2^31: exact in doubles
      const scaled = Math.fround(Math.fround(integer) * scales[n - n0]!);
      y[row + n] = bias === null ? scaled : scaled + bias[n]!;
    }
  }
}
