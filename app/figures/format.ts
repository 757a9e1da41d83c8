// Text helpers shared by the figures: exact decimals of doubles, the value input's parser,
// option readers. Presentation only; every number comes from app/torch.
import { decompose, toFixedDigits } from '../torch/decimal.ts';

/** Every digit of a double's exact value: 0.1 → 0.1000000000000000055511151231257827021181583404541015625. */
export function exactDecimal(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return `${sign}0`;
  const { mantissa, exponent } = decompose(x);
  if (exponent >= 0) return sign + (mantissa << BigInt(exponent)).toString();
  let zeros = 0;
  while (((mantissa >> BigInt(zeros)) & 1n) === 0n) zeros++;
  return sign + toFixedDigits(x, Math.max(0, -(exponent + zeros)));
}

/** 2^k for an exact power of two (ulps), as text: '2^-23'. */
export function powerOfTwo(x: number): string | null {
  if (!(x > 0) || !Number.isFinite(x)) return null;
  const { mantissa, exponent } = decompose(x);
  if ((mantissa & (mantissa - 1n)) !== 0n) return null;
  return `2^${exponent + mantissa.toString(2).length - 1}`;
}

export type Parsed =
  | { readonly ok: true; readonly value: number; readonly note: string }
  | { readonly ok: false; readonly message: string };

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/;

/**
 * What the bit explorer accepts: decimal numbers (1e-3 too), inf / -inf / infinity, nan,
 * -0, and a quotient a/b of two decimals (evaluated as one float64 division).
 */
export function parseNumber(text: string): Parsed {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/^\u2212/, '-');
  if (t === '') return { ok: false, message: 'Type a number, e.g. 0.1, 1/3, -0, inf or nan.' };
  const special = /^([+-]?)(inf|infinity|nan)$/.exec(t);
  if (special !== null) {
    if (special[2] === 'nan') return { ok: true, value: NaN, note: 'not a number' };
    return { ok: true, value: special[1] === '-' ? -Infinity : Infinity, note: '' };
  }
  if (DECIMAL.test(t)) return { ok: true, value: Number(t), note: '' };
  const parts = t.split('/');
  if (parts.length === 2 && DECIMAL.test(parts[0]!) && DECIMAL.test(parts[1]!)) {
    return { ok: true, value: Number(parts[0]) / Number(parts[1]), note: `${parts[0]}/${parts[1]} as one float64 division` };
  }
  return { ok: false, message: `“${text.trim()}” is not a number I can read: use decimals (0.1, 1e-3), a/b, inf, nan or -0.` };
}

/** A whole number typed by the reader (digits, optional sign; `_` and spaces ignored), or null. */
export function parseInteger(text: string): bigint | null {
  const t = text
    .trim()
    .replace(/[\s_]/g, '')
    .replace(/^\u2212/, '-');
  return /^[+-]?\d+$/.test(t) ? BigInt(t) : null;
}

/** A numeric figure option, or the default when missing or not a finite number. */
export function numberOption(options: Readonly<Record<string, unknown>>, key: string, fallback: number): number {
  const v = options[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

export function booleanOption(options: Readonly<Record<string, unknown>>, key: string, fallback: boolean): boolean {
  const v = options[key];
  return typeof v === 'boolean' ? v : fallback;
}

export function stringOption(options: Readonly<Record<string, unknown>>, key: string, fallback: string): string {
  const v = options[key];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : fallback;
}

/** Clamp to [lo, hi]. */
export const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** A decibel figure for display: '31.52 dB', '∞ dB' when nothing was lost. */
export function dB(x: number): string {
  if (x === Infinity) return '∞ dB';
  if (Number.isNaN(x)) return '— dB';
  return `${x.toFixed(2)} dB`;
}

/** Rounded to `digits` significant digits for secondary text (the exact value sits next to it). */
export function approx(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return exactDecimal(x);
  return Number(x.toPrecision(digits)).toString();
}
