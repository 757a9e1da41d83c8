/**
 * torch.sum's floating-point summation order: PyTorch 1.13's `cascade_sum`
 * (aten/src/ATen/native/cpu/SumKernel.cpp) for a contiguous whole-tensor reduction with the
 * AVX2 kernels (what torch 1.13 dispatched to on the goldens' machine, even though it has
 * AVX-512), single-threaded (torch splits reductions over 32768 elements across threads). Matching the order matters because
 * float32 sums of a few hundred values already differ in the printed digits otherwise.
 *
 * Lanes are independent in the SIMD code, so each lane is summed as its own scalar sequence.
 */
import type { DType } from './dtype.ts';

type Round = (x: number) => number;

/** c10::CeilLog2 */
function ceilLog2(x: number): number {
  return x <= 2 ? 1 : (x - 1).toString(2).length;
}

/** multi_row_sum with 4 rows: get(i, k) is element k of group i. */
export function multiRowSum(get: (i: number, k: number) => number, size: number, round: Round): number[] {
  const levels = 4;
  const levelPower = Math.max(4, Math.floor(ceilLog2(size) / levels));
  const levelStep = 2 ** levelPower;
  const levelMask = levelStep - 1;
  const acc = Array.from({ length: levels }, () => [0, 0, 0, 0]);
  let i = 0;
  while (i + levelStep <= size) {
    for (let j = 0; j < levelStep; j++, i++) {
      for (let k = 0; k < 4; k++) acc[0]![k] = round(acc[0]![k]! + get(i, k));
    }
    for (let j = 1; j < levels; j++) {
      for (let k = 0; k < 4; k++) {
        acc[j]![k] = round(acc[j]![k]! + acc[j - 1]![k]!);
        acc[j - 1]![k] = 0;
      }
      // i < 2^31 for any tensor we can hold, so 32-bit bit operations are exact here
      if ((i & (levelMask * 2 ** (j * levelPower))) !== 0) break;
    }
  }
  for (; i < size; i++) {
    for (let k = 0; k < 4; k++) acc[0]![k] = round(acc[0]![k]! + get(i, k));
  }
  for (let j = 1; j < levels; j++) {
    for (let k = 0; k < 4; k++) acc[0]![k] = round(acc[0]![k]! + acc[j]![k]!);
  }
  return acc[0]!;
}

/** row_sum: 4 interleaved partial sums, leftovers into the first, then combined in order. */
export function rowSum(get: (i: number) => number, size: number, round: Round): number {
  const sizeIlp = Math.floor(size / 4);
  const partial = multiRowSum((i, k) => get(i * 4 + k), sizeIlp, round);
  for (let i = sizeIlp * 4; i < size; i++) partial[0] = round(partial[0]! + get(i));
  for (let k = 1; k < 4; k++) partial[0] = round(partial[0]! + partial[k]!);
  return partial[0]!;
}

export interface Layout {
  /** Vectorized<scalar_t>::size() with AVX2 */
  readonly vecLanes: number;
  /** Vectorized<acc_t>::size() */
  readonly accLanes: number;
  /** acc lane `lane` of vector `v` */
  readonly load: (x: Float64Array, v: number, lane: number, round: Round) => number;
}

const LAYOUTS: Readonly<Record<string, Layout>> = {
  float32: { vecLanes: 8, accLanes: 8, load: (x, v, l) => x[v * 8 + l]! },
  float64: { vecLanes: 4, accLanes: 4, load: (x, v, l) => x[v * 4 + l]! },
  // load_reduce_vec folds neighbouring halves: lane i = (0 + v[2i]) + v[2i+1]
  float16: { vecLanes: 16, accLanes: 8, load: (x, v, l, r) => r(r(x[v * 16 + 2 * l]!) + x[v * 16 + 2 * l + 1]!) },
  // load_fp32_from_bf16 splits into two float vectors: lane i = v[i] + v[i+8]
  bfloat16: { vecLanes: 16, accLanes: 8, load: (x, v, l, r) => r(x[v * 16 + l]! + x[v * 16 + l + 8]!) },
};

/** The AVX2 vector layout torch's sum kernel uses for a float dtype. */
export function sumLayout(dtype: DType): Layout {
  const layout = LAYOUTS[dtype.name];
  if (!layout) throw new TypeError(`cascadeSum expects a floating dtype, got ${dtype}`);
  return layout;
}

/** torch.sum of a float tensor's values, in the accumulation type (result not yet rounded to dtype). */
export function cascadeSum(values: Float64Array, dtype: DType): number {
  const layout = sumLayout(dtype);
  const round: Round = dtype.name === 'float64' ? (x) => x : Math.fround;
  const n = values.length;
  if (n < layout.vecLanes) return rowSum((i) => values[i]!, n, round);
  const vectors = Math.floor(n / layout.vecLanes);
  let total = 0;
  for (let k = vectors * layout.vecLanes; k < n; k++) total = round(total + values[k]!);
  for (let lane = 0; lane < layout.accLanes; lane++) {
    total = round(total + rowSum((v) => layout.load(values, v, lane, round), vectors, round));
  }
  return total;
}
