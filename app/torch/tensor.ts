/**
 * Tensor: a contiguous, row-major typed array plus shape and dtype. No strides: a view whose
 * elements are one contiguous block of the input's storage is a zero-copy `subarray`, anything
 * else copies (strided.ts). That keeps every kernel a plain loop over `data`, which is what the
 * quant engineer's kernels rely on. Element-wise and shape methods are installed on the
 * prototype by tensor-math-methods.ts and tensor-shape-methods.ts (imported by index.ts).
 */
import { DType, type DTypeName, type StorageMap, type Storage, toDType, float32, float64, float16, bfloat16 } from './dtype.ts';
import { castStorage, readElement, toFloat64Array } from './convert.ts';
import { shapeNumel, checkShape, describeShape } from './shape.ts';
import { formatTensor } from './repr.ts';
import * as ops from './ops.ts';

export type Element = number | bigint;
/** A Python scalar as `item()` returns it: bool tensors give booleans, int64 bigints. */
export type PyScalar = Element | boolean;
/** What `tolist()` returns and `torch.tensor()` accepts: nested arrays of numbers/bigints/booleans. */
export type NestedList = Element | boolean | readonly NestedList[];
export type Operand = Tensor | number | bigint | boolean;

export class Tensor<K extends DTypeName = DTypeName> {
  readonly shape: readonly number[];

  /**
   * Wraps `data` without copying. `data` must be the typed array class of `dtype`
   * (see StorageMap) with exactly `shape` product elements.
   */
  constructor(
    readonly data: StorageMap[K],
    shape: readonly number[],
    readonly dtype: DType<K>,
  ) {
    checkShape(shape);
    const expected = dtype.allocate(0);
    if (Object.getPrototypeOf(data) !== Object.getPrototypeOf(expected)) {
      throw new TypeError(`${dtype} tensors are stored in ${expected.constructor.name}, got ${data.constructor.name}`);
    }
    if (data.length !== shapeNumel(shape)) {
      throw new RangeError(`storage of ${data.length} elements does not match shape ${describeShape(shape)} (${shapeNumel(shape)} elements)`);
    }
    this.shape = Object.freeze([...shape]);
  }

  numel(): number {
    return this.data.length;
  }

  element_size(): number {
    return this.dtype.itemsize;
  }

  dim(): number {
    return this.shape.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  size(dim?: number): number | readonly number[] {
    if (dim === undefined) return this.shape;
    return this.shape[normalizeDim(dim, this.shape.length)]!;
  }

  /** Python scalar of a one-element tensor: number, bigint for int64 (exact), boolean for bool. */
  item(): PyScalar {
    if (this.numel() !== 1) {
      throw new RangeError('only one element tensors can be converted to Python scalars');
    }
    return this.dtype.isBool ? this.data[0] !== 0 : readElement(this.data, this.dtype, 0);
  }

  /** Element `i` of the flat storage, decoded (float16/bfloat16 bits become numbers). */
  flatItem(i: number): Element {
    return readElement(this.data, this.dtype, i);
  }

  /** All elements as float64 (int64 beyond 2^53 loses precision; use `data` for exact values). */
  toFloat64(): Float64Array {
    return toFloat64Array(this.data, this.dtype);
  }

  tolist(): NestedList {
    const flat: PyScalar[] = [];
    for (let i = 0; i < this.numel(); i++) flat.push(this.dtype.isBool ? this.data[i] !== 0 : this.flatItem(i));
    return nest(flat, this.shape, 0, 0);
  }

  /** `t.to(torch.bfloat16)` or `t.to({ dtype: torch.bfloat16 })`; returns `this` when nothing changes, like PyTorch. */
  to<T extends DTypeName>(target: DType<T> | { readonly dtype: DType<T> }): Tensor<T> {
    const requested: unknown = target instanceof DType ? target : target.dtype;
    const dtype = toDType(requested) as DType<T>; // toDType validated it; the generic is the caller's claim
    return new Tensor(castStorage(this.data, this.dtype, dtype), this.shape, dtype);
  }

  float(): Tensor<'float32'> { return this.to(float32); }
  double(): Tensor<'float64'> { return this.to(float64); }
  half(): Tensor<'float16'> { return this.to(float16); }
  bfloat16(): Tensor<'bfloat16'> { return this.to(bfloat16); }

  /** Python's `t[start:end]` on the first dimension: a view sharing storage. */
  slice(start?: number | null, end?: number | null): Tensor<K> {
    return ops.sliceFirstDim(this, start ?? undefined, end ?? undefined);
  }

  clone(): Tensor<K> {
    return new Tensor(this.data.slice() as StorageMap[K], this.shape, this.dtype);
  }

  /** `t.max()` reduces to a 0-dim tensor; `t.max(other)` is the element-wise maximum. */
  max(other?: Operand): Tensor { return other === undefined ? ops.amax(this) : ops.maximum(this, other); }
  min(other?: Operand): Tensor { return other === undefined ? ops.amin(this) : ops.minimum(this, other); }
  sum(): Tensor { return ops.sum(this); }
  mean(): Tensor { return ops.mean(this); }
  dot(other: Tensor): Tensor { return ops.dot(this, other); }

  toString(): string {
    return formatTensor(this);
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

export type { Storage };

export function normalizeDim(dim: number, ndim: number): number {
  const range = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -range || dim >= range) {
    throw new RangeError(`Dimension out of range (expected to be in range of [${-range}, ${range - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + range : dim;
}

function nest(flat: readonly PyScalar[], shape: readonly number[], axis: number, offset: number): NestedList {
  if (axis === shape.length) return flat[offset]!;
  const size = shape[axis]!;
  const stride = shapeNumel(shape.slice(axis + 1));
  const out: NestedList[] = [];
  for (let i = 0; i < size; i++) out.push(nest(flat, shape, axis + 1, offset + i * stride));
  return out;
}
