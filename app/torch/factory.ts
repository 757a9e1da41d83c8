/** Tensor factories: torch.tensor, zeros, ones, full, empty, eye, rand, randn, fromStorage (arange/linspace: factory-range.ts, *_like: factory-like.ts). */
import { type DType, type DTypeName, type StorageMap, bool, float32, float64, int64, toDType, DEFAULT_FLOAT_DTYPE } from './dtype.ts';
import { Tensor, type NestedList } from './tensor.ts';
import { castStorage } from './convert.ts';
import { parseSizes, shapeNumel } from './shape.ts';
import { normalValues, uniformValues } from './random.ts';
import { defaultGenerator, Generator as GeneratorClass, type Generator } from './generator.ts';
import { checkOptions, isOptions } from './args.ts';
import { storeFloatResults } from './operands.ts';
import { numberToBf16Bits, numberToF16Bits } from './half.ts';
import { factoryDType, trailingOptions } from './factory-options.ts';
import type { Options } from './args.ts';

export interface DTypeOption {
  readonly dtype?: DType | undefined;
}

type SizeArg = number | readonly number[];
/** Trailing `{ dtype }` accepted after the sizes, as Python's keyword argument. */
type SizesWithOptions = readonly (SizeArg | DTypeOption | Options)[];

function splitOptions(args: SizesWithOptions): { sizes: SizeArg[]; dtype: DType | undefined } {
  const last = args[args.length - 1];
  if (last !== undefined && typeof last === 'object' && !Array.isArray(last)) {
    const options = last as DTypeOption;
    return { sizes: args.slice(0, -1) as SizeArg[], dtype: options.dtype === undefined ? undefined : toDType(options.dtype) };
  }
  return { sizes: args as SizeArg[], dtype: undefined };
}

/** Wraps existing storage without copying (for kernels that produce typed arrays). */
export function fromStorage<K extends DTypeName>(data: StorageMap[K], shape: readonly number[], dtype: DType<K>): Tensor<K> {
  return new Tensor(data, shape, dtype);
}

/**
 * torch.tensor(data, { dtype }). JS cannot tell `3` from `3.0`, so numbers default to float32
 * (like Python's torch.tensor(3.0)); use bigints (3n) or `{ dtype: torch.int64 }` for integers.
 * Values are stored as float64 first and then cast, which matches PyTorch's double -> dtype path.
 */
export function tensor(data: NestedList | Tensor | ArrayLike<number>, options: DTypeOption = {}): Tensor {
  checkOptions('torch.tensor', { ...options }, ['dtype'], ['device', 'requires_grad', 'pin_memory']);
  const requested = options.dtype === undefined ? undefined : toDType(options.dtype);
  if (data instanceof Tensor) return requested ? data.to(requested).clone() : data.clone();
  const flat: (number | bigint)[] = [];
  const shape: number[] = [];
  const kinds = new Set<string>();
  collect(isTypedArray(data) ? Array.from(data) : (data as NestedList), 0, shape, flat, kinds);
  const allBig = flat.length > 0 && flat.every((v) => typeof v === 'bigint');
  const allBool = flat.length > 0 && kinds.size === 1 && kinds.has('boolean');
  const dtype = requested ?? (allBool ? bool : allBig ? int64 : DEFAULT_FLOAT_DTYPE);
  if (dtype.isQuantized) throw new TypeError(`torch.tensor() cannot create ${dtype} tensors; use torch.quantize_per_tensor`);
  if (flat.some((v) => typeof v === 'bigint') && !dtype.isFloat) {
    const exact = BigInt64Array.from(flat, (v) => (typeof v === 'bigint' ? BigInt.asIntN(64, v) : BigInt(Math.trunc(v))));
    return new Tensor(castStorage(exact, int64, dtype), shape, dtype);
  }
  const doubles = Float64Array.from(flat, Number);
  if (dtype.name === 'float16' || dtype.name === 'bfloat16') {
    // Python floats are stored one by one through the scalar c10 conversion (NaN -> 0x7FC0 in bf16)
    const encode = dtype.name === 'float16' ? numberToF16Bits : numberToBf16Bits;
    return new Tensor(Uint16Array.from(doubles, encode), shape, dtype);
  }
  return new Tensor(castStorage(doubles, float64, dtype), shape, dtype);
}

function isTypedArray(value: unknown): value is ArrayLike<number> {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

function collect(value: NestedList, depth: number, shape: number[], out: (number | bigint)[], kinds: Set<string>): void {
  if (Array.isArray(value)) {
    if (shape.length === depth) shape.push(value.length);
    else if (shape[depth] !== value.length || shape.length === depth) {
      throw new RangeError(`expected sequence of length ${shape[depth]} at dim ${depth} (got ${value.length})`);
    }
    for (const item of value as readonly NestedList[]) collect(item, depth + 1, shape, out, kinds);
    return;
  }
  if (depth < shape.length) {
    throw new RangeError(`expected sequence of length ${shape[depth]} at dim ${depth} (got a scalar)`);
  }
  kinds.add(typeof value);
  if (typeof value === 'boolean') out.push(value ? 1 : 0);
  else if (typeof value === 'number' || typeof value === 'bigint') out.push(value);
  else throw new TypeError(`Could not infer dtype of ${value === null ? 'None' : typeof value}`);
}

/**
 * torch.full(size, fill_value, { dtype, … }). Without dtype: bigint → int64, boolean → bool,
 * number → float32 (JS cannot tell `3` from `3.0`; PyTorch gives int64 for the Python int 3, so
 * write `3n` or pass the dtype).
 */
export function full(sizes: SizeArg, fillValue: number | bigint | boolean, options: Options = {}): Tensor {
  const requested = factoryDType('torch.full', options);
  const shape = parseSizes([sizes], 'full');
  if (typeof fillValue !== 'number' && typeof fillValue !== 'bigint' && typeof fillValue !== 'boolean') {
    throw new TypeError(`full(): argument 'fill_value' must be Number, not ${typeof fillValue}`);
  }
  const dtype = requested ?? (typeof fillValue === 'bigint' ? int64 : typeof fillValue === 'boolean' ? bool : float32);
  checkFillFits(fillValue, dtype);
  return filled(shape, fillValue, dtype);
}

const C_TYPES: Partial<Record<string, string>> = { uint8: 'uint8_t', int8: 'int8_t', int16: 'int16_t', int32: 'int', int64: 'int64_t' };

/** c10's checked_convert: an integer fill value outside the dtype's range is an error, not a wrap. */
export function checkFillFits(fillValue: number | bigint | boolean, dtype: DType): void {
  const cType = C_TYPES[dtype.name];
  if (cType === undefined || typeof fillValue === 'boolean') return;
  const bits = BigInt(dtype.bits);
  const lo = dtype.isSigned ? -(1n << (bits - 1n)) : 0n;
  const hi = dtype.isSigned ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
  const value = typeof fillValue === 'bigint' ? fillValue : fillValue;
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new RangeError(`value cannot be converted to type ${cType} without overflow`);
  const whole = typeof value === 'bigint' ? value : BigInt(Math.trunc(value));
  if (whole < lo || whole > hi) throw new RangeError(`value cannot be converted to type ${cType} without overflow`);
}

/** New storage of `shape` with every element `fillValue` cast to `dtype` (as torch.tensor casts). */
export function filled(shape: readonly number[], fillValue: number | bigint | boolean, dtype: DType): Tensor {
  if (dtype.isQuantized) throw new TypeError(`cannot create ${dtype} tensors with a factory; use torch.quantize_per_tensor`);
  const single = tensor([fillValue], { dtype });
  const data = dtype.allocate(shapeNumel(shape));
  (data as { fill(v: number | bigint): unknown }).fill(single.data[0]!);
  return new Tensor(data, shape, dtype);
}

function sizesAndDType(call: string, args: SizesWithOptions): { shape: number[]; dtype: DType } {
  const { positional, options } = trailingOptions(args);
  const dtype = factoryDType(`torch.${call}`, options) ?? float32;
  return { shape: parseSizes(positional as SizeArg[], call), dtype };
}

export function zeros(...args: SizesWithOptions): Tensor {
  const { shape, dtype } = sizesAndDType('zeros', args);
  return filled(shape, 0, dtype);
}

export function ones(...args: SizesWithOptions): Tensor {
  const { shape, dtype } = sizesAndDType('ones', args);
  return filled(shape, 1, dtype);
}

/** torch.empty: PyTorch leaves the contents undefined; here they are always zeros. */
export function empty(...args: SizesWithOptions): Tensor {
  const { shape, dtype } = sizesAndDType('empty', args);
  return filled(shape, 0, dtype);
}

/** torch.eye(n, m = n, { dtype, … }) */
export function eye(n: number, m?: number | Options, options: Options = {}): Tensor {
  const keywords = typeof m === 'object' ? m : options;
  const dtype = factoryDType('torch.eye', keywords) ?? float32;
  const rows = n;
  const cols = typeof m === 'number' ? m : n;
  for (const [name, value] of [
    ['n', rows],
    ['m', cols],
  ] as const) {
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw new TypeError(`eye(): argument '${name}' must be int, not ${typeof value}`);
    if (value < 0) throw new RangeError(`${name} must be greater or equal to 0, got ${value}`);
  }
  const diagonal = Int32Array.from({ length: Math.min(rows, cols) }, (_, i) => i * cols + i);
  const ones = filled([rows * cols], 1, dtype);
  const out = filled([rows, cols], 0, dtype);
  return new Tensor(scatterInto(out.data, ones.data, diagonal), [rows, cols], dtype);
}

/** `target[index[i]] = source[index[i]]` (same storage class), in place; returns `target`. */
function scatterInto<S extends Tensor['data']>(target: S, source: Tensor['data'], index: Int32Array): S {
  if (target instanceof BigInt64Array && source instanceof BigInt64Array) for (const i of index) target[i] = source[i]!;
  else if (!(target instanceof BigInt64Array) && !(source instanceof BigInt64Array)) for (const i of index) target[i] = source[i]!;
  return target;
}

function floatDType(dtype: DType | undefined, fnName: string): DType {
  const resolved = dtype ?? float32;
  if (!resolved.isFloat) throw new TypeError(`"${fnName}" not implemented for '${resolved.cppName}'`);
  return resolved;
}

/** Keywords of torch.rand/randn: dtype and generator are done; the rest are refused, never ignored. */
const RANDOM_REFUSED = ['out', 'layout', 'device', 'requires_grad', 'pin_memory', 'names'];

function randomOptions(call: string, args: SizesWithOptions): { sizes: SizeArg[]; dtype: DType | undefined; generator: Generator } {
  const last = args[args.length - 1];
  const options = last !== undefined && isOptions(last) ? last : {};
  checkOptions(call, options, ['dtype', 'generator'], RANDOM_REFUSED);
  const generator: unknown = options.generator ?? defaultGenerator;
  if (!(generator instanceof GeneratorClass)) throw new TypeError(`${call}(): argument 'generator' must be torch.Generator`);
  return { ...splitOptions(args), generator };
}

export function rand(...args: SizesWithOptions): Tensor {
  const { sizes, dtype, generator } = randomOptions('torch.rand', args);
  const shape = parseSizes(sizes, 'rand');
  const type = floatDType(dtype, 'check_uniform_bounds');
  return new Tensor(storeFloatResults(uniformValues(shapeNumel(shape), type, generator), type), shape, type);
}

export function randn(...args: SizesWithOptions): Tensor {
  const { sizes, dtype, generator } = randomOptions('torch.randn', args);
  const shape = parseSizes(sizes, 'randn');
  const type = floatDType(dtype, 'normal_kernel_cpu');
  return new Tensor(storeFloatResults(normalValues(shapeNumel(shape), type, generator), type), shape, type);
}

/** torch.manual_seed: reseeds the global generator and returns it. */
export function manual_seed(seed: number | bigint, ...rest: readonly never[]): Generator {
  if (rest.length > 0) throw new TypeError(`torch.manual_seed() takes 1 argument (${1 + rest.length} given)`);
  if (typeof seed !== 'number' && typeof seed !== 'bigint')
    throw new TypeError(`torch.manual_seed(): seed must be an int, got ${typeof seed}`);
  return defaultGenerator.manual_seed(seed);
}

export function initial_seed(...rest: readonly never[]): bigint {
  if (rest.length > 0) throw new TypeError('torch.initial_seed() takes no arguments');
  return defaultGenerator.initial_seed();
}
