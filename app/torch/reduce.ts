/** Whole-tensor reductions: sum, mean, max, min. */
import { int64 } from './dtype.ts';
import { Tensor } from './tensor.ts';
import { makeTensor, storeFloatResults } from './operands.ts';
import { cascadeSum } from './summation.ts';

/** torch.sum: integers accumulate (wrapping) in int64; floats keep their dtype. */
export function sum(t: Tensor): Tensor {
  if (!t.dtype.isFloat) {
    let total = 0n;
    if (t.data instanceof BigInt64Array) for (const v of t.data) total += v;
    else for (const v of t.data as Exclude<Tensor['data'], BigInt64Array>) total += BigInt(v);
    return makeTensor(BigInt64Array.of(BigInt.asIntN(64, total)), [], int64);
  }
  // CastStoreAccumulate adds the result to a zero-filled output: 0 + (-0) gives +0
  return makeTensor(storeFloatResults(Float64Array.of(0 + cascadeSum(t.toFloat64(), t.dtype)), t.dtype), [], t.dtype);
}

/** torch.mean = sum / numel, both rounded in the tensor's dtype (PyTorch computes it that way). */
export function mean(t: Tensor): Tensor {
  if (!t.dtype.isFloat) {
    throw new TypeError(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${scalarTypeName(t)}`,
    );
  }
  const total = sum(t).toFloat64()[0]!;
  return makeTensor(storeFloatResults(Float64Array.of(total / t.numel()), t.dtype), [], t.dtype);
}

function extreme(t: Tensor, name: 'max' | 'min'): Tensor {
  if (t.numel() === 0) {
    throw new RangeError(`${name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  }
  const better = name === 'max' ? (a: number | bigint, b: number | bigint) => a > b : (a: number | bigint, b: number | bigint) => a < b;
  let best = t.flatItem(0);
  for (let i = 1; i < t.numel(); i++) {
    const v = t.flatItem(i);
    if (v !== v) { best = v; break; } // NaN wins
    if (better(v, best)) best = v;
  }
  const out = t.dtype.allocate(1);
  if (out instanceof BigInt64Array) out[0] = BigInt(best);
  else return makeTensor(storeFloatResults(Float64Array.of(Number(best)), t.dtype), [], t.dtype);
  return makeTensor(out, [], t.dtype);
}

export const amax = (t: Tensor): Tensor => extreme(t, 'max');
export const amin = (t: Tensor): Tensor => extreme(t, 'min');

/** PyTorch's C++ ScalarType names, used in its error messages. */
export function scalarTypeName(t: Tensor): string {
  const names: Record<string, string> = {
    uint8: 'Byte', int8: 'Char', int16: 'Short', int32: 'Int', int64: 'Long',
    float16: 'Half', bfloat16: 'BFloat16', float32: 'Float', float64: 'Double', qint8: 'QInt8', quint8: 'QUInt8',
  };
  return names[t.dtype.name] ?? t.dtype.name;
}
