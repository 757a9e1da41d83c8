/** Indexing and reshaping of contiguous tensors. */
import type { DTypeName } from './dtype.ts';
import { Tensor } from './tensor.ts';
import { describeShape, shapeNumel } from './shape.ts';

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

/** Python's `t[i]`: drops the first dimension; shares storage. */
export function selectFirstDim<K extends DTypeName>(t: Tensor<K>, index: number): Tensor<K> {
  if (t.shape.length === 0) throw new RangeError('invalid index of a 0-dim tensor. Use `tensor.item()` to convert a 0-dim tensor to a number');
  const length = t.shape[0]!;
  if (!Number.isInteger(index) || index < -length || index >= length) {
    throw new RangeError(`index ${index} is out of bounds for dimension 0 with size ${length}`);
  }
  const i = index < 0 ? index + length : index;
  const row = rowSize(t);
  return new Tensor(t.data.subarray(i * row, (i + 1) * row) as Tensor<K>['data'], t.shape.slice(1), t.dtype);
}

export function reshape<K extends DTypeName>(t: Tensor<K>, args: readonly (number | readonly number[])[]): Tensor<K> {
  const first = args[0];
  const requested: number[] = args.length === 1 && Array.isArray(first) ? [...first] : (args as number[]);
  const inferred = requested.indexOf(-1);
  if (inferred !== requested.lastIndexOf(-1)) throw new RangeError('only one dimension can be inferred');
  const known = requested.reduce((p, s) => (s === -1 ? p : p * s), 1);
  const shape = [...requested];
  if (inferred >= 0 && known !== 0 && t.numel() % known === 0) shape[inferred] = t.numel() / known;
  if (shape.some((s) => !Number.isInteger(s) || s < 0) || shapeNumel(shape) !== t.numel()) {
    throw new RangeError(`shape '${describeShape(requested)}' is invalid for input of size ${t.numel()}`);
  }
  return new Tensor(t.data, shape, t.dtype);
}
