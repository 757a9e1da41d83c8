// Two's-complement helpers shared by the Q formats (fixed.ts), the multiply-accumulate
// walkthrough (fixed-mac.ts) and the integer bit views (bits.ts).
// Widths up to 32 use plain numbers (exact); 64-bit values go through BigInt.

/** Smallest and largest value of a signed `width`-bit two's-complement integer. */
export function signedRange(width: number): { readonly min: number; readonly max: number } {
  checkWidth(width);
  return { min: -(2 ** (width - 1)), max: 2 ** (width - 1) - 1 };
}

/** Clamps an integer to the signed `width`-bit range (what CMSIS's `__SSAT` does). */
export function saturate(value: number, width: number): number {
  const { min, max } = signedRange(width);
  return value < min ? min : value > max ? max : value;
}

/** Keeps the low `width` bits and reads them back as signed: what C integer overflow does. */
export function wrap(value: number, width: number): number {
  checkWidth(width);
  if (!Number.isSafeInteger(value)) throw new RangeError(`wrap: ${value} is not a safe integer`);
  return Number(BigInt.asIntN(width, BigInt(value)));
}

/**
 * Two's-complement bit string of an integer, most significant bit first, grouped by byte
 * (`twosComplement(-1500, 16)` → `'11111010 00100100'`). Pass `group: 0` for no spaces.
 * Throws if the value does not fit, rather than silently showing wrapped bits.
 */
export function twosComplement(value: number | bigint, width: number, group = 8): string {
  checkWidth(width);
  const big = typeof value === 'bigint' ? value : toBigInt(value);
  const lo = -(1n << BigInt(width - 1));
  const hi = (1n << BigInt(width - 1)) - 1n;
  if (big < lo || big > hi) {
    throw new RangeError(`${String(value)} does not fit in a signed ${width}-bit integer [${lo}, ${hi}]`);
  }
  return groupBits(BigInt.asUintN(width, big).toString(2).padStart(width, '0'), group);
}

/** Unsigned binary of a non-negative integer in `width` bits, grouped like `twosComplement`. */
export function unsignedBits(value: number | bigint, width: number, group = 8): string {
  checkWidth(width);
  const big = typeof value === 'bigint' ? value : toBigInt(value);
  if (big < 0n || big >= 1n << BigInt(width)) {
    throw new RangeError(`${String(value)} does not fit in an unsigned ${width}-bit integer`);
  }
  return groupBits(big.toString(2).padStart(width, '0'), group);
}

/** Inserts a space every `group` bits counting from the right (so `1 00000000` for 9 bits). */
export function groupBits(bits: string, group = 8): string {
  if (group <= 0 || bits.length <= group) return bits;
  const parts: string[] = [];
  for (let end = bits.length; end > 0; end -= group) parts.unshift(bits.slice(Math.max(0, end - group), end));
  return parts.join(' ');
}

/** Reads a bit string (spaces ignored) as a signed two's-complement integer. */
export function fromTwosComplement(bits: string): number {
  const clean = bits.replace(/\s+/g, '');
  if (!/^[01]+$/.test(clean) || clean.length > 53) throw new SyntaxError(`not a bit string of at most 53 bits: '${bits}'`);
  return Number(BigInt.asIntN(clean.length, BigInt(`0b${clean}`)));
}

function toBigInt(value: number): bigint {
  if (!Number.isInteger(value)) throw new RangeError(`expected an integer, got ${value}`);
  return BigInt(value);
}

function checkWidth(width: number): void {
  if (!Number.isInteger(width) || width < 1 || width > 64) throw new RangeError(`bit width must be 1..64, got ${width}`);
}
