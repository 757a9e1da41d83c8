/**
 * Bit views of numbers in torch dtypes, for the lesson's bit explorer.
 *
 *   floatBits(1 / 3, 'float16')   // sign/exponent/mantissa fields, bias, kind, ulp, error vs the double
 *   intBits(-50, 'int8')          // two's-complement bits '11001110'
 *   bitView(x, torch.bfloat16)    // either of the above, by dtype
 *   flipBit(1, 'float32', 30)     // the value with one bit flipped (bit 0 = least significant)
 *
 * Dtypes are torch dtype objects or their names. The stored value of a double in float16 /
 * bfloat16 is what PyTorch 1.13 stores (rounded to float32 first, then to 16 bits); `nearest`
 * is the single-rounding value, and `doubleRounded` says when the two differ.
 */
import { DType, type DTypeName } from './dtype.ts';
import { twosComplement, unsignedBits } from './fixed-int.ts';
import { type FloatFormatName, FLOAT_FORMATS, decodeFields, encodeFields, roundToFormat } from './bits-float.ts';

export { FLOAT_FORMATS, roundToFormat } from './bits-float.ts';
export type { FloatFormatName } from './bits-float.ts';

export type IntDtypeName = 'uint8' | 'int8' | 'int16' | 'int32' | 'int64';
export type FloatKind = 'normal' | 'subnormal' | 'zero' | 'inf' | 'nan';

export interface FloatBitView {
  readonly dtype: FloatFormatName;
  /** The number asked about (a JS double). */
  readonly input: number;
  /** The value the dtype stores for it. */
  readonly value: number;
  /** value - input: the conversion error (0 when exact; NaN for NaN/inf inputs). */
  readonly error: number;
  /** The representable value nearest to input (one rounding). */
  readonly nearest: number;
  /** PyTorch's route through float32 gave a different value than `nearest`. */
  readonly doubleRounded: boolean;
  /** All bits, sign first, no spaces. */
  readonly bits: string;
  /** 'sign exponent mantissa', e.g. '0 01101 0101010101'. */
  readonly grouped: string;
  readonly sign: { readonly bits: string; readonly value: 0 | 1 };
  readonly exponent: {
    readonly bits: string;
    /** The stored field. */
    readonly raw: number;
    readonly bias: number;
    /** raw - bias for normals, 1 - bias for subnormals and zero; NaN for inf/NaN. */
    readonly unbiased: number;
  };
  readonly mantissa: { readonly bits: string; readonly raw: number };
  readonly kind: FloatKind;
  /** Distance from |value| to the next larger representable magnitude (numpy's spacing); NaN for inf/NaN. */
  readonly ulp: number;
}

export interface IntBitView {
  readonly dtype: IntDtypeName;
  readonly value: number | bigint;
  readonly bits: string;
  /** Grouped by byte: '11111010 00100100'. */
  readonly grouped: string;
  readonly min: number | bigint;
  readonly max: number | bigint;
}

const INT_WIDTHS: Readonly<Record<IntDtypeName, number>> = { uint8: 8, int8: 8, int16: 16, int32: 32, int64: 64 };

function dtypeName(dtype: DType | DTypeName): DTypeName {
  return dtype instanceof DType ? dtype.name : dtype;
}

function isFloatName(name: string): name is FloatFormatName {
  return name in FLOAT_FORMATS;
}

function isIntName(name: string): name is IntDtypeName {
  return name in INT_WIDTHS;
}

export function floatBits(input: number, dtype: DType | FloatFormatName = 'float32'): FloatBitView {
  const name = dtypeName(dtype);
  if (!isFloatName(name)) throw new TypeError(`floatBits: ${name} is not a floating-point dtype (float64, float32, float16, bfloat16)`);
  const f = FLOAT_FORMATS[name];
  const nearest = roundToFormat(input, name);
  const value = name === 'float16' || name === 'bfloat16' ? roundToFormat(Math.fround(input), name) : nearest;
  const { sign, exponent, mantissa } = encodeFields(value, name);
  const expMax = 2 ** f.exponentBits - 1;
  const kind: FloatKind =
    exponent === expMax ? (mantissa === 0 ? 'inf' : 'nan') : exponent === 0 ? (mantissa === 0 ? 'zero' : 'subnormal') : 'normal';
  const expBits = exponent.toString(2).padStart(f.exponentBits, '0');
  const mantBits = mantissa.toString(2).padStart(f.mantissaBits, '0');
  const unbiased = kind === 'inf' || kind === 'nan' ? NaN : Math.max(exponent, 1) - f.bias;
  return {
    dtype: name,
    input,
    value,
    error: value - input,
    nearest,
    doubleRounded: !Object.is(value, nearest) && !(Number.isNaN(value) && Number.isNaN(nearest)),
    bits: `${sign}${expBits}${mantBits}`,
    grouped: `${sign} ${expBits} ${mantBits}`,
    sign: { bits: String(sign), value: sign },
    exponent: { bits: expBits, raw: exponent, bias: f.bias, unbiased },
    mantissa: { bits: mantBits, raw: mantissa },
    kind,
    ulp: Number.isNaN(unbiased) ? NaN : 2 ** (unbiased - f.mantissaBits),
  };
}

export function intBits(value: number | bigint, dtype: DType | IntDtypeName): IntBitView {
  const name = dtypeName(dtype);
  if (!isIntName(name)) throw new TypeError(`intBits: ${name} is not an integer dtype (uint8, int8, int16, int32, int64)`);
  const width = INT_WIDTHS[name];
  const big = name === 'int64';
  const min = name === 'uint8' ? 0 : big ? -(2n ** 63n) : -(2 ** (width - 1));
  const max = name === 'uint8' ? 255 : big ? 2n ** 63n - 1n : 2 ** (width - 1) - 1;
  if ((typeof value === 'number' && !Number.isInteger(value)) || value < min || value > max) {
    throw new RangeError(`intBits: ${String(value)} is not a ${name} value in [${min}, ${max}]`);
  }
  const grouped = name === 'uint8' ? unsignedBits(value, 8) : twosComplement(value, width);
  return { dtype: name, value, bits: grouped.replace(/ /g, ''), grouped, min, max };
}

export function bitView(value: number | bigint, dtype: DType | DTypeName): FloatBitView | IntBitView {
  const name = dtypeName(dtype);
  if (isFloatName(name)) return floatBits(Number(value), name);
  if (isIntName(name)) return intBits(value, name);
  throw new TypeError(`bitView: no bit view for ${name}`);
}

/**
 * The value with bit `bitIndex` flipped (0 = least significant mantissa/integer bit, width - 1 =
 * sign). The value is first stored in the dtype; int64 results are bigints.
 */
export function flipBit(value: number | bigint, dtype: DType | DTypeName, bitIndex: number): number | bigint {
  const name = dtypeName(dtype);
  const width = isFloatName(name) ? FLOAT_FORMATS[name].width : isIntName(name) ? INT_WIDTHS[name] : 0;
  if (width === 0) throw new TypeError(`flipBit: no bits to flip for ${name}`);
  if (!Number.isInteger(bitIndex) || bitIndex < 0 || bitIndex >= width) {
    throw new RangeError(`flipBit: bit index ${bitIndex} is outside 0..${width - 1} for ${name}`);
  }
  if (isFloatName(name)) {
    const f = FLOAT_FORMATS[name];
    const { sign, exponent, mantissa } = encodeFields(floatBits(Number(value), name).value, name);
    if (bitIndex < f.mantissaBits) return decodeFields(sign, exponent, xorBit(mantissa, bitIndex), name);
    if (bitIndex < f.mantissaBits + f.exponentBits) return decodeFields(sign, xorBit(exponent, bitIndex - f.mantissaBits), mantissa, name);
    return decodeFields(sign === 0 ? 1 : 0, exponent, mantissa, name);
  }
  if (!isIntName(name)) throw new TypeError(`flipBit: no bits to flip for ${name}`);
  const flipped = BigInt(intBits(value, name).value) ^ (1n << BigInt(bitIndex));
  if (name === 'int64') return BigInt.asIntN(64, flipped);
  return Number(name === 'uint8' ? BigInt.asUintN(8, flipped) : BigInt.asIntN(width, flipped));
}

/** XOR of one bit in a field of up to 52 bits (beyond 32 bits `^` would truncate). */
function xorBit(field: number, bit: number): number {
  const mask = 2 ** bit;
  return Math.floor(field / mask) % 2 === 1 ? field - mask : field + mask;
}
