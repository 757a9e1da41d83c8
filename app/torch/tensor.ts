/**
 * Tensor: a contiguous, row-major typed array plus shape and dtype. No strides: a view whose
 * elements are one contiguous block of the input's storage is a zero-copy `subarray`, anything
 * else copies (strided.ts). That keeps every kernel a plain loop over `data`, which is what the
 * quant engineer's kernels rely on. Element-wise, matrix, reduction and shape methods are
 * installed on the prototype by tensor-math-methods.ts, tensor-reduce-methods.ts and
 * tensor-shape-methods.ts (imported by index.ts, the entry point), like Observable Plot's
 * marks: this class imports no op, so no op module is part of an import cycle with it.
 */
import { DType, DTYPES, type DTypeName, type StorageMap, toDType, float32, float64, float16, bfloat16 } from './dtype.ts';
import { castStorage, readElement, toFloat64Array } from './convert.ts';
import { shapeNumel, checkShape, describeShape } from './shape.ts';
import { formatTensor } from './repr.ts';
import { notSupported } from './errors.ts';
import { noArgs, onlyOptions } from './arity.ts';
import { checkOptions, isOptions } from './args.ts';

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
    if (!ArrayBuffer.isView(data))
      throw notSupported('torch.Tensor(data)', 'building a tensor with torch.Tensor(…) (use torch.tensor(data))');
    checkShape(shape);
    const expected = dtype.allocate(0);
    if (Object.getPrototypeOf(data) !== Object.getPrototypeOf(expected)) {
      throw new TypeError(`${dtype} tensors are stored in ${expected.constructor.name}, got ${data.constructor.name}`);
    }
    if (data.length !== shapeNumel(shape)) {
      throw new RangeError(
        `storage of ${data.length} elements does not match shape ${describeShape(shape)} (${shapeNumel(shape)} elements)`,
      );
    }
    this.shape = Object.freeze([...shape]);
  }

  numel(...args: readonly never[]): number {
    noArgs('torch.Tensor.numel', args);
    return this.data.length;
  }

  element_size(...args: readonly never[]): number {
    noArgs('torch.Tensor.element_size', args);
    return this.dtype.itemsize;
  }

  dim(...args: readonly never[]): number {
    noArgs('torch.Tensor.dim', args);
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
  item(...args: readonly never[]): PyScalar {
    noArgs('torch.Tensor.item', args);
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

  tolist(...args: readonly never[]): NestedList {
    noArgs('torch.Tensor.tolist', args);
    const flat: PyScalar[] = [];
    for (let i = 0; i < this.numel(); i++) flat.push(this.dtype.isBool ? this.data[i] !== 0 : this.flatItem(i));
    return nest(flat, this.shape, 0, 0);
  }

  /**
   * PyTorch's forms: `t.to(dtype)`, `t.to(other)` (other's dtype), `t.to('cpu')`, and keywords
   * `{ dtype, device: 'cpu', copy }`. Returns `this` when nothing changes (unless copy), like PyTorch.
   */
  to<T extends DTypeName>(target: DType<T> | Tensor<T> | 'cpu' | ToOptions<T>, options?: ToOptions<T>): Tensor<T> {
    const call = 'torch.Tensor.to';
    const keywords: ToOptions<T> = isOptions(target) ? target : (options ?? {});
    checkOptions(call, { ...keywords }, ['dtype', 'device', 'copy'], ['non_blocking', 'memory_format']);
    // a string is a device, except a dtype name, which toDType below rejects with a hint
    const device = typeof target === 'string' && !(target in DTYPES) ? target : keywords.device;
    if (device !== undefined && device !== 'cpu') throw notSupported(call, `device '${String(device)}' (everything runs on the CPU here)`);
    const requested: unknown =
      target instanceof DType || (typeof target === 'string' && target in DTYPES)
        ? target
        : target instanceof Tensor
          ? target.dtype
          : (keywords.dtype ?? this.dtype);
    const dtype = toDType(requested) as DType<T>; // toDType validated it; the generic is the caller's claim
    const from: DType = this.dtype;
    const to: DType = dtype;
    const same = from === to && keywords.copy !== true;
    // same dtype: K and T name the same dtype, which TypeScript cannot see
    return same ? (this as unknown as Tensor<T>) : new Tensor(castStorage(this.data, this.dtype, dtype), this.shape, dtype);
  }

  float(...args: readonly ConvertOptions[]): Tensor<'float32'> {
    return convertTo(this, 'float', float32, args);
  }
  double(...args: readonly ConvertOptions[]): Tensor<'float64'> {
    return convertTo(this, 'double', float64, args);
  }
  half(...args: readonly ConvertOptions[]): Tensor<'float16'> {
    return convertTo(this, 'half', float16, args);
  }
  bfloat16(...args: readonly ConvertOptions[]): Tensor<'bfloat16'> {
    return convertTo(this, 'bfloat16', bfloat16, args);
  }

  clone(...args: readonly ConvertOptions[]): Tensor<K> {
    onlyOptions('torch.Tensor.clone', args, [], ['memory_format']);
    return new Tensor(this.data.slice() as StorageMap[K], this.shape, this.dtype);
  }

  // Reductions (sum, mean, max, …) are installed by tensor-reduce-methods.ts; dot by
  // tensor-math-methods.ts and slice by tensor-shape-methods.ts, so this file imports no op
  // (the ops import Tensor: an import back from here would be a cycle).

  toString(): string {
    return formatTensor(this);
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** Keyword arguments of `Tensor.to`. */
export interface ToOptions<T extends DTypeName = DTypeName> {
  readonly dtype?: DType<T>;
  readonly device?: string;
  readonly copy?: boolean;
}

/** `memory_format=` is PyTorch's only keyword for float()/half()/clone(); refused here. */
export type ConvertOptions = Readonly<Record<string, unknown>>;

/** float()/double()/half()/bfloat16(): `to(dtype)` with memory_format= refused. */
function convertTo<T extends DTypeName>(t: Tensor, name: string, dtype: DType<T>, args: readonly unknown[]): Tensor<T> {
  onlyOptions(`torch.Tensor.${name}`, args, [], ['memory_format']);
  return t.to(dtype);
}

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
