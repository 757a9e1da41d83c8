/** Python's str()/repr() of floats and ints. */
import { shortestDigits } from './decimal.ts';

/** repr(float): shortest round-trip digits, scientific when the exponent is < -4 or >= 16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return `${sign}0.0`;
  const { digits, exponent } = shortestDigits(x);
  if (exponent < -4 || exponent >= 16) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expSign = exponent < 0 ? '-' : '+';
    return `${sign}${mantissa}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const intLength = exponent + 1;
  if (digits.length <= intLength) return `${sign}${digits.padEnd(intLength, '0')}.0`;
  return `${sign}${digits.slice(0, intLength)}.${digits.slice(intLength)}`;
}

/**
 * Python's str() for the values cells produce: numbers print as Python floats ('3.0'),
 * bigints as Python ints, booleans as True/False. Use `{ intLike: true }` for a JS number
 * that stands for a Python int.
 */
export function pyStr(value: unknown, options: { intLike?: boolean } = {}): string {
  if (typeof value === 'number') {
    if (options.intLike && Number.isInteger(value)) return String(value);
    return pyFloatRepr(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null || value === undefined) return 'None';
  return String(value);
}
