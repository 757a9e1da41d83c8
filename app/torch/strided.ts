/**
 * Tensors here are contiguous row-major storage without strides (see tensor.ts). Every view op
 * PyTorch has (transpose, permute, expand, select, narrow, diagonal, slicing) is described here
 * as PyTorch describes it — sizes, strides and an offset into the input's storage — and then
 * materialized: when the view is one contiguous block of the input's storage the result shares
 * it (a `subarray`, so writes through `.data` are visible in both, as with PyTorch views);
 * otherwise the elements are gathered into new storage (a copy).
 */
import type { DType, DTypeName, Storage, StorageMap } from './dtype.ts';
import { Tensor } from './tensor.ts';
import { shapeNumel } from './shape.ts';

type NumberStorage = Exclude<Storage, BigInt64Array>;

export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis]!;
  }
  return strides;
}

/** Flat source index of every element of a strided view, in row-major order. */
export function stridedIndex(shape: readonly number[], strides: readonly number[], offset: number): Int32Array {
  const total = shapeNumel(shape);
  const ndim = shape.length;
  const index = new Int32Array(total);
  if (total === 0) return index;
  const counter = new Array<number>(ndim).fill(0);
  let source = offset;
  for (let i = 0; i < total; i++) {
    index[i] = source;
    for (let axis = ndim - 1; axis >= 0; axis--) {
      counter[axis]! += 1;
      source += strides[axis]!;
      if (counter[axis]! < shape[axis]!) break;
      source -= strides[axis]! * counter[axis]!;
      counter[axis] = 0;
    }
  }
  return index;
}

/** New storage holding `data[index[i]]` (raw storage words, so every dtype is exact). */
export function gatherStorage<K extends DTypeName>(data: Storage, dtype: DType<K>, index: Int32Array): StorageMap[K] {
  const out = dtype.allocate(index.length);
  if (data instanceof BigInt64Array && out instanceof BigInt64Array) {
    for (let i = 0; i < index.length; i++) out[i] = data[index[i]!]!;
  } else if (!(data instanceof BigInt64Array) && !(out instanceof BigInt64Array)) {
    const src: NumberStorage = data;
    const dst: NumberStorage = out;
    for (let i = 0; i < index.length; i++) dst[i] = src[index[i]!]!;
  } else {
    throw new TypeError(`storage of ${data.constructor.name} does not hold ${dtype}`);
  }
  return out;
}

/** The storages one after another in new storage of `dtype`. */
export function concatStorage<K extends DTypeName>(parts: readonly Storage[], dtype: DType<K>): StorageMap[K] {
  const out = dtype.allocate(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    if (out instanceof BigInt64Array && part instanceof BigInt64Array) out.set(part, offset);
    else if (!(out instanceof BigInt64Array) && !(part instanceof BigInt64Array)) out.set(part, offset);
    else throw new TypeError(`storage of ${part.constructor.name} does not hold ${dtype}`);
    offset += part.length;
  }
  return out;
}

function isContiguous(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    if (shape[axis] !== 1 && strides[axis] !== expected) return false;
    expected *= shape[axis]!;
  }
  return true;
}

/** Materializes the view (sizes, strides, offset) of `t`'s storage; shares storage when contiguous. */
export function stridedView<K extends DTypeName>(
  t: Tensor<K>,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
): Tensor<K> {
  const n = shapeNumel(shape);
  if (isContiguous(shape, strides)) {
    return new Tensor(t.data.subarray(offset, offset + n) as StorageMap[K], shape, t.dtype);
  }
  return new Tensor(gatherStorage(t.data, t.dtype, stridedIndex(shape, strides, offset)), shape, t.dtype);
}

/** A PyTorch view: sizes, strides and offset, in elements of the viewed storage. */
export interface Layout {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

/**
 * The strides PyTorch itself would give a tensor, for those whose PyTorch layout is not
 * row-major contiguous (results of transpose, expand, select, …). Only `view()` and
 * `is_contiguous()`/`stride()` depend on it: PyTorch's `view` refuses a shape its strides
 * cannot express, and so must ours, although our storage is always contiguous.
 */
const torchStrides = new WeakMap<Tensor, readonly number[]>();

export function torchLayout(t: Tensor): Layout {
  return { shape: t.shape, strides: torchStrides.get(t) ?? contiguousStrides(t.shape), offset: 0 };
}

export function isTorchContiguous(t: Tensor): boolean {
  const strides = torchStrides.get(t);
  return strides === undefined || isContiguous(t.shape, strides);
}

/** Records the strides PyTorch gives `t` (nothing to record when they are the row-major ones). */
export function setTorchStrides(t: Tensor, strides: readonly number[]): void {
  const rowMajor = contiguousStrides(t.shape);
  if (strides.some((s, i) => s !== rowMajor[i])) torchStrides.set(t, Object.freeze([...strides]));
}

/**
 * Applies a view transform to `t`: once to our contiguous layout (which elements the result
 * holds) and once to PyTorch's layout of `t` (which strides PyTorch would report).
 */
export function viewOf<K extends DTypeName>(t: Tensor<K>, transform: (layout: Layout) => Layout): Tensor<K> {
  const ours = transform({ shape: t.shape, strides: contiguousStrides(t.shape), offset: 0 });
  const out = stridedView(t, ours.shape, ours.strides, ours.offset);
  setTorchStrides(out, transform(torchLayout(t)).strides);
  return out;
}
