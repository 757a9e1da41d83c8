/**
 * torch.isclose / torch.allclose, composed of the element-wise ops exactly as ATen composes them:
 * close = (a == b) | (equal_nan & isnan(a) & isnan(b)) | (isfinite(|a-b|) & |a-b| <= atol + |rtol*b|),
 * every step in the tensors' dtype (float16 rounds after each op, as in PyTorch).
 */
import { DEFAULT_FLOAT_DTYPE } from './dtype.ts';
import type { Tensor } from './tensor.ts';
import { abs } from './unary.ts';
import { add, mul, sub } from './elementwise.ts';
import { eq, isnan, le, logical_and, logical_or } from './compare.ts';
import { mapUnaryNumbers } from './binary.ts';
import { checkOptions, type Options } from './args.ts';
import { toTensorArg } from './tensor-args.ts';

function number(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw new TypeError(`isclose(): argument '${name}' must be float, not ${typeof value}`);
  return value;
}

export function isclose(input: Tensor, other: Tensor, options: Options = {}): Tensor {
  checkOptions('torch.isclose', options, ['rtol', 'atol', 'equal_nan']);
  const a = toTensorArg(input, 'torch.isclose', 'input');
  const b = toTensorArg(other, 'torch.isclose', 'other', 2);
  if (a.dtype !== b.dtype) throw new TypeError(`${a.dtype.cppName} did not match ${b.dtype.cppName}`);
  const rtol = number(options.rtol, 'rtol', 1e-5);
  const atol = number(options.atol, 'atol', 1e-8);
  if (rtol < 0) throw new RangeError(`rtol must be greater than or equal to zero, but got ${rtol}`);
  if (atol < 0) throw new RangeError(`atol must be greater than or equal to zero, but got ${atol}`);
  let close = eq(a, b);
  if (options.equal_nan === true) close = logical_or(close, logical_and(isnan(a), isnan(b)));
  if (!a.dtype.isFloat && rtol === 0 && atol === 0) return close;
  // integer and bool inputs are compared as the default float dtype (so uint8 1 - 2 does not wrap)
  const fa = a.dtype.isFloat ? a : a.to(DEFAULT_FLOAT_DTYPE);
  const fb = b.dtype.isFloat ? b : b.to(DEFAULT_FLOAT_DTYPE);
  const allowed = add(abs(mul(fb, rtol)), atol);
  const actual = abs(sub(fa, fb));
  const finite = mapUnaryNumbers(actual, actual.dtype, close.dtype, (x) => (Number.isFinite(x) ? 1 : 0));
  return logical_or(close, logical_and(finite, le(actual, allowed)));
}

/** torch.allclose: a Python bool, true when every element is close. */
export function allclose(input: Tensor, other: Tensor, options: Options = {}): boolean {
  checkOptions('torch.allclose', options, ['rtol', 'atol', 'equal_nan']);
  const close = isclose(input, other, options);
  return close.data.every((v) => v !== 0);
}
