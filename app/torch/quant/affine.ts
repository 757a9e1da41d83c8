/**
 * Affine (linear) quantization kernels: q = clamp(round(r / s) + z), r' = s (q - z).
 *
 * Bit-exact with PyTorch 1.13's CPU kernels (found by testing torch, see
 * scripts/goldens/torch_quant.py):
 * - r / s is computed as r * inv_s in float32, inv_s = float32(1 / float32(s)); multiplying
 *   by the reciprocal is faster than dividing and sometimes lands on the other side of a
 *   tie: for 0.273939937 at scale 0.00214854861 the division gives 127.49999 (→ 127) but
 *   0.273939937 * float32(465.43048) is exactly 127.5 in float32 (→ 128 for quint8).
 * - round is nearbyint: halves go to the even integer (2.5 → 2, 3.5 → 4).
 * - NaN, and values whose r * inv_s reaches 2^63, become qmin (C's float → int64 cast gives
 *   INT64_MIN there, which the clamp then turns into qmin); ±inf likewise.
 * - dequantize per tensor computes float32(s) * (q - z) in float32; per channel it uses the
 *   double scale and rounds the product to float32 once. Both are offered via `scaleRounding`.
 * Long runs of float32 / 8-bit data go through WebAssembly SIMD where available (simd.ts),
 * lane for lane the same operations, so the results do not depend on the engine.
 */
import { type ParamLayout, runsOf } from './layout.ts';
import { dequantizeRun, quantizeRun } from './scalar.ts';
import { type RunParams, SIMD_MIN_ELEMENTS, simdKernels } from './simd.ts';
import { type QuantTarget, allocateQuantized, checkScale, checkZeroPoint, qrange } from './targets.ts';

export interface AffineParams {
  readonly target: QuantTarget;
  readonly layout: ParamLayout;
  readonly scales: ArrayLike<number>;
  readonly zeroPoints: ArrayLike<number>;
}

export type ScaleRounding = 'float32' | 'float64';

export function checkAffineParams(params: AffineParams, where: string): void {
  const { layout, scales, zeroPoints, target } = params;
  if (scales.length !== layout.paramCount || zeroPoints.length !== layout.paramCount) {
    throw new RangeError(
      `${where}: expected ${layout.paramCount} scales and zero points for parameter shape [${layout.paramShape.join(', ')}], ` +
        `got ${scales.length} scales and ${zeroPoints.length} zero points`,
    );
  }
  for (let p = 0; p < scales.length; p++) {
    checkScale(scales[p]!, layout.paramCount > 1 ? `${where} (scale ${p})` : where);
    checkZeroPoint(zeroPoints[p]!, target, where);
  }
}

/** Quantizes `src` (row-major, `params.layout.shape`) into `dst`; no allocation. */
export function quantizeInto(src: ArrayLike<number>, dst: Int8Array | Uint8Array, params: AffineParams): void {
  const { layout, scales, zeroPoints } = params;
  if (src.length !== layout.numel || dst.length !== layout.numel) {
    throw new RangeError(
      `quantize: shape [${layout.shape.join(', ')}] has ${layout.numel} elements, got input ${src.length} and output ${dst.length}`,
    );
  }
  checkAffineParams(params, 'quantize');
  const { qmin, qmax } = qrange(params.target);
  const invs = reciprocalScales(scales);
  const zps = Float64Array.from(zeroPoints);
  // The SIMD lanes compute in float32, so they only stand in for float32 input.
  const f32src = src instanceof Float32Array && src.length >= SIMD_MIN_ELEMENTS ? src : null;
  const simd = f32src ? simdKernels() : null;
  const runParams: RunParams = { invs, zps, scales: invs, single: true, qmin, qmax }; // scales/single: dequantize only
  walkRuns(
    runsOf(layout),
    simd && f32src ? (from, to, runs) => simd.quantizeRuns(f32src, dst, runs, from, to, runParams) : null,
    (start, end, p) => quantizeRun(src, dst, start, end, invs[p]!, zps[p]!, qmin, qmax),
  );
}

/**
 * Walks runsOf() output: stretches of runs with one parameter each go to `batch` (the SIMD
 * kernels) when given, everything else element range by element range to `scalar`.
 */
export function walkRuns(
  runs: Int32Array,
  batch: ((from: number, to: number, runs: Int32Array) => void) | null,
  scalar: (start: number, end: number, p: number) => void,
): void {
  let r = 0;
  while (r < runs.length) {
    if (batch && runs[r + 3] === 0) {
      let e = r + 4;
      while (e < runs.length && runs[e + 3] === 0) e += 4;
      batch(r, e, runs);
      r = e;
      continue;
    }
    const start = runs[r]!;
    const end = start + runs[r + 1]!;
    const p0 = runs[r + 2]!;
    if (runs[r + 3] === 0) scalar(start, end, p0);
    else for (let i = start, p = p0; i < end; i++, p++) scalar(i, i + 1, p);
    r += 4;
  }
}

/** float32(1 / float32(s)) per scale: what PyTorch multiplies by. */
export function reciprocalScales(scales: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: scales.length }, (_, p) => Math.fround(1 / Math.fround(scales[p]!)));
}

/** The scales dequantize multiplies by: float32-rounded per tensor, as given (float64) per channel, unless overridden. */
export function dequantScales(params: AffineParams, scaleRounding?: ScaleRounding): { scales: Float64Array; single: boolean } {
  const single = (scaleRounding ?? (params.layout.granularity.kind === 'tensor' ? 'float32' : 'float64')) === 'float32';
  const { scales } = params;
  return { scales: Float64Array.from({ length: scales.length }, (_, p) => (single ? Math.fround(scales[p]!) : scales[p]!)), single };
}

export function quantizeArray(src: ArrayLike<number>, params: AffineParams): Int8Array | Uint8Array {
  const dst = allocateQuantized(params.target, params.layout.numel);
  quantizeInto(src, dst, params);
  return dst;
}

/** r' = s (q - z) into a Float32Array. Default scaleRounding: float32 per tensor, float64 otherwise (PyTorch's). */
export function dequantizeInto(src: ArrayLike<number>, dst: Float32Array, params: AffineParams, scaleRounding?: ScaleRounding): void {
  const { layout, zeroPoints } = params;
  if (src.length !== layout.numel || dst.length !== layout.numel) {
    throw new RangeError(
      `dequantize: shape [${layout.shape.join(', ')}] has ${layout.numel} elements, got input ${src.length} and output ${dst.length}`,
    );
  }
  checkAffineParams(params, 'dequantize');
  const { scales: s, single } = dequantScales(params, scaleRounding);
  const zps = Float64Array.from(zeroPoints);
  const bytes = (src instanceof Int8Array || src instanceof Uint8Array) && src.length >= SIMD_MIN_ELEMENTS ? src : null;
  const simd = bytes ? simdKernels() : null;
  const { qmin, qmax } = qrange(params.target);
  const runParams: RunParams = { invs: s, zps, scales: s, single, qmin, qmax }; // invs: quantize only
  walkRuns(
    runsOf(layout),
    simd && bytes ? (from, to, runs) => simd.dequantizeRuns(bytes, dst, runs, from, to, runParams) : null,
    (start, end, p) => dequantizeRun(src, dst, start, end, zps[p]!, s[p]!),
  );
}

export function dequantizeArray(src: ArrayLike<number>, params: AffineParams, scaleRounding?: ScaleRounding): Float32Array {
  const dst = new Float32Array(params.layout.numel);
  dequantizeInto(src, dst, params, scaleRounding);
  return dst;
}
