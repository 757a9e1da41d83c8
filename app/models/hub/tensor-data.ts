// Typed views of a checkpoint tensor's bytes, and the float conversions
// `.to(dtype)` and the graph builder need (torch's rounding: app/torch/half.ts).
// Views never copy; conversions allocate exactly one array of the result (a file-backed
// tensor's bytes are themselves a fresh read: file-range.ts).
import { bf16BitsToFloat32Array, f16BitsToFloat32Array, float32ArrayToBf16Bits, float32ArrayToF16Bits } from '../../torch/half.ts';
import type { CheckpointTensor, WeightDtype } from './checkpoint.ts';
import { ITEM_SIZE } from './dtypes.ts';

const count = (t: CheckpointTensor): number => t.byteLength / ITEM_SIZE[t.dtype];

/** The tensor as float32 values: a view for float32, a converted copy for float16/bfloat16/float64. */
export function asFloat32(t: CheckpointTensor): Float32Array {
  // One read of `bytes` (a file-backed tensor reads the file on each access).
  const { buffer, byteOffset } = t.bytes;
  switch (t.dtype) {
    case 'float32':
      return new Float32Array(buffer, byteOffset, count(t));
    case 'float16':
      return f16BitsToFloat32Array(new Uint16Array(buffer, byteOffset, count(t)));
    case 'bfloat16':
      return bf16BitsToFloat32Array(new Uint16Array(buffer, byteOffset, count(t)));
    case 'float64':
      return Float32Array.from(new Float64Array(buffer, byteOffset, count(t)));
    case 'bool':
    case 'uint8':
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
      throw new TypeError(`tensor "${t.name}" is ${t.dtype}, not a floating-point tensor`);
  }
}

/** An integer tensor's values (int64 as bigint, as torch's .tolist() gives Python ints). */
export function asBigInt64(t: CheckpointTensor): BigInt64Array {
  if (t.dtype !== 'int64') throw new TypeError(`tensor "${t.name}" is ${t.dtype}, not int64`);
  const bytes = t.bytes;
  return new BigInt64Array(bytes.buffer, bytes.byteOffset, count(t));
}

/**
 * A floating-point tensor's elements in `dtype`, as torch's `.to(dtype)` rounds
 * (round to nearest even): Float32Array for float32, the 16-bit patterns for float16/bfloat16.
 * A view when the stored dtype is already `dtype`.
 */
export function castFloat(t: CheckpointTensor, dtype: WeightDtype): Float32Array | Uint16Array {
  if (dtype === 'float32') return asFloat32(t);
  if (t.dtype === dtype) {
    const bytes = t.bytes;
    return new Uint16Array(bytes.buffer, bytes.byteOffset, count(t));
  }
  const f32 = asFloat32(t);
  return dtype === 'float16' ? float32ArrayToF16Bits(f32) : float32ArrayToBf16Bits(f32);
}
