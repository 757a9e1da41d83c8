/**
 * Unary element-wise ops: abs, neg, sign, sqrt, exp, log, log2, log10, floor, ceil, trunc, frac,
 * round(decimals=). Floating results of float16/bfloat16 are computed in float32 and rounded once;
 * integer inputs of sqrt/exp/log* give float32 (the default dtype) as in PyTorch.
 *
 * torch 1.13 has no float16 CPU kernel for sqrt, exp, log, log2, log10, floor, ceil, trunc, round (it raises
 * `"sqrt_vml_cpu" not implemented for 'Half'`), so neither do we; bfloat16 works.
 * sqrt is correctly rounded here and in torch. exp/log/log2/log10 use V8's libm (then round to
 * float32), while torch's AVX2 kernels use SLEEF's u10 (≤ 1 ulp) versions: the last bit of a
 * float32 result can differ (tests allow 1 float32 ulp; prints at 4 digits agree).
 */
import { type DType, DEFAULT_FLOAT_DTYPE, float64 } from './dtype.ts';
import { type Tensor } from './tensor.ts';
import { makeTensor, storeFloatResults, valuesAs } from './operands.ts';
import { mapUnaryNumbers, notImplementedFor } from './binary.ts';
import { roundHalfEven, roundToBf16 } from './half.ts';
import { checkOptions, type Options } from './args.ts';
import { toTensorArg } from './tensor-args.ts';

function sameDType(t: Tensor, kernel: (x: number) => number, big: (x: bigint) => bigint): Tensor {
  if (t.data instanceof BigInt64Array)
    return makeTensor(
      t.data.map((x) => BigInt.asIntN(64, big(x))),
      t.shape,
      t.dtype,
    );
  return mapUnaryNumbers(t, t.dtype, t.dtype, kernel);
}

function unaryCall(name: string, input: unknown, options: Options): Tensor {
  checkOptions(`torch.${name}`, options, [], ['out']);
  return toTensorArg(input, `torch.${name}`, 'input');
}

export function abs(input: Tensor, options: Options = {}): Tensor {
  const t = unaryCall('abs', input, options);
  if (t.dtype.isBool) throw notImplementedFor('abs_cpu', t.dtype);
  return sameDType(t, Math.abs, (x) => (x < 0n ? -x : x));
}

export function neg(input: Tensor, options: Options = {}): Tensor {
  const t = unaryCall('neg', input, options);
  if (t.dtype.isBool) {
    throw new TypeError(
      'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.',
    );
  }
  return sameDType(
    t,
    (x) => -x,
    (x) => -x,
  );
}

/** torch.sign: -1, 0 or 1 in the input's dtype ((0 < x) - (x < 0), so NaN and -0.0 give 0). */
export function sign(input: Tensor, options: Options = {}): Tensor {
  const t = unaryCall('sign', input, options);
  if (t.dtype.isBool) return makeTensor(t.data.slice(), t.shape, t.dtype);
  return sameDType(
    t,
    (x) => Number(x > 0) - Number(x < 0),
    (x) => (x > 0n ? 1n : x < 0n ? -1n : 0n),
  );
}

/** Float ops on an integer input compute in the default float dtype. */
/** torch 1.13's CPU build has no float16 kernel for the VML-dispatched unary ops (bfloat16 has one). */
function refuseHalf(t: Tensor, name: string): void {
  if (t.dtype.name === 'float16') throw notImplementedFor(`${name}_vml_cpu`, t.dtype);
}

function floatOp(name: string, kernel: (x: number) => number): (input: Tensor, options?: Options) => Tensor {
  return (input, options = {}) => {
    const t = unaryCall(name, input, options);
    refuseHalf(t, name);
    const dtype: DType = t.dtype.isFloat ? t.dtype : DEFAULT_FLOAT_DTYPE;
    const narrow = dtype === float64 ? (x: number) => x : Math.fround;
    return mapUnaryNumbers(t, dtype, dtype, (x) => kernel(narrow(x)));
  };
}

export const sqrt = floatOp('sqrt', Math.sqrt);
export const exp = floatOp('exp', Math.exp);
export const log = floatOp('log', Math.log);
export const log2 = floatOp('log2', Math.log2);
export const log10 = floatOp('log10', Math.log10);

/** floor/ceil/trunc of an integer tensor is a copy (same dtype), as in torch 1.13. */
function roundingOp(name: string, kernel: (x: number) => number): (input: Tensor, options?: Options) => Tensor {
  return (input, options = {}) => {
    const t = unaryCall(name, input, options);
    refuseHalf(t, name);
    if (!t.dtype.isFloat) {
      if (t.dtype.isBool) throw notImplementedFor(`${name}_vml_cpu`, t.dtype);
      return makeTensor(t.data.slice(), t.shape, t.dtype);
    }
    return mapUnaryNumbers(t, t.dtype, t.dtype, kernel);
  };
}

export const floor = roundingOp('floor', Math.floor);
export const ceil = roundingOp('ceil', Math.ceil);
export const trunc = roundingOp('trunc', Math.trunc);

/** torch.frac = x - trunc(x), floats only. */
export function frac(input: Tensor, options: Options = {}): Tensor {
  const t = unaryCall('frac', input, options);
  if (!t.dtype.isFloat) throw notImplementedFor('frac_cpu', t.dtype);
  return mapUnaryNumbers(t, t.dtype, t.dtype, (x) => x - Math.trunc(x));
}

/**
 * torch.round(input, { decimals }): half to even. With decimals, torch 1.13 computes
 * nearbyint(x * 10^d) / 10^d in the opmath type (float32 for float16/bfloat16/float32), or
 * nearbyint(x / 10^-d) * 10^-d for negative d.
 */
export function round(input: Tensor, options: Options = {}): Tensor {
  checkOptions('torch.round', options, ['decimals'], ['out']);
  const t = toTensorArg(input, 'torch.round', 'input');
  const decimals = options.decimals ?? 0;
  if (typeof decimals !== 'number' || !Number.isInteger(decimals)) {
    throw new TypeError(`round(): argument 'decimals' must be int, not ${typeof decimals}`);
  }
  if (decimals === 0) refuseHalf(t, 'round');
  if (t.dtype.name === 'float16' || (t.dtype.isBool && decimals === 0))
    throw notImplementedFor(decimals === 0 ? 'round_vml_cpu' : 'round_cpu', t.dtype);
  if (!t.dtype.isFloat) {
    if (decimals !== 0 || t.dtype.isBool) throw notImplementedFor('round_cpu', t.dtype);
    return makeTensor(t.data.slice(), t.shape, t.dtype);
  }
  if (decimals === 0) return mapUnaryNumbers(t, t.dtype, t.dtype, roundHalfEven);
  // float32 rounds each step in float32; bfloat16 in c10::BFloat16 arithmetic (each step to bfloat16)
  const narrow = t.dtype === float64 ? (x: number) => x : t.dtype.name === 'bfloat16' ? roundToBf16 : Math.fround;
  const scale = narrow(10 ** Math.abs(decimals));
  const values = valuesAs(t, t.dtype);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    values[i] = decimals > 0 ? narrow(roundHalfEven(narrow(x * scale)) / scale) : narrow(roundHalfEven(narrow(x / scale)) * scale);
  }
  return makeTensor(storeFloatResults(values, t.dtype), t.shape, t.dtype);
}
