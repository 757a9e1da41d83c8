/** Tensor factories: torch.tensor, zeros, ones, full, arange, rand, randn, fromStorage. */
import {
  type DType, type DTypeName, type StorageMap, float32, float64, int64, toDType, DEFAULT_FLOAT_DTYPE,
} from './dtype.ts';
import { Tensor, type NestedList } from './tensor.ts';
import { castStorage } from './convert.ts';
import { parseSizes, shapeNumel } from './shape.ts';
import { normalValues, uniformValues } from './random.ts';
import { defaultGenerator, Generator as GeneratorClass, type Generator } from './generator.ts';
import { checkOptions, isOptions } from './args.ts';
import { storeFloatResults } from './operands.ts';
import { numberToBf16Bits, numberToF16Bits } from './half.ts';

export interface DTypeOption {
  readonly dtype?: DType | undefined;
}

type SizeArg = number | readonly number[];
/** Trailing `{ dtype }` accepted after the sizes, as Python's keyword argument. */
type SizesWithOptions = readonly (SizeArg | DTypeOption)[];

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
  collect(isTypedArray(data) ? Array.from(data) : (data as NestedList), 0, shape, flat);
  const allBig = flat.length > 0 && flat.every((v) => typeof v === 'bigint');
  const dtype = requested ?? (allBig ? int64 : DEFAULT_FLOAT_DTYPE);
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

function collect(value: NestedList, depth: number, shape: number[], out: (number | bigint)[]): void {
  if (Array.isArray(value)) {
    if (shape.length === depth) shape.push(value.length);
    else if (shape[depth] !== value.length || shape.length === depth) {
      throw new RangeError(`expected sequence of length ${shape[depth]} at dim ${depth} (got ${value.length})`);
    }
    for (const item of value as readonly NestedList[]) collect(item, depth + 1, shape, out);
    return;
  }
  if (depth < shape.length) {
    throw new RangeError(`expected sequence of length ${shape[depth]} at dim ${depth} (got a scalar)`);
  }
  if (typeof value === 'boolean') out.push(value ? 1 : 0);
  else if (typeof value === 'number' || typeof value === 'bigint') out.push(value);
  else throw new TypeError(`Could not infer dtype of ${value === null ? 'None' : typeof value}`);
}

export function full(sizes: SizeArg, fillValue: number | bigint, options: DTypeOption = {}): Tensor {
  const shape = parseSizes([sizes], 'full');
  const dtype = options.dtype === undefined ? (typeof fillValue === 'bigint' ? int64 : float32) : toDType(options.dtype);
  const single = tensor([fillValue], { dtype });
  const data = dtype.allocate(shapeNumel(shape));
  (data as { fill(v: number | bigint): unknown }).fill(single.data[0]!);
  return new Tensor(data, shape, dtype);
}

export function zeros(...args: SizesWithOptions): Tensor {
  const { sizes, dtype } = splitOptions(args);
  return full(parseSizes(sizes, 'zeros'), 0, { dtype: dtype ?? float32 });
}

export function ones(...args: SizesWithOptions): Tensor {
  const { sizes, dtype } = splitOptions(args);
  return full(parseSizes(sizes, 'ones'), 1, { dtype: dtype ?? float32 });
}

/** torch.arange(end) / arange(start, end, step?): integer arguments give int64, like Python ints. */
export function arange(...args: readonly (number | DTypeOption)[]): Tensor {
  const numbers = args.filter((a): a is number => typeof a === 'number');
  const options = args.find((a): a is DTypeOption => typeof a === 'object');
  const [start, end, step] = numbers.length === 1 ? [0, numbers[0]!, 1] : [numbers[0]!, numbers[1]!, numbers[2] ?? 1];
  if (step === 0) throw new RangeError('step must be nonzero');
  if ((end - start) / step < 0 && end !== start) {
    throw new RangeError('upper bound and larger bound inconsistent with step sign');
  }
  const dtype = options?.dtype ? toDType(options.dtype) : numbers.every(Number.isInteger) ? int64 : float32;
  const length = Math.max(0, Math.ceil((end - start) / step));
  const values = Float64Array.from({ length }, (_, i) => start + i * step);
  return new Tensor(dtype.isFloat ? storeFloatResults(values, dtype) : castStorage(values, float64, dtype), [length], dtype);
}

function floatDType(dtype: DType | undefined, fnName: string): DType {
  const resolved = dtype ?? float32;
  if (!resolved.isFloat) throw new TypeError(`"${fnName}" not implemented for '${resolved.name}'`);
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
  if (typeof seed !== 'number' && typeof seed !== 'bigint') throw new TypeError(`torch.manual_seed(): seed must be an int, got ${typeof seed}`);
  return defaultGenerator.manual_seed(seed);
}

export function initial_seed(...rest: readonly never[]): bigint {
  if (rest.length > 0) throw new TypeError('torch.initial_seed() takes no arguments');
  return defaultGenerator.initial_seed();
}
