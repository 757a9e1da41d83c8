// The bench's side of the GEMM (runs in the page): where A, packed B and C sit in the one shared
// memory, the K block, and the references every result is checked against. Packing and the
// blocking loops are app/wasm/gemm-run.ts (the library's), the kernels app/wasm/gemm-kernels.ts.
import { variantLayout, type Variant } from '../../app/wasm/gemm-kernels.ts';
import { PAGE_BYTES, type GemmPlan } from '../../app/wasm/gemm-run.ts';

export const MAX_PAGES = 16384; // 1 GiB
/** fp32 results: max|C − Cref| / max|Cref| below this, Cref the float64 triple loop. int8: exact. */
export const F32_TOLERANCE = 1e-5;

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

// max|C − ref| / max|ref|, as app/wasm checks its Linears.
export { relativeError } from '../../app/wasm/linear-reference.ts';

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

export { median } from '../../scripts/lib/stats.ts';
