// The GEMM around the generated kernels (runs in the page and its workers): where A, packed B and
// C sit in the one shared memory, B packing into column panels, the K/M blocking loops in JS (a few
// dozen calls of the wasm `macro` per GEMM), and the references every result is checked against.
import { variantLayout, type Variant } from './kernels.ts';

export const PAGE_BYTES = 65536;
export const MAX_PAGES = 16384; // 1 GiB
/** Rows of A per macro call: 96 rows × kc of A stay in L2 while the B panels stream through L1. */
export const MC = 96;
/** fp32 results: max|C − Cref| / max|Cref| below this, Cref the float64 triple loop. int8: exact. */
export const F32_TOLERANCE = 1e-5;

/** Everything a thread needs to run one GEMM on the shared memory (byte offsets; structured-cloneable). */
export interface GemmPlan {
  readonly M: number;
  readonly K: number;
  readonly N: number;
  readonly nr: number;
  readonly elementBytes: 1 | 2 | 4;
  readonly kc: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
}

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

/** K block: a multiple of every variant's k step × UNROLL (16). */
export function pickKc(K: number): number {
  for (const kc of [256, 384, 192, 128]) if (K % kc === 0) return kc;
  if (K % 16 !== 0) throw new Error(`K = ${K} must be a multiple of 16`);
  return K;
}

/** A bump allocator over one memory, 64-byte aligned (a cache line). */
export class Arena {
  private top = 64;
  alloc(bytes: number): number {
    const at = this.top;
    this.top = Math.ceil((at + bytes) / 64) * 64;
    return at;
  }
  get pages(): number {
    return Math.ceil(this.top / PAGE_BYTES) + 1;
  }
}

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

/** C rows [r0, r1) = A rows · B, via the wasm macro over kc × MC blocks. */
export function runGemm(macro: MacroFn, p: GemmPlan, r0 = 0, r1 = p.M): void {
  const eb = p.elementBytes;
  for (let k0 = 0; k0 < p.K; k0 += p.kc) {
    const kce = Math.min(p.kc, p.K - k0);
    for (let i0 = r0; i0 < r1; i0 += MC) {
      macro(
        p.a + (i0 * p.K + k0) * eb,
        p.b + k0 * p.nr * eb,
        p.c + i0 * p.N * 4,
        Math.min(MC, r1 - i0),
        p.N / p.nr,
        kce,
        p.K * eb,
        p.N * 4,
        k0 === 0 ? 1 : 0,
        p.K * p.nr * eb,
      );
    }
  }
}

export function planFor(
  variant: Variant,
  nr: number,
  dims: { M: number; K: number; N: number },
  at: { a: number; b: number; c: number },
): GemmPlan {
  return { ...dims, nr, elementBytes: variantLayout(variant).elementBytes, kc: pickKc(dims.K), ...at };
}

/** float64 reference of an fp32 GEMM (row-major A[M,K], B[K,N]). */
export function referenceF32(A: Float32Array, B: Float32Array, M: number, K: number, N: number): Float64Array {
  const C = new Float64Array(M * N);
  const row = new Float64Array(N);
  for (let i = 0; i < M; i++) {
    row.fill(0);
    for (let k = 0; k < K; k++) {
      const a = A[i * K + k]!;
      const o = k * N;
      for (let j = 0; j < N; j++) row[j]! += a * B[o + j]!;
    }
    C.set(row, i * N);
  }
  return C;
}

/** Exact integer reference: Σ_k A[i,k]·B[k,j] (u8 × s8; |sum| ≤ K·255·128 < 2^31 for K ≤ 65,000). */
export function referenceInt(A: Uint8Array, B: Int8Array, M: number, K: number, N: number): Int32Array {
  const C = new Int32Array(M * N);
  const row = new Int32Array(N);
  for (let i = 0; i < M; i++) {
    row.fill(0);
    for (let k = 0; k < K; k++) {
      const a = A[i * K + k]!;
      const o = k * N;
      for (let j = 0; j < N; j++) row[j]! += a * B[o + j]!;
    }
    C.set(row, i * N);
  }
  return C;
}

/**
 * What x86 without VNNI computes for relaxed_dot when the "i7" operand holds full-range u8: V8 lowers it
 * to pmaddubsw (that operand unsigned, the other signed; adjacent pairs summed with i16 saturation),
 * then pmaddwd by ones and an i32 add. So: Σ over k pairs of sat16(A[2p]·B[2p] + A[2p+1]·B[2p+1]).
 */
export function referencePmaddubsw(A: Uint8Array, B: Int8Array, M: number, K: number, N: number): Int32Array {
  const C = new Int32Array(M * N);
  const row = new Int32Array(N);
  for (let i = 0; i < M; i++) {
    row.fill(0);
    for (let k = 0; k < K; k += 2) {
      const a0 = A[i * K + k]!;
      const a1 = A[i * K + k + 1]!;
      const o = k * N;
      for (let j = 0; j < N; j++) row[j]! += Math.max(-32768, Math.min(32767, a0 * B[o + j]! + a1 * B[o + N + j]!));
    }
    C.set(row, i * N);
  }
  return C;
}

export function relativeError(C: Float32Array, ref: Float64Array): number {
  let d = 0;
  let m = 0;
  for (let i = 0; i < ref.length; i++) {
    d = Math.max(d, Math.abs(C[i]! - ref[i]!));
    m = Math.max(m, Math.abs(ref[i]!));
  }
  return d / m;
}

/** How many outputs differ from the exact reference, and by how much at most. */
export function mismatches(C: Int32Array, ref: Int32Array): { count: number; maxAbs: number } {
  let count = 0;
  let maxAbs = 0;
  for (let i = 0; i < ref.length; i++) {
    if (C[i] !== ref[i]) {
      count++;
      maxAbs = Math.max(maxAbs, Math.abs(C[i]! - ref[i]!));
    }
  }
  return { count, maxAbs };
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The module's `macro` on `memory` (a wrapper: the export is typed only as a Function; ~30 calls a GEMM). */
export function instantiateMacro(module: WebAssembly.Module, memory: WebAssembly.Memory): MacroFn {
  const exported = new WebAssembly.Instance(module, { env: { mem: memory } }).exports['macro'];
  if (typeof exported !== 'function') throw new Error('the GEMM module exports no function `macro`');
  return (...args) => void exported(...args);
}
