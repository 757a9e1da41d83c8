/**
 * Element decoding and dtype casts with PyTorch 1.13 / x86-64 semantics.
 *
 * float -> integer casts truncate toward zero. Out-of-range values are undefined behaviour in
 * C++; we reproduce what PyTorch does on x86-64 (the goldens' machine and most laptops):
 * the value is converted with cvttss2si/cvttsd2si, which yields the "integer indefinite"
 * value (-2^31, or -2^63 for int64) for NaN, ±Inf and anything outside the 32-bit (64-bit)
 * range; int8/int16 then keep the low bits, i.e. wrap mod 2^bits. uint8 goes through the
 * 64-bit conversion instead (that is what GCC emits), so it wraps mod 256 for |x| < 2^63.
 * So 300.5 -> int8 is 44, -1.5 -> uint8 is 255, 3e9 -> int32 is -2147483648, 3e9 -> int8 is 0.
 * Integer -> integer casts wrap mod 2^bits (two's complement), as C++ does.
 */
import { type DType, type DTypeName, type Storage, type StorageMap, float32 } from './dtype.ts';
import {
  bf16BitsToFloat32Array,
  bf16BitsToNumber,
  f16BitsToFloat32Array,
  f16BitsToNumber,
  float32ArrayToBf16Bits,
  float32ArrayToF16Bits,
} from './half.ts';

const INT32_MIN = -2147483648;
const INT64_MIN = -(2n ** 63n);

/** One element decoded: number for every dtype except int64 (bigint, exact). */
export function readElement(data: Storage, dtype: DType, index: number): number | bigint {
  const raw = data[index]!;
  if (dtype.name === 'float16') return f16BitsToNumber(Number(raw));
  if (dtype.name === 'bfloat16') return bf16BitsToNumber(Number(raw));
  return raw;
}

/** All elements as doubles (16-bit floats decoded; int64 rounded to the nearest double). */
export function toFloat64Array(data: Storage, dtype: DType): Float64Array {
  if (data instanceof BigInt64Array) {
    const out = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = Number(data[i]!);
    return out;
  }
  if (dtype.name === 'float16' || dtype.name === 'bfloat16') return Float64Array.from(toFloat32Array(data, dtype));
  return Float64Array.from(data);
}

/** float32 view of a float dtype's data (copying unless it already is float32). */
export function toFloat32Array(data: Storage, dtype: DType): Float32Array {
  if (data instanceof Float32Array) return data;
  if (data instanceof Uint16Array && dtype.name === 'float16') return f16BitsToFloat32Array(data);
  if (data instanceof Uint16Array && dtype.name === 'bfloat16') return bf16BitsToFloat32Array(data);
  if (data instanceof BigInt64Array) return Float32Array.from(data, bigintToFloat32);
  return Float32Array.from(data);
}

/** Converts storage of `from` into new storage of `to` (always a fresh array). */
export function castStorage<T extends DTypeName>(data: Storage, from: DType, to: DType<T>): StorageMap[T] {
  if (from.isQuantized || to.isQuantized) {
    throw new TypeError(`cannot cast ${from} to ${to} with .to(); use torch.quantize_per_tensor / .dequantize() for quantized dtypes`);
  }
  if (from === to) return data.slice() as StorageMap[T];
  const out = to.allocate(data.length);
  if (to.isBool) {
    // static_cast<bool>: any nonzero value (NaN and -0.0 included: NaN != 0, -0.0 == 0) is true
    const bytes = out as Uint8Array;
    if (data instanceof BigInt64Array) for (let i = 0; i < data.length; i++) bytes[i] = data[i] === 0n ? 0 : 1;
    else {
      const values = from.name === 'float16' || from.name === 'bfloat16' ? toFloat32Array(data, from) : data;
      for (let i = 0; i < values.length; i++) bytes[i] = values[i] === 0 ? 0 : 1;
    }
    return out;
  }
  if (from.isFloat) castFromFloat(data, from, out, to);
  else if (data instanceof BigInt64Array) castFromInt64(data, out, to);
  else castFromSmallInt(data, out, to);
  return out;
}

function castFromFloat(data: Storage, from: DType, out: Storage, to: DType): void {
  if (to.name === 'float16' && out instanceof Uint16Array) {
    // torch 1.13 narrows float64 to float32 before float16/bfloat16 (double rounding, see half.ts)
    float32ArrayToF16Bits(toFloat32Array(data, from), out);
  } else if (to.name === 'bfloat16' && out instanceof Uint16Array) {
    // NaN encoding depends on which elements torch converted with SIMD (see half.ts)
    const vectorNanPrefix = from.name === 'float32' ? data.length : from.name === 'float64' ? data.length - (data.length % 16) : 0;
    float32ArrayToBf16Bits(toFloat32Array(data, from), out, vectorNanPrefix);
  } else if (out instanceof Float32Array || out instanceof Float64Array) {
    out.set(data instanceof Uint16Array ? toFloat32Array(data, from) : (data as Float32Array | Float64Array));
  } else {
    const values = from.name === 'float16' || from.name === 'bfloat16' ? toFloat32Array(data, from) : data;
    writeTruncated(values as Float32Array | Float64Array, out);
  }
}

function writeTruncated(values: Float32Array | Float64Array, out: Storage): void {
  if (out instanceof BigInt64Array) {
    for (let i = 0; i < values.length; i++) out[i] = floatToInt64(values[i]!);
    return;
  }
  if (out instanceof Uint8Array) {
    // GCC converts to uint8 through a 64-bit cvttsd2si (-2147483649.0 -> 255), the signed
    // types through a 32-bit one. A Uint8Array store keeps the low 8 bits of the exact integer.
    for (let i = 0; i < values.length; i++) {
      const x = values[i]!;
      out[i] = x >= -(2 ** 63) && x < 2 ** 63 ? Math.trunc(x) : 0;
    }
    return;
  }
  const ints = out as Exclude<Storage, BigInt64Array | Float32Array | Float64Array>;
  // Typed-array stores wrap mod 2^bits, which is the narrowing we want after the int32 step.
  for (let i = 0; i < values.length; i++) ints[i] = floatToInt32(values[i]!);
}

/** cvttsd2si (32-bit): truncate, -2^31 for NaN/out of range. */
export function floatToInt32(x: number): number {
  return x > -2147483649 && x < 2147483648 ? Math.trunc(x) : INT32_MIN;
}

/** cvttsd2si (64-bit): truncate, -2^63 for NaN/out of range. */
export function floatToInt64(x: number): bigint {
  return x >= -(2 ** 63) && x < 2 ** 63 ? BigInt(Math.trunc(x)) : INT64_MIN;
}

function castFromInt64(data: BigInt64Array, out: Storage, to: DType): void {
  if (out instanceof Float64Array) {
    for (let i = 0; i < data.length; i++) out[i] = bigintToFloat64(data[i]!);
  } else if (out instanceof Float32Array || to.isFloat) {
    const narrowed = Float32Array.from(data, bigintToFloat32);
    if (out instanceof Float32Array) out.set(narrowed);
    else if (to.name === 'float16') float32ArrayToF16Bits(narrowed, out as Uint16Array);
    else float32ArrayToBf16Bits(narrowed, out as Uint16Array);
  } else {
    const ints = out as Exclude<Storage, BigInt64Array | Float32Array | Float64Array>;
    for (let i = 0; i < data.length; i++) ints[i] = Number(BigInt.asIntN(32, data[i]!));
  }
}

function castFromSmallInt(data: Storage, out: Storage, to: DType): void {
  const values = data as Exclude<Storage, BigInt64Array>;
  if (out instanceof BigInt64Array) {
    for (let i = 0; i < values.length; i++) out[i] = BigInt(values[i]!);
  } else if (to.name === 'float16' || to.name === 'bfloat16') {
    castFromFloat(Float32Array.from(values), float32, out, to);
  } else {
    (out as Exclude<Storage, BigInt64Array>).set(values); // int32 -> float32 rounds like static_cast
  }
}

/** int64 -> double with one correct rounding (Number(bigint) already rounds to nearest even). */
export function bigintToFloat64(value: bigint): number {
  return Number(value);
}

/** int64 -> float32 with one rounding (going through a double could round twice). */
export function bigintToFloat32(value: bigint): number {
  const asDouble = Number(value);
  if (Math.abs(asDouble) <= 2 ** 53) return asDouble; // exact in double, so fround is the only rounding
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const shift = BigInt(magnitude.toString(2).length - 24);
  const kept = magnitude >> shift;
  const dropped = magnitude - (kept << shift);
  const halfway = 1n << (shift - 1n);
  const roundUp = dropped > halfway || (dropped === halfway && (kept & 1n) === 1n);
  const rounded = Number((kept + (roundUp ? 1n : 0n)) << shift);
  return Math.fround(negative ? -rounded : rounded);
}
