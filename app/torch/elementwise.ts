/**
 * Element-wise arithmetic with broadcasting and PyTorch type promotion: add/sub (alpha=), mul,
 * div (rounding_mode=), floor_divide, remainder, fmod, maximum, minimum. Every operand (Python
 * scalars too) is cast to the result dtype first; float16/bfloat16 compute in float32 and round
 * once; int64 is exact (BigInt) and wraps; smaller ints wrap when stored.
 */
import { type DType, float32, float64, int32 } from './dtype.ts';
import { type Tensor, type Operand } from './tensor.ts';
import { type BinaryOperands, binaryOperands, mapBigInts, mapNumbers, notImplementedFor, opmathRound } from './binary.ts';
import { roundToBf16, roundToF16 } from './half.ts';
import { checkOptions, type Options } from './args.ts';
import { fmaf } from './avx-mathfun.ts';
import { fma64 } from './fma.ts';
import { toTensorArg } from './tensor-args.ts';

const maxNaN = (a: number, b: number): number => (a !== a || b !== b ? NaN : a > b ? a : b);
const minNaN = (a: number, b: number): number => (a !== a || b !== b ? NaN : a < b ? a : b);

function arithmetic(ops: BinaryOperands, float: (a: number, b: number) => number, big: (a: bigint, b: bigint) => bigint): Tensor {
  if (ops.dtype.isBigInt) return mapBigInts(ops, big);
  return mapNumbers(ops, ops.dtype, ops.dtype, float);
}

function zeroDivision(): RangeError {
  return new RangeError('ZeroDivisionError');
}

/** `alpha` as PyTorch checks it against the result dtype. */
function checkAlpha(call: string, alpha: unknown, dtype: DType): number | bigint {
  if (typeof alpha === 'bigint') return alpha;
  if (typeof alpha === 'boolean') return alpha ? 1 : 0;
  if (typeof alpha !== 'number') throw new TypeError(`${call}(): argument 'alpha' must be Number, not ${typeof alpha}`);
  if (!dtype.isFloat && !Number.isInteger(alpha)) {
    throw new TypeError('For integral input tensors, argument alpha must not be a floating point number.');
  }
  return alpha;
}

function addScaled(call: 'torch.add' | 'torch.sub', sign: 1 | -1, a: Operand, b: Operand, options: Options): Tensor {
  checkOptions(call, options, ['alpha'], ['out']);
  const ops = binaryOperands(a, b);
  if (sign === -1 && ops.a.dtype.isBool && ops.b.dtype.isBool) {
    throw new TypeError(
      'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.',
    );
  }
  if (sign === -1 && (ops.a.dtype.isBool || ops.b.dtype.isBool)) {
    throw new TypeError(
      'Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.',
    );
  }
  const alpha = options.alpha === undefined ? 1 : checkAlpha(call, options.alpha, ops.dtype);
  if (ops.dtype.isBigInt) {
    const scale = BigInt(alpha) * BigInt(sign);
    return mapBigInts(ops, (x, y) => x + scale * y);
  }
  const scale = Number(alpha) * sign;
  if (scale === 1) return mapNumbers(ops, ops.dtype, ops.dtype, (x, y) => x + y);
  if (scale === -1) return mapNumbers(ops, ops.dtype, ops.dtype, (x, y) => x - y);
  if (!ops.dtype.isFloat) {
    // integer a + alpha*b wraps in the dtype; imul keeps int32 products exact mod 2^32
    return mapNumbers(ops, ops.dtype, ops.dtype, (x, y) => x + Math.imul(scale, y));
  }
  // AVX2 kernels compute a + alpha*b as one fused multiply-add (alpha cast to the opmath type)
  if (ops.dtype === float64) return mapNumbers(ops, float64, float64, (x, y) => fma64(y, scale, x));
  const alpha32 = Math.fround(scale);
  return mapNumbers(ops, ops.dtype, ops.dtype, (x, y) => fmaf(y, alpha32, x));
}

/** torch.add(input, other, { alpha }) = input + alpha * other */
export const add = (a: Operand, b: Operand, options: Options = {}): Tensor => addScaled('torch.add', 1, a, b, options);
/** torch.sub(input, other, { alpha }) = input - alpha * other */
export const sub = (a: Operand, b: Operand, options: Options = {}): Tensor => addScaled('torch.sub', -1, a, b, options);

export function mul(a: Operand, b: Operand, options: Options = {}): Tensor {
  checkOptions('torch.mul', options, [], ['out']);
  const ops = binaryOperands(a, b);
  if (ops.dtype === int32) return mapNumbers(ops, int32, int32, Math.imul);
  return arithmetic(
    ops,
    (x, y) => x * y,
    (x, y) => x * y,
  );
}

export type RoundingMode = 'trunc' | 'floor';

function roundingMode(value: unknown): RoundingMode | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'trunc' || value === 'floor') return value;
  throw new RangeError(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${String(value)}'`);
}

/** c10's div_floor_floating, step by step in the opmath type. */
function floorDivFloat(round: (x: number) => number): (a: number, b: number) => number {
  return (a, b) => {
    if (b === 0) return a / b;
    const mod = a % b; // fmod is exact
    let div = round(round(a - mod) / b);
    if (mod !== 0 && b < 0 !== mod < 0) div = round(div - 1);
    if (div === 0) {
      const quotient = a / b; // copysign(0, a / b)
      return quotient < 0 || Object.is(quotient, -0) ? -0 : 0;
    }
    let floored = Math.floor(div);
    if (round(div - floored) > 0.5) floored = round(floored + 1);
    return floored;
  };
}

function floorDivInt(a: number, b: number): number {
  if (b === 0) throw zeroDivision();
  const quotient = Math.trunc(a / b);
  return a % b !== 0 && a < 0 !== b < 0 ? quotient - 1 : quotient;
}

function floorDivBig(a: bigint, b: bigint): bigint {
  if (b === 0n) throw zeroDivision();
  const quotient = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? quotient - 1n : quotient;
}

/**
 * div_trunc/div_floor run their scalar steps in the dtype itself: c10::Half/BFloat16 arithmetic
 * rounds every operation to 16 bits (250 / 1.5 in bfloat16 is 167, so trunc gives 167).
 */
function reducedRound(dtype: DType): (x: number) => number {
  if (dtype.name === 'float16') return roundToF16;
  if (dtype.name === 'bfloat16') return roundToBf16;
  return opmathRound(dtype);
}

function divide(ops: BinaryOperands, mode: RoundingMode | undefined): Tensor {
  const { dtype } = ops;
  if (mode === undefined) {
    // true division: integers (and bool) divide as the default float dtype
    const compute = dtype.isFloat ? dtype : float32;
    return mapNumbers(ops, compute, compute, (x, y) => x / y);
  }
  if (dtype.isBool) throw notImplementedFor(mode === 'trunc' ? 'div_trunc_cpu' : 'div_floor_cpu', dtype);
  if (mode === 'trunc') {
    if (dtype.isBigInt)
      return mapBigInts(ops, (x, y) => {
        if (y === 0n) throw zeroDivision();
        return x / y;
      });
    if (!dtype.isFloat)
      return mapNumbers(ops, dtype, dtype, (x, y) => {
        if (y === 0) throw zeroDivision();
        return Math.trunc(x / y);
      });
    const round = reducedRound(dtype);
    return mapNumbers(ops, dtype, dtype, (x, y) => Math.trunc(round(x / y)));
  }
  if (dtype.isBigInt) return mapBigInts(ops, floorDivBig);
  if (!dtype.isFloat) return mapNumbers(ops, dtype, dtype, floorDivInt);
  return mapNumbers(ops, dtype, dtype, floorDivFloat(reducedRound(dtype)));
}

/** torch.div(input, other, { rounding_mode: null | 'trunc' | 'floor' }) */
export function div(a: Operand, b: Operand, options: Options = {}): Tensor {
  checkOptions('torch.div', options, ['rounding_mode'], ['out']);
  return divide(binaryOperands(a, b), roundingMode(options.rounding_mode));
}

/** torch.floor_divide: rounds toward -inf since torch 1.13 (same as div(…, rounding_mode='floor')). */
export function floor_divide(a: Operand, b: Operand, options: Options = {}): Tensor {
  checkOptions('torch.floor_divide', options, [], ['out']);
  const ops = binaryOperands(a, b);
  return divide(ops, 'floor');
}

/** torch.remainder: Python's %, the sign of the divisor. */
export function remainder(a: Operand, b: Operand, options: Options = {}): Tensor {
  checkOptions('torch.remainder', options, [], ['out']);
  const ops = binaryOperands(a, b);
  if (ops.dtype.isBool) throw new TypeError('"remainder_cpu" not implemented for \'Bool\'');
  if (ops.dtype.isBigInt) {
    return mapBigInts(ops, (x, y) => {
      if (y === 0n) throw zeroDivision();
      const r = x % y;
      return r !== 0n && r < 0n !== y < 0n ? r + y : r;
    });
  }
  if (!ops.dtype.isFloat) {
    return mapNumbers(ops, ops.dtype, ops.dtype, (x, y) => {
      if (y === 0) throw zeroDivision();
      const r = x % y;
      return r !== 0 && r < 0 !== y < 0 ? r + y : r;
    });
  }
  const round = opmathRound(ops.dtype);
  return mapNumbers(ops, ops.dtype, ops.dtype, (x, y) => {
    const mod = x % y;
    return mod !== 0 && y < 0 !== mod < 0 ? round(mod + y) : mod;
  });
}

/** torch.fmod: C's fmod, the sign of the dividend. */
export function fmod(a: Operand, b: Operand, options: Options = {}): Tensor {
  checkOptions('torch.fmod', options, [], ['out']);
  const ops = binaryOperands(a, b);
  if (ops.dtype.isBool) throw new TypeError('"fmod_cpu" not implemented for \'Bool\'');
  if (ops.dtype.isBigInt)
    return mapBigInts(ops, (x, y) => {
      if (y === 0n) throw zeroDivision();
      return x % y;
    });
  if (!ops.dtype.isFloat)
    return mapNumbers(ops, ops.dtype, ops.dtype, (x, y) => {
      if (y === 0) throw zeroDivision();
      return x % y;
    });
  return mapNumbers(ops, ops.dtype, ops.dtype, (x, y) => x % y);
}

/** Element-wise maximum of two operands (scalars allowed): what clamp and the reductions' callers use. */
export function maximumOf(a: Operand, b: Operand): Tensor {
  return arithmetic(binaryOperands(a, b), maxNaN, (x, y) => (x > y ? x : y));
}

export function minimumOf(a: Operand, b: Operand): Tensor {
  return arithmetic(binaryOperands(a, b), minNaN, (x, y) => (x < y ? x : y));
}

/** torch.maximum(input, other): both must be tensors (PyTorch refuses a Python scalar). */
export function maximum(a: Tensor, b: Tensor, options: Options = {}): Tensor {
  checkOptions('torch.maximum', options, [], ['out']);
  return maximumOf(toTensorArg(a, 'torch.maximum', 'input'), toTensorArg(b, 'torch.maximum', 'other', 2));
}

export function minimum(a: Tensor, b: Tensor, options: Options = {}): Tensor {
  checkOptions('torch.minimum', options, [], ['out']);
  return minimumOf(toTensorArg(a, 'torch.minimum', 'input'), toTensorArg(b, 'torch.minimum', 'other', 2));
}
