// Text for the bit explorer: which field a bit belongs to and the decoded formula.
import { FLOAT_FORMATS, type FloatBitView } from '../torch/bits.ts';
import { exactDecimal } from './format.ts';

export type Field = 'sign' | 'exponent' | 'mantissa';

export function fieldOf(position: number, exponentBits: number): Field {
  return position === 0 ? 'sign' : position <= exponentBits ? 'exponent' : 'mantissa';
}

/** The decoded value as a formula, e.g. "(−1)^0 × 2^(124 − 127) × 1.0101…₂". */
export function formula(v: FloatBitView): string {
  const s = `(−1)^${v.sign.value}`;
  const m = v.mantissa.bits;
  if (v.kind === 'inf') return `exponent all ones, mantissa 0 → ${v.sign.value ? '−' : '+'}infinity`;
  if (v.kind === 'nan') return 'exponent all ones, mantissa ≠ 0 → not a number';
  const mantissaBits = FLOAT_FORMATS[v.dtype].mantissaBits;
  const lead = v.kind === 'normal' ? 1 : 0;
  const significand = lead + v.mantissa.raw / 2 ** mantissaBits; // exact: a dyadic number with < 24 bits
  const exp = v.kind === 'normal' ? `${v.exponent.raw} − ${v.exponent.bias}` : `1 − ${v.exponent.bias}`;
  return `${s} × 2^(${exp}) × ${lead}.${m}₂ = ${v.sign.value ? '−' : '+'}1 × 2^${v.exponent.unbiased} × ${exactDecimal(significand)}`;
}
