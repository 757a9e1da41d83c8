// IEEE-754 binary formats described by their field widths, so float64, float32, float16 and
// bfloat16 share one encoder/decoder. All arithmetic is exact in doubles: only power-of-two
// scalings and integers below 2^53 are involved.
import { roundHalfEven } from './fixed-format.ts';

export type FloatFormatName = 'float64' | 'float32' | 'float16' | 'bfloat16';

export interface FloatFormat {
  readonly width: number;
  readonly exponentBits: number;
  readonly mantissaBits: number;
  readonly bias: number;
  /** Exponent of the smallest normal number (1 - bias). */
  readonly emin: number;
  readonly emax: number;
  readonly maxFinite: number;
  readonly minNormal: number;
  readonly minSubnormal: number;
}

function format(exponentBits: number, mantissaBits: number): FloatFormat {
  const bias = 2 ** (exponentBits - 1) - 1;
  const emin = 1 - bias;
  return Object.freeze({
    width: 1 + exponentBits + mantissaBits,
    exponentBits,
    mantissaBits,
    bias,
    emin,
    emax: bias,
    maxFinite: (2 - 2 ** -mantissaBits) * 2 ** bias,
    minNormal: 2 ** emin,
    minSubnormal: 2 ** (emin - mantissaBits),
  });
}

export const FLOAT_FORMATS: Readonly<Record<FloatFormatName, FloatFormat>> = Object.freeze({
  float64: format(11, 52),
  float32: format(8, 23),
  float16: format(5, 10),
  bfloat16: format(8, 7),
});

/** floor(log2(a)) for a finite a > 0, exact (Math.log2 can be off by one next to powers of two). */
function exponentOf(a: number): number {
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e -= 1;
  else if (2 ** (e + 1) <= a) e += 1;
  return e;
}

/** x rounded once to the nearest value of the format, ties to even; overflow gives ±inf. */
export function roundToFormat(x: number, name: FloatFormatName): number {
  if (name === 'float64') return x;
  if (name === 'float32') return Math.fround(x);
  const f = FLOAT_FORMATS[name];
  const a = Math.abs(x);
  if (a === 0 || !Number.isFinite(a)) return x;
  const step = 2 ** (Math.max(exponentOf(a), f.emin) - f.mantissaBits);
  const r = roundHalfEven(a / step) * step;
  return (r > f.maxFinite ? Infinity : r) * Math.sign(x);
}

export interface FloatFields {
  readonly sign: 0 | 1;
  readonly exponent: number;
  readonly mantissa: number;
}

/** Sign, biased exponent and mantissa fields of a value the format represents exactly. */
export function encodeFields(v: number, name: FloatFormatName): FloatFields {
  const f = FLOAT_FORMATS[name];
  const expMax = 2 ** f.exponentBits - 1;
  // NaN: the canonical quiet NaN every torch conversion produces (0x7e00, 0x7fc0, ...).
  if (Number.isNaN(v)) return { sign: 0, exponent: expMax, mantissa: 2 ** (f.mantissaBits - 1) };
  const sign: 0 | 1 = v < 0 || Object.is(v, -0) ? 1 : 0;
  const a = Math.abs(v);
  if (a === Infinity) return { sign, exponent: expMax, mantissa: 0 };
  if (a === 0) return { sign, exponent: 0, mantissa: 0 };
  const e = exponentOf(a);
  const fields =
    e < f.emin
      ? { sign, exponent: 0, mantissa: a / f.minSubnormal }
      : { sign, exponent: e + f.bias, mantissa: (a / 2 ** e - 1) * 2 ** f.mantissaBits };
  if (!Number.isInteger(fields.mantissa) || fields.exponent >= expMax) {
    throw new RangeError(`${v} is not exactly representable in ${name}`);
  }
  return fields;
}

export function decodeFields(sign: number, exponent: number, mantissa: number, name: FloatFormatName): number {
  const f = FLOAT_FORMATS[name];
  const s = sign ? -1 : 1;
  if (exponent === 2 ** f.exponentBits - 1) return mantissa === 0 ? s * Infinity : NaN;
  if (exponent === 0) return s * mantissa * f.minSubnormal;
  return s * (2 ** f.mantissaBits + mantissa) * 2 ** (exponent - f.bias - f.mantissaBits);
}
