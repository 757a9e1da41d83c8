// The GEMM around the generated kernels (runs in the page, workers and Node): B packing into
// column panels, and the K/M blocking loops in JS (a few dozen calls of the wasm `macro` per
// GEMM) over byte offsets in the one memory. Used by linear-f32.ts and bench/wasm-gemm.

export const PAGE_BYTES = 65536;
/** Rows of A per macro call: 96 rows × kc of A stay in L2 while the B panels stream through L1. */
export const MC = 96;

/** Everything a thread needs to run one GEMM on the memory (byte offsets; structured-cloneable). */
export interface GemmPlan {
  readonly M: number;
  /** A's row length (and B's depth), in elements: a multiple of the kernel's k step (4 for fp32) */
  readonly K: number;
  /** C's row length, in elements: a multiple of nr */
  readonly N: number;
  readonly nr: number;
  readonly elementBytes: 1 | 2 | 4;
  /** K block: a multiple of the kernel's k step; the last block may be shorter */
  readonly kc: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  /** C already holds a start value (a Linear's bias rows): the first K block adds to it instead of zeroing */
  readonly accumulate?: boolean;
  /** A's row stride in elements when A is a column range of a wider matrix (attention's Q of the qkv rows; default K) */
  readonly aStride?: number;
  /** C's row stride in floats when C is a column range of a wider matrix (a head's context in [N, D]; default N) */
  readonly cStride?: number;
}

/** Column panels [first, end) of B (and the same columns of C): all N / nr of them when not given. */
export type PanelRange = readonly [first: number, end: number];

export type MacroFn = (
  a: number,
  bp: number,
  c: number,
  mrows: number,
  npanels: number,
  kc: number,
  lda: number,
  ldc: number,
  first: number,
  bstride: number,
) => void;

/**
 * Column panels of nr, each k-major in groups of g consecutive k (g = the variant's kGroup):
 * Bp[((j·K/g + q)·nr + t)·g + u] = B[(q·g + u)·N + j·nr + t]. g = 1 is the plain fp32 panel; g = 2 puts
 * the k pair dot_i16x8_s sums next to each other, g = 4 the k quad relaxed_dot sums.
 */
export function packB(B: ArrayLike<number>, K: number, N: number, nr: number, g: number, out: Float32Array | Int8Array | Int16Array): void {
  const groups = K / g;
  for (let j = 0; j < N / nr; j++)
    for (let q = 0; q < groups; q++)
      for (let t = 0; t < nr; t++) for (let u = 0; u < g; u++) out[((j * groups + q) * nr + t) * g + u] = B[(q * g + u) * N + j * nr + t]!;
}

/** C rows [r0, r1) (columns of the panels given) = A rows · B (+ C if p.accumulate), via the wasm macro over kc × MC blocks. */
export function runGemm(macro: MacroFn, p: GemmPlan, r0 = 0, r1 = p.M, [p0, p1]: PanelRange = [0, p.N / p.nr]): void {
  const eb = p.elementBytes;
  const lda = p.aStride ?? p.K;
  const ldc = p.cStride ?? p.N;
  for (let k0 = 0; k0 < p.K; k0 += p.kc) {
    const kce = Math.min(p.kc, p.K - k0);
    for (let i0 = r0; i0 < r1; i0 += MC) {
      macro(
        p.a + (i0 * lda + k0) * eb,
        p.b + (p0 * p.K + k0) * p.nr * eb,
        p.c + (i0 * ldc + p0 * p.nr) * 4,
        Math.min(MC, r1 - i0),
        p1 - p0,
        kce,
        lda * eb,
        ldc * 4,
        k0 === 0 && p.accumulate !== true ? 1 : 0,
        p.K * p.nr * eb,
      );
    }
  }
}

/** The module's `macro` on `memory` (a wrapper: the export is typed only as a Function; ~30 calls a GEMM). */
export function instantiateMacro(module: WebAssembly.Module, memory: WebAssembly.Memory): MacroFn {
  const exported = new WebAssembly.Instance(module, { env: { mem: memory } }).exports['macro'];
  if (typeof exported !== 'function') throw new Error('the GEMM module exports no function `macro`');
  return (...args) => void exported(...args);
}
