/**
 * torch.arange and torch.linspace, value for value as torch 1.13's CPU kernels compute them.
 *
 * Both run `cpu_serial_kernel_vec`: blocks of 2·V elements (V = 32 bytes / element size) go
 * through `Vectorized<T>::arange(base, step)` — element k of a block is base + k·step, with base
 * computed once per vector — and the tail element by element. GCC contracts `a + b*c` into one
 * FMA in these AVX2 kernels, which decides the last bit (linspace(-1, 1, 7)[3] is -2.9802e-08,
 * not 0). float16/bfloat16 linspace does its arithmetic in c10::Half/BFloat16, rounding every step.
 */
import { type DType, float32, float64, int64 } from './dtype.ts';
import { Tensor } from './tensor.ts';
import { castStorage } from './convert.ts';
import { storeFloatResults } from './operands.ts';
import { fmaf } from './avx-mathfun.ts';
import { fma64 } from './fma.ts';
import { roundToBf16, roundToF16 } from './half.ts';
import { factoryDType, trailingOptions } from './factory-options.ts';
import type { Options } from './args.ts';
import { notSupported } from './errors.ts';

const vectorLength = (dtype: DType): number => 32 / dtype.itemsize;

function numberArg(value: unknown, call: string, name: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new TypeError(`${call}(): argument '${name}' must be Number, not ${typeof value}`);
}

/** Fills n values with `element(i)` or, for whole 2·V blocks, `vector(blockStart)(k)`. */
function serialKernelVec(
  n: number,
  v: number,
  scalar: (i: number) => number,
  vector: (start: number) => (k: number) => number,
): Float64Array {
  const out = new Float64Array(n);
  let i = 0;
  for (; i <= n - 2 * v; i += 2 * v) {
    for (const block of [i, i + v]) {
      const lane = vector(block);
      for (let k = 0; k < v; k++) out[block + k] = lane(k);
    }
  }
  for (; i < n; i++) out[i] = scalar(i);
  return out;
}

/** torch.arange(end) / arange(start, end, step=1, { dtype, … }). Integral numbers act as Python ints (int64 result). */
export function arange(...args: readonly (number | bigint | Options)[]): Tensor {
  const { positional, options } = trailingOptions(args);
  const requested = factoryDType('torch.arange', options);
  if (positional.length < 1 || positional.length > 3)
    throw new TypeError(`arange() takes from 1 to 3 positional arguments but ${positional.length} were given`);
  const nums = positional.map((a, i) => numberArg(a, 'arange', ['start', 'end', 'step'][i]!));
  const dtype = requested ?? (positional.every((a) => typeof a === 'bigint' || Number.isInteger(a)) ? int64 : float32);
  // for an integer dtype the bounds and step are converted to int64 first (arange(0, 1, 0.1, dtype=int32): step 0)
  // (the length still comes from the values as given: arange(0.1, 100.3, 1.7, dtype=int32) has 59)
  const asAcc = dtype.isFloat ? (x: number) => x : Math.trunc;
  const [given0, given1, given2] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
  const [start, end, step] = [asAcc(given0), asAcc(given1), asAcc(given2)];
  if (dtype.isQuantized || dtype.isBool) throw new TypeError(`"arange_cpu" not implemented for '${dtype.cppName}'`);
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new RangeError(`unsupported range: ${start} -> ${end}`);
  if (step === 0) throw new RangeError('step must be nonzero');
  if ((step > 0 && end < start) || (step < 0 && end > start))
    throw new RangeError('upper bound and larger bound inconsistent with step sign');
  const length = Math.ceil((given1 - given0) / given2);
  const n = Math.max(0, length);
  // accscalar_t is double for float32/float64/ints, float for float16/bfloat16; a + b*c is fused
  const half = dtype.name === 'float16' || dtype.name === 'bfloat16';
  const fma = half ? fmaf : fma64;
  const accStart = half ? Math.fround(start) : start;
  const accStep = half ? Math.fround(step) : step;
  const toT =
    dtype === float64
      ? (x: number) => x
      : dtype === float32
        ? Math.fround
        : dtype.name === 'float16'
          ? roundToF16
          : dtype.name === 'bfloat16'
            ? roundToBf16
            : Math.trunc;
  const values = serialKernelVec(
    n,
    vectorLength(dtype),
    (i) => fma(accStep, i, accStart),
    (i0) => {
      const base = toT(fma(accStep, i0, accStart));
      return (k) => fma(k, accStep, base);
    },
  );
  return new Tensor(dtype.isFloat ? storeFloatResults(values, dtype) : castStorage(values, float64, dtype), [n], dtype);
}

/** torch.linspace(start, end, steps, { dtype, … }): float dtypes (integer dtypes are refused). */
export function linspace(start: number, end: number, steps: number, options: Options = {}): Tensor {
  const dtype = factoryDType('torch.linspace', options) ?? float32;
  const a = numberArg(start, 'linspace', 'start');
  const b = numberArg(end, 'linspace', 'end');
  if (typeof steps !== 'number' || !Number.isInteger(steps))
    throw new TypeError(`linspace(): argument 'steps' must be int, not ${typeof steps}`);
  if (steps < 0) throw new RangeError('number of steps must be non-negative');
  if (!dtype.isFloat) throw notSupported('torch.linspace', `dtype=${dtype} (integer linspace)`);
  if (steps === 1) return new Tensor(storeFloatResults(Float64Array.of(a), dtype), [1], dtype);
  const values = linspaceValues(a, b, steps, dtype);
  return new Tensor(storeFloatResults(values, dtype), [steps], dtype);
}

function linspaceValues(startValue: number, endValue: number, steps: number, dtype: DType): Float64Array {
  const halfway = Math.floor(steps / 2);
  const v = vectorLength(dtype);
  if (dtype === float32 || dtype === float64) {
    const r = dtype === float32 ? Math.fround : (x: number) => x;
    const fma = dtype === float32 ? fmaf : fma64;
    const start = r(startValue);
    const end = r(endValue);
    const step = r(r(end - start) / (steps - 1));
    const at = (i: number): number => (i < halfway ? fma(step, i, start) : fma(-step, steps - i - 1, end));
    // Vectorized<T>::arange(base, step) is base + k*step, multiplied and added separately
    return serialKernelVec(steps, v, at, (i0) => {
      const base = at(i0);
      return (k) => r(base + r(k * step));
    });
  }
  // c10::Half / BFloat16 arithmetic: every operation rounds to the 16-bit type
  const h = dtype.name === 'float16' ? roundToF16 : roundToBf16;
  const start = h(startValue);
  const end = h(endValue);
  const step = h(h(end - start) / h(steps - 1));
  const at = (i: number): number => (i < halfway ? h(start + h(step * h(i))) : h(end - h(step * h(steps - i - 1))));
  return serialKernelVec(steps, v, at, (i0) => {
    const base = at(i0);
    return (k) => h(base + h(h(k) * step));
  });
}
