/** torch.clamp / torch.clip with scalar or tensor bounds (promoted with the input, like maximum/minimum). */
import { Tensor, type Operand } from './tensor.ts';
import { maximumOf, minimumOf } from './elementwise.ts';
import { binaryOperands, mapBigInts, mapNumbers, notImplementedFor } from './binary.ts';
import { checkOptions, isOptions, type Options } from './args.ts';
import { toTensorArg } from './tensor-args.ts';

type Bound = Operand | null | undefined;

/**
 * torch.clamp(input, min, max) or clamp(input, { min, max }): NaN stays NaN; when min > max every
 * element becomes max.
 */
export function clamp(input: Tensor, min?: Bound | Options, max?: Bound | Options, options: Options = {}): Tensor {
  const t = toTensorArg(input, 'torch.clamp', 'input');
  let lo: unknown = min;
  let hi: unknown = max;
  let keywords = options;
  if (isOptions(min)) {
    keywords = min;
    lo = undefined;
    hi = undefined;
  } else if (isOptions(max)) {
    keywords = max;
    hi = undefined;
  }
  checkOptions('torch.clamp', keywords, ['min', 'max'], ['out']);
  if (keywords.min !== undefined) lo = keywords.min;
  if (keywords.max !== undefined) hi = keywords.max;
  if ((lo === undefined || lo === null) && (hi === undefined || hi === null)) {
    throw new TypeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  }
  const scalarBound = (b: unknown): boolean => b === undefined || b === null || !(b instanceof Tensor);
  if (t.dtype.name === 'float16' && scalarBound(lo) && scalarBound(hi)) {
    // torch 1.13 has no float16 CPU kernel for clamp with number bounds
    const kernel =
      lo === undefined || lo === null ? 'clamp_max_scalar_cpu' : hi === undefined || hi === null ? 'clamp_min_cpu' : 'clamp_scalar_cpu';
    throw notImplementedFor(kernel, t.dtype);
  }
  let out: Tensor = t;
  // tensor bounds go through the vectorized maximum/minimum (max(-0.0, 0) is 0); number bounds
  // through std::max/std::min (max(-0.0, 0) stays -0.0)
  if (lo !== undefined && lo !== null) out = lo instanceof Tensor ? maximumOf(out, lo) : clampSide(out, bound(lo, 'min'), 'min');
  if (hi !== undefined && hi !== null) out = hi instanceof Tensor ? minimumOf(out, hi) : clampSide(out, bound(hi, 'max'), 'max');
  return out;
}

/**
 * One side of ATen's clamp: std::max(x, lo) = x < lo ? lo : x (so -0.0 stays -0.0 against a 0
 * bound, and NaN stays NaN), std::min(x, hi) = hi < x ? hi : x. Promotes like a binary op.
 */
function clampSide(t: Tensor, limit: Operand, side: 'min' | 'max'): Tensor {
  const ops = binaryOperands(t, limit);
  const nan = (x: number, y: number): boolean => x !== x || y !== y;
  if (side === 'min') {
    if (ops.dtype.isBigInt) return mapBigInts(ops, (x, y) => (x < y ? y : x));
    return mapNumbers(ops, ops.dtype, ops.dtype, (x, y) => (nan(x, y) ? NaN : x < y ? y : x));
  }
  if (ops.dtype.isBigInt) return mapBigInts(ops, (x, y) => (y < x ? y : x));
  return mapNumbers(ops, ops.dtype, ops.dtype, (x, y) => (nan(x, y) ? NaN : y < x ? y : x));
}

function bound(value: unknown, name: string): Operand {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return value;
  return toTensorArg(value, 'torch.clamp', name);
}

/** torch.clip is an alias of torch.clamp. */
export const clip = (input: Tensor, min?: Bound | Options, max?: Bound | Options, options: Options = {}): Tensor =>
  clamp(input, min, max, options);
