/**
 * Fused multiply-add in double precision (one rounding), which JS lacks: torch's AVX2 kernels
 * compute `a + alpha * b` with `vfmadd` (float64 included). Exact via BigInt: a·b + c is an
 * integer times a power of two, and Number(bigint) rounds to nearest, ties to even.
 */

interface Exact {
  readonly mantissa: bigint;
  readonly exponent: number;
}

function exact(x: number): Exact {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const fraction = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  return { mantissa: x < 0 ? -mantissa : mantissa, exponent };
}

/** fma(a, b, c) = a * b + c rounded once (results in the subnormal range may round twice). */
export function fma64(a: number, b: number, c: number): number {
  const product = a * b;
  if (!Number.isFinite(product) || !Number.isFinite(c) || a === 0 || b === 0 || c === 0) return product + c;
  // Fast path (arange and other integer-valued steps): when a·b is exact in a double (Dekker's
  // error term is 0), product + c is already the one correctly rounded result.
  if (Math.abs(product) < 2 ** 996 && productError(a, b, product) === 0) return product + c;
  return fma64Exact(a, b, c);
}

/** fma64 by exact BigInt arithmetic (no fast path; the reference the fast path is tested against). */
export function fma64Exact(a: number, b: number, c: number): number {
  const product = a * b;
  if (!Number.isFinite(product) || !Number.isFinite(c) || a === 0 || b === 0 || c === 0) return product + c;
  const ea = exact(a);
  const eb = exact(b);
  const ec = exact(c);
  const pm = ea.mantissa * eb.mantissa;
  const pe = ea.exponent + eb.exponent;
  const base = Math.min(pe, ec.exponent);
  const sum = (pm << BigInt(pe - base)) + (ec.mantissa << BigInt(ec.exponent - base));
  if (sum === 0n) return product + c; // exact cancellation: the sign of zero as IEEE gives it
  // Keep 64 significant bits (plus a sticky bit) so Number() does the one rounding.
  const negative = sum < 0n;
  let magnitude = negative ? -sum : sum;
  let exponent = base;
  const extra = magnitude.toString(2).length - 64;
  if (extra > 0) {
    const dropped = magnitude & ((1n << BigInt(extra)) - 1n);
    magnitude = (magnitude >> BigInt(extra)) | (dropped === 0n ? 0n : 1n);
    exponent += extra;
  }
  const rounded = scaleByPowerOfTwo(Number(magnitude), exponent);
  return negative ? -rounded : rounded;
}

const SPLIT = 134217729; // 2^27 + 1 (Veltkamp)

/** The rounding error of `product` = fl(a·b) (Dekker's two-product; exact while nothing over- or underflows). */
function productError(a: number, b: number, product: number): number {
  if (Math.abs(a) < 2 ** -400 || Math.abs(b) < 2 ** -400) return NaN; // splits could underflow: take the exact path
  const ca = SPLIT * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLIT * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return ah * bh - product + ah * bl + al * bh + al * bl;
}

/** x · 2^e without an intermediate 2^e overflowing or underflowing. */
function scaleByPowerOfTwo(x: number, e: number): number {
  let out = x;
  let rest = e;
  while (rest > 1000) {
    out *= 2 ** 1000;
    rest -= 1000;
  }
  while (rest < -1000) {
    out *= 2 ** -1000;
    rest += 1000;
  }
  return out * 2 ** rest;
}
