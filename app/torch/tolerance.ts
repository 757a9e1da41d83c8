/** Tolerances for tests, each with a reason at the call site. */

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

function orderedBits(x: number): bigint {
  f64[0] = x;
  const bits = i64[0]!;
  return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
}

/** Number of doubles between a and b (0 when equal; NaN vs NaN counts as equal). */
export function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) && Number.isNaN(b)) return 0;
  if (Number.isNaN(a) || Number.isNaN(b)) return Infinity;
  const d = orderedBits(a) - orderedBits(b);
  return Number(d < 0n ? -d : d);
}
