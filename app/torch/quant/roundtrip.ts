// Quantize and dequantize in one pass ("fake quantization"): the q values and the float32
// values they stand for, as quantizeInto + dequantizeInto would give them, but reading the
// input once. Used by lessons that plot quantization error and by bench-kernels.ts.
import { type AffineParams, type ScaleRounding, checkAffineParams, dequantScales, reciprocalScales, walkRuns } from './affine.ts';
import { runsOf } from './layout.ts';
import { dequantizeRun, quantizeRun } from './scalar.ts';
import { type RunParams, SIMD_MIN_ELEMENTS, simdKernels } from './simd.ts';
import { allocateQuantized, qrange } from './targets.ts';

export function quantizeDequantizeInto(
  src: Float32Array,
  q: Int8Array | Uint8Array,
  dq: Float32Array,
  params: AffineParams,
  scaleRounding?: ScaleRounding,
): void {
  const { layout, zeroPoints } = params;
  if (src.length !== layout.numel || q.length !== layout.numel || dq.length !== layout.numel) {
    throw new RangeError(
      `quantizeDequantize: shape [${layout.shape.join(', ')}] has ${layout.numel} elements, got input ${src.length}, outputs ${q.length} and ${dq.length}`,
    );
  }
  checkAffineParams(params, 'quantizeDequantize');
  const { qmin, qmax } = qrange(params.target);
  const invs = reciprocalScales(params.scales);
  const { scales, single } = dequantScales(params, scaleRounding);
  const zps = Float64Array.from(zeroPoints);
  const simd = src.length >= SIMD_MIN_ELEMENTS ? simdKernels() : null;
  const runParams: RunParams = { invs, zps, scales, single, qmin, qmax };
  walkRuns(
    runsOf(layout),
    simd ? (from, to, runs) => simd.quantizeDequantizeRuns(src, q, dq, runs, from, to, runParams) : null,
    (start, end, p) => {
      quantizeRun(src, q, start, end, invs[p]!, zps[p]!, qmin, qmax);
      dequantizeRun(q, dq, start, end, zps[p]!, scales[p]!);
    },
  );
}

/** `{ q, dq }` for `src`: the quantized integers and their dequantized float32 values. */
export function fakeQuantize(
  src: Float32Array,
  params: AffineParams,
  scaleRounding?: ScaleRounding,
): { q: Int8Array | Uint8Array; dq: Float32Array } {
  const q = allocateQuantized(params.target, params.layout.numel);
  const dq = new Float32Array(params.layout.numel);
  quantizeDequantizeInto(src, q, dq, params, scaleRounding);
  return { q, dq };
}
