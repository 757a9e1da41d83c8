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
import { int8KernelForm, type Int8ModuleKernel } from './int8-kernels.ts';

/**
 * int8-kernels.ts's kernels: the shift ones (`i8-shift-relaxed`, `i8-shift-fused`: reduce_range weights, relaxed
 * SIMD), `i8-u8-fused` (relaxed SIMD read as u8 × s8: VNNI) or gemm-kernels.ts's `i8-dot16` (SIMD128).
 */
export type Int8Kernel = Int8ModuleKernel;

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
  /**
   * nPad/nr panels of kPad × nr bytes, k quads (pairs for i8-dot16) together: w_q, or for the shift kernels
   * min(64 + s_n·w_q, 127) with s_n = ±1 per column, the sign whose 128 (w_q = 64·s_n) occurs least in it
   */
  readonly weightAt: number;
  /** Int32 [nPad]: s_n (the shift kernels; all 1 for the others) */
  readonly signsAt: number;
  /** Int32 [nPad]: Σ_k w_q[k, n] */
  readonly colSumsAt: number;
  /** Float32 [nPad]: w_scale per column (the one scale repeated, per tensor) */
  readonly scalesAt: number;
  /** Float32 [nPad], or null */
  readonly biasAt: number | null;
  /** Int32 pairs (k, n) where w_q = 64·s_n (its shifted form 128 does not fit the i7 operand: C gets + A[m, k] there) */
  readonly fixAt: number;
  readonly fixCount: number;
}

/**
 * One run: A (M × kPad bytes: x_q, or x_q − 128 as s8 for the shift kernel), C (M × nPad int32, then y
 * in float32), and the per-run vectors the epilogue reads (all made by the calling thread's `stage`).
 */
export interface Int8LinearJob {
  readonly M: number;
  readonly a: number;
  /** Int32 [M]: −64 · Σ_k (x_q − 128) per row (the shift kernel's correction; 0 for i8-dot16) */
  readonly rowTermsAt: number;
  /** Int32 [nPad]: (128 − x_zp) · Σ_k w_q (shift kernel) or −x_zp · Σ_k w_q (i8-dot16) */
  readonly colTermsAt: number;
  /** Float32 [nPad]: x_scale · w_scale[n] rounded to float32 (ORT's Mul of the two scales) */
  readonly scalesAt: number;
  readonly c: number;
  readonly xScale: number;
  readonly xZeroPoint: number;
}

/** What a thread runs an int8 Linear with: its instance of the kernel's module (int8-kernels.ts). */
export interface Int8Instance {
  readonly macro: MacroFn;
  /** (c, ldc, rows, groups, rowTerms, colTerms, signs, scales, bias | 0): int8-kernels.ts's epilogue */
  readonly epilogue: (...args: [number, number, number, number, number, number, number, number, number]) => void;
  /** (src, dst, rows, groups, consts, sums): int8-kernels.ts's quantize (the calling thread's stage) */
  readonly quantize: (...args: [number, number, number, number, number, number]) => void;
  /** (src, groups, out): the lane-wise min and max of float32 values */
  readonly minmax: (...args: [number, number, number]) => void;
}

export function int8Plan(layout: Int8LinearLayout, job: Int8LinearJob): GemmPlan {
  return {
    M: job.M,
    K: layout.kPad,
    N: layout.nPad,
    nr: layout.nr,
    elementBytes: 1,
    kc: layout.kc,
    a: job.a,
    b: layout.weightAt,
    c: job.c,
  };
}

/** Rows [r0, r1) of y (the columns of panels [p0, p1), all by default), in this thread's instance of the layout's kernel. */
export function runDynamicInt8Rows(
  kernel: Int8Instance,
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
  runGemm(kernel.macro, int8Plan(layout, job), r0, r1, panels);
  const { nPad, kPad, nr } = layout;
  const [n0, n1] = [p0 * nr, p1 * nr];
  if (int8KernelForm(layout.kernel).shifted && layout.fixCount > 0) {
    const acc = new Int32Array(buffer, job.c, job.M * nPad);
    const fixes = new Int32Array(buffer, layout.fixAt, 2 * layout.fixCount);
    const a = new Int8Array(buffer, job.a, job.M * kPad);
    for (let f = 0; f < fixes.length; f += 2) {
      const [k, n] = [fixes[f]!, fixes[f + 1]!];
      if (n < n0 || n >= n1) continue;
      for (let m = r0; m < r1; m++) acc[m * nPad + n] = acc[m * nPad + n]! + a[m * kPad + k]!;
    }
  }
  // |s_n · (acc + rowTerm) + colTerm| < 2^31 (|x_q − x_zp| ≤ 255, |w_q| ≤ 127, K < 2^31 / 32385): no int32 wrap
  kernel.epilogue(
    job.c + (r0 * nPad + n0) * 4,
    nPad * 4,
    r1 - r0,
    (n1 - n0) / 4,
    job.rowTermsAt + r0 * 4,
    job.colTermsAt + n0 * 4,
    layout.signsAt + n0 * 4,
    job.scalesAt + n0 * 4,
    layout.biasAt === null ? 0 : layout.biasAt + n0 * 4,
  );
}

/**
 * A run whose x is quantized row by row (by whichever thread takes the rows) once its per-tensor
 * parameters are known: `x` float32 [M, kPad] (pad columns 0), the quantizer's constants and row
 * sums, besides the Int8LinearJob's regions (LinearDynamicInt8.planRun writes the per-run vectors).
 */
export interface Int8RowsJob extends Int8LinearJob {
  readonly x: number;
  /** 5 v128: scale, zero point, 0, 255 (float32 × 4 each), −shift (int32 × 4) */
  readonly consts: number;
  /** Int32 [M, 4]: the quantizer's lane sums of x_q (or x_q − 128) per row */
  readonly sums: number;
}

/** Rows [r0, r1) of x → x_q (or x_q − 128) into A and their row terms, with the run's parameters (any split gives the same bytes). */
export function quantizeDynamicInt8Rows(
  kernel: Int8Instance,
  buffer: ArrayBuffer | SharedArrayBuffer,
  layout: Int8LinearLayout,
  job: Int8RowsJob,
  r0: number,
  r1: number,
): void {
  if (!(Number.isInteger(r0) && Number.isInteger(r1) && 0 <= r0 && r0 < r1 && r1 <= job.M))
    throw new Error(`${layout.label}: rows [${r0}, ${r1}) are not within the input's ${job.M} rows`);
  const { K, kPad } = layout;
  kernel.quantize(job.x + r0 * kPad * 4, job.a + r0 * kPad, r1 - r0, kPad / 16, job.consts, job.sums + r0 * 16);
  const shifted = int8KernelForm(layout.kernel).shifted;
  const shift = shifted ? 128 : 0;
  const u8 = new Uint8Array(buffer);
  const sums = new Int32Array(buffer, job.sums, job.M * 4);
  const rowTerms = new Int32Array(buffer, job.rowTermsAt, job.M);
  const padShare = (kPad - K) * (job.xZeroPoint - shift); // a pad x of 0 quantizes to the zero point
  for (let i = r0; i < r1; i++) {
    if (kPad > K) u8.fill(0, job.a + i * kPad + K, job.a + (i + 1) * kPad);
    const sum = sums[4 * i]! + sums[4 * i + 1]! + sums[4 * i + 2]! + sums[4 * i + 3]! - padShare;
    rowTerms[i] = shifted ? -64 * sum : 0;
  }
}
