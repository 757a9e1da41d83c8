/**
 * float16 / bfloat16 <-> float32 / float64 conversions on raw bit patterns.
 *
 * PyTorch 1.13 (the Debian build the goldens come from) converts a double to a 16-bit float
 * *through float32*: `c10::Half` and `c10::BFloat16` only have a `float` constructor, so a
 * double is first rounded to float32 and then to 16 bits. That double rounding is visible
 * (e.g. 1 + 2^-11 + 2^-40 becomes 1.0 in float16, not 1 + 2^-10) and is reproduced here by
 * `numberToF16Bits` / `numberToBf16Bits`. `numberToF16BitsDirect` is the single-rounding
 * variant, kept for lessons that want to show the difference.
 *
 * Typed-array views assume a little-endian host, true for every browser/Node platform we target.
 */

import type { DType } from './dtype.ts';
import { HALF_SIMD_MIN_ELEMENTS, halfSimdKernels } from './simd-half.ts';

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/** Bits of `Math.fround(x)`. */
export function f32Bits(x: number): number {
  scratchF32[0] = x;
  return scratchU32[0]!;
}

export function f32FromBits(bits: number): number {
  scratchU32[0] = bits;
  return scratchF32[0]!;
}

/** float32 bit pattern -> float16 bit pattern, round to nearest even (matches c10::Half(float)). */
export function f32BitsToF16Bits(w: number): number {
  const sign = (w >>> 16) & 0x8000;
  const abs = w & 0x7fffffff;
  if (abs >= 0x477ff000) {
    // >= 65520 rounds to inf; NaN becomes the canonical quiet NaN keeping the sign, as
    // fp16_ieee_from_fp32_value does.
    return sign | (abs > 0x7f800000 ? 0x7e00 : 0x7c00);
  }
  if (abs < 0x38800000) return sign | f32AbsBitsToF16Subnormal(abs);
  // Normal range: rebias the exponent (127 -> 15) and round away 13 mantissa bits; a carry out
  // of the mantissa correctly bumps the exponent.
  const rebiased = abs - 0x38000000;
  return sign | ((rebiased + 0xfff + ((rebiased >>> 13) & 1)) >>> 13);
}

function f32AbsBitsToF16Subnormal(abs: number): number {
  if (abs <= 0x33000000) return 0; // <= 2^-25: rounds to zero (2^-25 itself is a tie to even 0)
  const exponent = abs >>> 23;
  const mantissa = (abs & 0x7fffff) | 0x800000;
  // value = mantissa * 2^(exponent-150); in units of 2^-24 that is mantissa >> (126 - exponent)
  const shift = 126 - exponent;
  const quotient = mantissa >>> shift;
  const remainder = mantissa - (quotient << shift);
  const half = 1 << (shift - 1);
  return quotient + (remainder > half || (remainder === half && (quotient & 1) === 1) ? 1 : 0);
}

/** float32 bit pattern -> bfloat16 bit pattern, round to nearest even (c10::BFloat16(float)). */
export function f32BitsToBf16Bits(w: number): number {
  // c10's round_to_nearest_even returns 0x7FC0 for every NaN, dropping the sign.
  if ((w & 0x7fffffff) > 0x7f800000) return 0x7fc0;
  return (w + 0x7fff + ((w >>> 16) & 1)) >>> 16;
}

let f16Table: Float32Array | undefined;

/** All 65536 float16 values as float32; 256 KiB, built on first use, makes decoding a lookup. */
export function f16DecodeTable(): Float32Array {
  if (f16Table) return f16Table;
  const table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) table[h] = decodeF16(h);
  f16Table = table;
  return table;
}

function decodeF16(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >>> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}

export function f16BitsToNumber(h: number): number {
  return f16DecodeTable()[h & 0xffff]!;
}

export function bf16BitsToNumber(b: number): number {
  scratchU32[0] = (b & 0xffff) << 16;
  return scratchF32[0]!;
}

/** double -> float16 bits the way PyTorch 1.13 does it (through float32). */
export function numberToF16Bits(x: number): number {
  return f32BitsToF16Bits(f32Bits(x));
}

/** double -> bfloat16 bits the way PyTorch 1.13 does it (through float32). */
export function numberToBf16Bits(x: number): number {
  return f32BitsToBf16Bits(f32Bits(x));
}

/** double -> float16 bits with a single rounding (IEEE convertFormat), not what torch 1.13 does. */
export function numberToF16BitsDirect(x: number): number {
  const abs = Math.abs(x);
  if (!(abs < 65520) || abs < 2 ** -25) return numberToF16Bits(x); // inf/NaN/overflow/zero agree
  const exponent = Math.max(-14, Math.floor(Math.log2(abs)));
  // Math.log2 may be off by one near powers of two; fix the binade exactly.
  const binade = 2 ** exponent > abs ? exponent - 1 : 2 ** (exponent + 1) <= abs ? exponent + 1 : exponent;
  const ulp = 2 ** (Math.max(-14, binade) - 10);
  const rounded = roundHalfEven(x / ulp) * ulp; // x/ulp and the product are exact (power-of-two scaling)
  return numberToF16Bits(rounded);
}

/** Round half to even for |v| < 2^52 via the 2^52 trick (exact in binary64). */
export function roundHalfEven(v: number): number {
  if (!(Math.abs(v) < 2 ** 52)) return v;
  const magic = v < 0 ? -(2 ** 52) : 2 ** 52;
  const rounded = v + magic - magic;
  return rounded === 0 && (v < 0 || Object.is(v, -0)) ? -0 : rounded; // round(-0.3) is -0.0
}

export function roundToF16(x: number): number {
  return f16BitsToNumber(numberToF16Bits(x));
}

export function roundToBf16(x: number): number {
  return bf16BitsToNumber(numberToBf16Bits(x));
}

// ---- bulk conversions (hot paths: no allocation per element, no DataView) ----

/**
 * Whole blocks of 16 go through the WebAssembly SIMD kernels when available (simd-half.ts,
 * bit-exact with the scalar loops here, which do the rest and serve engines without SIMD).
 */
function simdPrefix(src: Float32Array, dst: Uint16Array, upTo: number): number {
  return src.length >= HALF_SIMD_MIN_ELEMENTS && dst.length >= src.length ? Math.max(0, Math.min(upTo, src.length)) & ~15 : 0;
}

export function float32ArrayToF16Bits(src: Float32Array, dst: Uint16Array = new Uint16Array(src.length)): Uint16Array {
  let i = simdPrefix(src, dst, src.length);
  const simd = i > 0 ? halfSimdKernels() : null;
  if (simd) simd.float32ToF16(src, dst, i);
  else i = 0;
  const words = new Uint32Array(src.buffer, src.byteOffset, src.length);
  for (; i < words.length; i++) dst[i] = f32BitsToF16Bits(words[i]!);
  return dst;
}

/**
 * float32 -> bfloat16 bits as `Tensor.to(torch.bfloat16)` does it. PyTorch's vectorised
 * conversion writes 0xFFFF for NaN while the scalar c10 path writes 0x7FC0; `vectorNanPrefix`
 * is how many leading elements took the vector path (all of them for a float32 source, only
 * whole blocks of 16 for a float64 source; see castStorage).
 */
export function float32ArrayToBf16Bits(
  src: Float32Array,
  dst: Uint16Array = new Uint16Array(src.length),
  vectorNanPrefix: number = src.length,
): Uint16Array {
  let i = simdPrefix(src, dst, vectorNanPrefix);
  const simd = i > 0 ? halfSimdKernels() : null;
  if (simd) simd.float32ToBf16(src, dst, i);
  else i = 0;
  const words = new Uint32Array(src.buffer, src.byteOffset, src.length);
  for (; i < words.length; i++) {
    const w = words[i]!;
    dst[i] = (w & 0x7fffffff) > 0x7f800000 ? (i < vectorNanPrefix ? 0xffff : 0x7fc0) : (w + 0x7fff + ((w >>> 16) & 1)) >>> 16;
  }
  return dst;
}

let f16BitsTable: Uint32Array | undefined;

/** float32 bit patterns of all float16 values; NaNs keep their payload and become quiet (as F16C does). */
function f16ToF32BitsTable(): Uint32Array {
  if (f16BitsTable) return f16BitsTable;
  const table = new Uint32Array(f16DecodeTable().buffer.slice(0));
  for (let h = 0; h < 65536; h++) {
    if ((h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0) {
      table[h] = ((h & 0x8000) << 16) | 0x7fc00000 | ((h & 0x3ff) << 13);
    }
  }
  f16BitsTable = table;
  return table;
}

export function f16BitsToFloat32Array(src: Uint16Array, dst: Float32Array = new Float32Array(src.length)): Float32Array {
  const table = f16ToF32BitsTable();
  const words = new Uint32Array(dst.buffer, dst.byteOffset, dst.length);
  for (let i = 0; i < src.length; i++) words[i] = table[src[i]!]!;
  return dst;
}

export function bf16BitsToFloat32Array(src: Uint16Array, dst: Float32Array = new Float32Array(src.length)): Float32Array {
  const words = new Uint32Array(dst.buffer, dst.byteOffset, dst.length);
  for (let i = 0; i < src.length; i++) words[i] = src[i]! << 16;
  return dst;
}

/** How a value is rounded to a floating dtype's precision (float64 keeps it); null for integer and quantized dtypes. */
export function floatRounder(dtype: DType): ((x: number) => number) | null {
  switch (dtype.name) {
    case 'float64':
      return (x) => x;
    case 'float32':
      return Math.fround;
    case 'float16':
      return roundToF16;
    case 'bfloat16':
      return roundToBf16;
    case 'bool':
    case 'uint8':
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
    case 'qint8':
    case 'quint8':
      return null;
  }
}
