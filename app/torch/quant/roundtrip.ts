// Quantize and dequantize in one pass ("fake quantization"): the q values and the float32
// values they stand for, as quantizeInto + dequantizeInto would give them, but reading the
// input once. Used by lessons that plot quantization error and by bench-kernels.ts.
import { type AffineParams, type ScaleRounding, checkAffineParams, dequantScales, dequantizeRun, quantizeRun, reciprocalScales } from './affine.ts';
import { runsOf } from './layout.ts';
import { simdKernels } from './simd.ts';
import { allocateQuantized, qrange } from './targets.ts';

const SIMD_MIN_RUN = 64;

export function quantizeDequantizeInto(
  src: Float32Array, q: Int8Array | Uint8Array, dq: Float32Array, params: AffineParams, scaleRounding?: ScaleRounding,
): void {
  const { layout, zeroPoints } = params;
  if (src.length !== layout.numel || q.length !== layout.numel || dq.length !== layout.numel) {
    throw new RangeError(`quantizeDequantize: shape [${layout.shape.join(', ')}] has ${layout.numel} elements, got input ${src.length}, outputs ${q.length} and ${dq.length}`);
  }
  checkAffineParams(params, 'quantizeDequantize');
  const { qmin, qmax } = qrange(params.target);
  const invs = reciprocalScales(params.scales);
  const { scales, single } = dequantScales(params, scaleRounding);
  const zps = Float64Array.from(zeroPoints);
  const simd = simdKernels();
  const runs = runsOf(layout);
  for (let r = 0; r < runs.length; r += 4) {
    const start = runs[r]!;
    const end = start + runs[r + 1]!;
    const p0 = runs[r + 2]!;
    if (runs[r + 3] === 0) {
      if (simd && end - start >= SIMD_MIN_RUN) {
        simd.quantizeDequantizeRun(src, q, dq, start, end, invs[p0]!, zps[p0]!, qmin, qmax, scales[p0]!, single);
      } else {
        quantizeRun(src, q, start, end, invs[p0]!, zps[p0]!, qmin, qmax);
        dequantizeRun(q, dq, start, end, zps[p0]!, scales[p0]!);
      }
    } else {
      for (let i = start, p = p0; i < end; i++, p++) {
        quantizeRun(src, q, i, i + 1, invs[p]!, zps[p]!, qmin, qmax);
        dequantizeRun(q, dq, i, i + 1, zps[p]!, scales[p]!);
      }
    }
  }
}

/** `{ q, dq }` for `src`: the quantized integers and their dequantized float32 values. */
export function fakeQuantize(src: Float32Array, params: AffineParams, scaleRounding?: ScaleRounding): { q: Int8Array | Uint8Array; dq: Float32Array } {
  const q = allocateQuantized(params.target, params.layout.numel);
  const dq = new Float32Array(params.layout.numel);
  quantizeDequantizeInto(src, q, dq, params, scaleRounding);
  return { q, dq };
}
