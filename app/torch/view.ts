/** Indexing and reshaping of contiguous tensors. */
import type { DTypeName } from './dtype.ts';
import { Tensor } from './tensor.ts';
import { shapeNumel } from './shape.ts';

function rowSize(t: Tensor): number {
  return shapeNumel(t.shape.slice(1));
}

/** Python's `t[start:end]` on dim 0; shares storage like a PyTorch view. */
export function sliceFirstDim<K extends DTypeName>(t: Tensor<K>, start?: number, end?: number): Tensor<K> {
  if (t.shape.length === 0) throw new RangeError('slice() cannot be applied to a 0-dim tensor.');
  const length = t.shape[0]!;
  const clampIndex = (i: number): number => Math.min(Math.max(i < 0 ? i + length : i, 0), length);
  for (const bound of [start, end]) {
    if (bound !== undefined && !Number.isInteger(bound)) {
      throw new TypeError(`slice indices must be integers or None, got ${bound}`);
    }
  }
  const from = start === undefined ? 0 : clampIndex(start);
  const to = Math.max(from, end === undefined ? length : clampIndex(end));
  const row = rowSize(t);
  const data = t.data.subarray(from * row, to * row) as Tensor<K>['data'];
  return new Tensor(data, [to - from, ...t.shape.slice(1)], t.dtype);
}
