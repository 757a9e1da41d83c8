/**
 * torch.sum over any dims of a float tensor, in PyTorch 1.13's order (`cascade_sum` in
 * aten/src/ATen/native/cpu/SumKernel.cpp, AVX2 kernels, one thread). Per 2-D loop of the
 * reduction plan (reduce-plan.ts) it picks the same branch torch picks:
 *   - reduced dim innermost and contiguous, ≥ one vector long → `vectorized_inner_sum`
 *     (lane partial sums, the tail first; what summation.ts's cascadeSum does for a whole tensor);
 *   - kept dim innermost and contiguous, ≥ one vector wide → `vectorized_outer_sum`: columns in
 *     blocks of 4 vectors each take one multi-level cascade, the next ones a 4-way `row_sum`;
 *   - otherwise `scalar_inner_sum` (row_sum per row) or `scalar_outer_sum` (groups of 4 columns).
 * Every partial result is added into the output in the tensor's dtype (`CastStoreAccumulate`:
 * `*out += acc`), so a sum over several non-adjacent dims rounds to float16 between rows.
 */
import type { DType } from './dtype.ts';
import { roundToBf16, roundToF16 } from './half.ts';
import { forEachOuter, loop2dOf, type ReducePlan } from './reduce-plan.ts';
import { multiRowSum, rowSum, sumLayout } from './summation.ts';

type Round = (x: number) => number;

const identity: Round = (x) => x;

/**
 * `*out += value` in the output dtype. For float16/bfloat16 c10 has only `Half += Half`, so the
 * float partial sum is narrowed first, then added (in float) and narrowed again.
 */
function storeAdd(dtype: DType): (out: number, value: number) => number {
  switch (dtype.name) {
    case 'float64':
      return (out, value) => out + value;
    case 'float32':
      return (out, value) => Math.fround(out + value);
    case 'float16':
      return (out, value) => roundToF16(Math.fround(out + roundToF16(value)));
    case 'bfloat16':
      return (out, value) => roundToBf16(Math.fround(out + roundToBf16(value)));
    case 'bool':
    case 'uint8':
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
    case 'qint8':
    case 'quint8':
      throw new TypeError(`float sum kernel got ${dtype}`);
  }
}

/** Sums of `values` (decoded elements of a contiguous tensor) into plan.outNumel outputs. */
export function floatSum(values: Float64Array, dtype: DType, plan: ReducePlan): Float64Array {
  const out = new Float64Array(plan.outNumel);
  if (plan.inNumel === 0) return out;
  const layout = sumLayout(dtype);
  const round: Round = dtype.name === 'float64' ? identity : Math.fround;
  const storeInto = storeAdd(dtype);
  const add = (index: number, value: number): void => {
    out[index] = storeInto(out[index]!, value);
  };
  let { size0, size1, inStride0, inStride1, outStride0, outStride1 } = loop2dOf(plan);
  // "Move reduction to be the 1st dim"
  if (outStride0 !== 0 && outStride1 === 0) {
    [size0, size1] = [size1, size0];
    [inStride0, inStride1] = [inStride1, inStride0];
    [outStride0, outStride1] = [outStride1, outStride0];
  }
  forEachOuter(plan, (inBase, outBase) => {
    if (outStride0 !== 0 && outStride1 !== 0) {
      // nothing reduced: out = 0 + x
      for (let j = 0; j < size1; j++) {
        for (let i = 0; i < size0; i++) add(outBase + i * outStride0 + j * outStride1, values[inBase + i * inStride0 + j * inStride1]!);
      }
      return;
    }
    const row = (j: number, stride: number) => (i: number) => values[inBase + j * inStride1 + i * stride]!;
    const store = (j: number, value: number): void => add(outBase + j * outStride1, value);
    if (inStride0 === 1 && size0 >= layout.vecLanes) {
      // vectorized_inner_sum: one row at a time, contiguous
      for (let j = 0; j < size1; j++) {
        const start = inBase + j * inStride1;
        store(j, innerRowSum(values.subarray(start, start + size0), layout.vecLanes, layout.accLanes, layout.load, round));
      }
    } else if (inStride1 === 1 && size1 >= layout.vecLanes) {
      outerSums(values, inBase, inStride0, 1, size0, size1, layout.accLanes * 4, round, store);
    } else if (inStride0 < inStride1) {
      for (let j = 0; j < size1; j++) store(j, rowSum(row(j, inStride0), size0, round));
    } else {
      outerSums(values, inBase, inStride0, inStride1, size0, size1, 4, round, store);
    }
  });
  return out;
}

/** vectorized_inner_sum for one contiguous row: scalar tail into the total first, then each lane's row_sum. */
function innerRowSum(
  rowValues: Float64Array,
  vecLanes: number,
  accLanes: number,
  load: (x: Float64Array, v: number, lane: number, round: Round) => number,
  round: Round,
): number {
  const size = rowValues.length;
  const vectors = Math.floor(size / vecLanes);
  let total = 0;
  for (let k = vectors * vecLanes; k < size; k++) total = round(total + rowValues[k]!);
  for (let lane = 0; lane < accLanes; lane++) {
    total = round(total + rowSum((v) => load(rowValues, v, lane, round), vectors, round));
  }
  return total;
}

/**
 * Columns j (stride `colStride`) of a reduction down dim 0 (stride `rowStride`): the first
 * multiple of `block` columns take multi_row_sum's cascade (4 columns, or 4 vectors, at a time),
 * the rest (vectors and the scalar tail alike) row_sum; lanes are independent, so a vector of
 * columns sums each column in the same order as a scalar column.
 */
function outerSums(
  values: Float64Array,
  base: number,
  rowStride: number,
  colStride: number,
  size0: number,
  size1: number,
  block: number,
  round: Round,
  store: (j: number, value: number) => void,
): void {
  const cascaded = Math.floor(size1 / block) * block;
  for (let j = 0; j < cascaded; j += 4) {
    const sums = multiRowSum((i, k) => values[base + i * rowStride + (j + k) * colStride]!, size0, round);
    for (let k = 0; k < 4; k++) store(j + k, sums[k]!);
  }
  for (let j = cascaded; j < size1; j++)
    store(
      j,
      rowSum((i) => values[base + i * rowStride + j * colStride]!, size0, round),
    );
}
