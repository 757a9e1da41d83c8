// The scalar (plain JS) inner loops of affine.ts, shared with the SIMD driver (simd.ts),
// which hands them the ends of runs that do not fill a 16-lane block.

/** 2^52 + 2^51: adding and subtracting it rounds any |t| < 2^51 to an integer, ties to even. */
const ROUND_MAGIC = 6755399441055744;
const TWO_POW_63 = 9223372036854775808;

/** The hot loop: one scale for [start, end). Shaped after measuring variants in Node 20. */
export function quantizeRun(
  src: ArrayLike<number>,
  dst: Int8Array | Uint8Array,
  start: number,
  end: number,
  inv: number,
  zp: number,
  qmin: number,
  qmax: number,
): void {
  const lo = qmin - zp;
  const hi = qmax - zp;
  for (let i = start; i < end; i++) {
    const t = Math.fround(src[i]! * inv);
    let q: number;
    if (t >= lo && t <= hi) q = t + ROUND_MAGIC - ROUND_MAGIC + zp;
    else q = t > hi && t < TWO_POW_63 ? qmax : qmin; // NaN fails every comparison: qmin, like torch
    dst[i] = q;
  }
}

/** (q - z) * s is exact in doubles for a float32 s; the Float32Array store rounds once. */
export function dequantizeRun(src: ArrayLike<number>, dst: Float32Array, start: number, end: number, zp: number, scale: number): void {
  for (let i = start; i < end; i++) dst[i] = (src[i]! - zp) * scale;
}
