// torch.quantize_per_tensor / torch.quantize_per_channel. Argument checks name what was
// wrong (shapes, axis, dtype) where PyTorch's own messages are terse; scale <= 0 and NaN
// scales, which PyTorch silently accepts, are refused.
import { DType, type DTypeName, float32, qint8, quint8, toDType } from '../dtype.ts';
import { Tensor } from '../tensor.ts';
import { quantizeInto } from './affine.ts';
import { paramLayout } from './layout.ts';
import { QTensor, type QuantizedDTypeName } from './qtensor.ts';

function quantizedDType(dtype: unknown, fn: string): DType<QuantizedDTypeName> {
  const d = toDType(dtype);
  if (d === qint8) return qint8;
  if (d === quint8) return quint8;
  throw new TypeError(`${fn}: dtype must be torch.qint8 or torch.quint8, got ${d}`);
}

function floatInput(input: unknown, fn: string): Tensor<'float32'> {
  if (!(input instanceof Tensor)) throw new TypeError(`${fn}: input must be a Tensor`);
  if (!isFloat32(input)) {
    throw new TypeError(`${fn}: Quantize only works on Float Tensor (torch.float32), got ${input.dtype}; convert with x.float()`);
  }
  return input;
}

function isFloat32(t: Tensor<DTypeName>): t is Tensor<'float32'> {
  return t.dtype === float32;
}

/** A number, or the single element of a tensor (e.g. an observer's scale). */
function scalarArg(value: number | bigint | Tensor, what: string, fn: string): number {
  if (value instanceof Tensor) {
    if (value.numel() !== 1)
      throw new RangeError(`${fn}: ${what} must be a number or a one-element tensor, got shape [${value.shape.join(', ')}]`);
    return Number(value.item());
  }
  return Number(value);
}

function numbersArg(value: Tensor | ArrayLike<number> | readonly bigint[], what: string, fn: string): Float64Array {
  if (value instanceof Tensor) {
    if (value.dim() !== 1) throw new RangeError(`${fn}: ${what} must be a 1-D tensor, got shape [${value.shape.join(', ')}]`);
    return value.toFloat64();
  }
  return Float64Array.from(Array.from(value, Number));
}

export function quantize_per_tensor(input: Tensor, scale: number | Tensor, zero_point: number | bigint | Tensor, dtype: DType): QTensor {
  const fn = 'quantize_per_tensor';
  const x = floatInput(input, fn);
  const d = quantizedDType(dtype, fn);
  const s = scalarArg(scale, 'scale', fn);
  const z = scalarArg(zero_point, 'zero_point', fn);
  const target = d === qint8 ? 'int8' : 'uint8';
  const data = d === qint8 ? new Int8Array(x.numel()) : new Uint8Array(x.numel());
  quantizeInto(x.data, data, { target, layout: paramLayout(x.shape), scales: [s], zeroPoints: [z] });
  return new QTensor(data, x.shape, d, { kind: 'per_tensor', scale: s, zeroPoint: z });
}

export function quantize_per_channel(
  input: Tensor,
  scales: Tensor | ArrayLike<number>,
  zero_points: Tensor | ArrayLike<number> | readonly bigint[],
  axis: number,
  dtype: DType,
): QTensor {
  const fn = 'quantize_per_channel';
  const x = floatInput(input, fn);
  const d = quantizedDType(dtype, fn);
  const shape = `[${x.shape.join(', ')}]`;
  // PyTorch takes no negative axis here.
  if (!Number.isInteger(axis) || axis < 0 || axis >= x.dim()) {
    throw new RangeError(
      `${fn}: Channel axis out of range in per channel affine quantization. Got: ${axis} Expected: [0, ${x.dim()}) for input of shape ${shape}`,
    );
  }
  const s = numbersArg(scales, 'scales', fn);
  const zf = numbersArg(zero_points, 'zero_points', fn);
  const channels = x.shape[axis]!;
  if (s.length !== channels || zf.length !== channels) {
    throw new RangeError(
      `${fn}: length of scales (${s.length}) and zero_points (${zf.length}) must equal the number of channels, size ${channels} of dimension ${axis} of input shape ${shape}`,
    );
  }
  const z = Int32Array.from(zf, (v) => {
    if (!Number.isInteger(v) || Math.abs(v) > 2 ** 31) throw new RangeError(`${fn}: zero points must be small integers, got ${v}`);
    return v;
  });
  const target = d === qint8 ? 'int8' : 'uint8';
  const data = d === qint8 ? new Int8Array(x.numel()) : new Uint8Array(x.numel());
  quantizeInto(x.data, data, { target, layout: paramLayout(x.shape, { kind: 'channel', axis }), scales: s, zeroPoints: z });
  return new QTensor(data, x.shape, d, { kind: 'per_channel', scales: s, zeroPoints: z, axis });
}
