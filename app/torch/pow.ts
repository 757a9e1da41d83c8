/**
 * torch.pow(input, exponent): tensor or Python scalar on either side (not both), promoted like
 * any binary op, so int ** int stays an integer tensor (wrapping) and int ** 0.5 is float32.
 *
 * Float kernels: torch 1.13 special-cases a scalar exponent of 2 (x*x), 3 (x*x*x), -2 (1/(x*x)),
 * 0.5 (sqrt), -0.5 (1/sqrt) and -1 (1/x); these are reproduced bit for bit. Any other float
 * power goes through V8's Math.pow rounded to float32 where torch uses SLEEF's powf (≤ 1 ulp).
 */
import { type DType, float64 } from './dtype.ts';
import { Tensor, type Operand } from './tensor.ts';
import { binaryOperands, mapBigInts, mapNumbers, notImplementedFor, opmathRound } from './binary.ts';
import { checkOptions, type Options } from './args.ts';
import { roundToBf16 } from './half.ts';

/** Integer power by squaring in 32 bits (stored later, so it wraps like C++). */
function powInt(base: number, exponent: number): number {
  if (exponent < 0) return base === 1 ? 1 : base === -1 ? (exponent % 2 === 0 ? 1 : -1) : 0;
  let result = 1;
  let b = base | 0;
  let e = exponent;
  while (e > 0) {
    if (e & 1) result = Math.imul(result, b);
    b = Math.imul(b, b);
    e = Math.floor(e / 2);
  }
  return result;
}

function powBig(base: bigint, exponent: bigint): bigint {
  if (exponent < 0n) return base === 1n ? 1n : base === -1n ? (exponent % 2n === 0n ? 1n : -1n) : 0n;
  let result = 1n;
  let b = base;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = BigInt.asIntN(64, result * b);
    b = BigInt.asIntN(64, b * b);
    e >>= 1n;
  }
  return result;
}

/** The kernel torch 1.13 picks for a float tensor raised to a Python scalar. */
function scalarExponentKernel(exponent: number, dtype: DType): (x: number) => number {
  // bfloat16 special cases run in c10::BFloat16 arithmetic: each step rounds to bfloat16
  const r = dtype.name === 'bfloat16' ? roundToBf16 : opmathRound(dtype);
  const e = dtype === float64 ? exponent : Math.fround(exponent);
  switch (e) {
    case 2:
      return (x) => r(x * x);
    case 3:
      return (x) => r(r(x * x) * x);
    case -2:
      return (x) => r(1 / r(x * x));
    case 0.5:
      return (x) => r(Math.sqrt(x));
    case -0.5:
      return (x) => r(1 / r(Math.sqrt(x)));
    case -1:
      return (x) => r(1 / x);
    default:
      return (x) => r(Math.pow(x, e));
  }
}

export function pow(input: Operand, exponent: Operand, options: Options = {}): Tensor {
  checkOptions('torch.pow', options, [], ['out']);
  if (!(input instanceof Tensor) && !(exponent instanceof Tensor)) {
    throw new TypeError('pow() received an invalid combination of arguments: at least one of input and exponent must be a Tensor');
  }
  const ops = binaryOperands(input, exponent);
  const { dtype } = ops;
  if (dtype.isBool) throw notImplementedFor('pow', dtype);
  const scalarExponent = exponent instanceof Tensor ? undefined : Number(exponent);
  if (!dtype.isFloat) {
    if (scalarExponent !== undefined && scalarExponent < 0) throw new RangeError('Integers to negative integer powers are not allowed.');
    if (dtype.isBigInt) return mapBigInts(ops, powBig);
    return mapNumbers(ops, dtype, dtype, powInt);
  }
  if (scalarExponent !== undefined) {
    const kernel = scalarExponentKernel(scalarExponent, dtype);
    return mapNumbers(ops, dtype, dtype, (x) => kernel(x));
  }
  const r = opmathRound(dtype);
  return mapNumbers(ops, dtype, dtype, (x, y) => r(Math.pow(x, y)));
}
