/**
 * Exact decimal rendering of binary doubles with BigInt arithmetic, rounding half to even on
 * the exact binary value, the way CPython's dtoa does (JS's toFixed rounds ties up and stops
 * at 100 digits, so it cannot be used for Python's format()).
 */

const scratch = new Float64Array(1);
const scratchWords = new BigUint64Array(scratch.buffer);

/** |x| = mantissa * 2^exponent exactly, for finite x. */
export function decompose(x: number): { mantissa: bigint; exponent: number } {
  scratch[0] = Math.abs(x);
  const bits = scratchWords[0]!;
  const biased = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  if (biased === 0) return { mantissa: fraction, exponent: -1074 };
  return { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/** round(num / den), ties to even; num >= 0, den > 0. */
function divRoundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const twiceRemainder = (num - q * den) * 2n;
  if (twiceRemainder > den || (twiceRemainder === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** round(|x| * 10^power) as a BigInt, exact. */
function scaledInteger(x: number, power: number): bigint {
  const { mantissa, exponent } = decompose(x);
  let num = mantissa;
  let den = 1n;
  if (exponent >= 0) num <<= BigInt(exponent);
  else den <<= BigInt(-exponent);
  if (power >= 0) num *= 10n ** BigInt(power);
  else den *= 10n ** BigInt(-power);
  return divRoundHalfEven(num, den);
}

/** Digits of |x| with exactly `precision` digits after the point (no sign). */
export function toFixedDigits(x: number, precision: number): string {
  const digits = scaledInteger(x, precision).toString();
  if (precision === 0) return digits;
  const padded = digits.padStart(precision + 1, '0');
  return `${padded.slice(0, -precision)}.${padded.slice(-precision)}`;
}

/**
 * |x| rounded to `significant` significant digits: the digit string (length `significant`) and
 * the decimal exponent of its first digit. Zero gives exponent 0.
 */
export function toSignificantDigits(x: number, significant: number): { digits: string; exponent: number } {
  if (x === 0) return { digits: '0'.repeat(significant), exponent: 0 };
  let exponent = Math.floor(Math.log10(Math.abs(x)));
  for (;;) {
    const scaled = scaledInteger(x, significant - 1 - exponent);
    const digits = scaled.toString();
    if (digits.length === significant) return { digits, exponent };
    // log10 estimate off by one, or rounding carried into a new digit (9.99 -> 10.0)
    exponent += digits.length > significant ? 1 : -1;
  }
}

/** Shortest round-trip digits and exponent (JS and CPython agree on the shortest digits). */
export function shortestDigits(x: number): { digits: string; exponent: number } {
  const [mantissa = '0', exp = '0'] = Math.abs(x).toExponential().split('e');
  return { digits: mantissa.replace('.', ''), exponent: Number(exp) };
}
