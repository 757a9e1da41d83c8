// Weight encodings, computed with the numeric core (app/torch): float16/bfloat16 bits and
// 8-bit linear quantization (per tensor / per channel, symmetric / affine). Each also gives
// back the float32 values a runtime will reconstruct, for error metrics and histograms.
import { bf16BitsToFloat32Array, f16BitsToFloat32Array, float32ArrayToBf16Bits, float32ArrayToF16Bits } from '../torch/half.ts';
import { type AffineParams, computeQParams, dequantizeArray, paramLayout, quantizeArray } from '../torch/quant/index.ts';
import { type ParamLayout, minMaxPerParam } from '../torch/quant/layout.ts';
import { FLOAT32_EPS } from '../torch/quant/targets.ts';

/**
 * ONNX Runtime's int8 range with reduce_range (quant_utils.py's ONNX_INT_TYPE_REDUCED_RANGE):
 * [-64, 64], so symmetric scale = 2·max|w| / (64 − (−64)) = max|w| / 64 (7-bit weights: a u8 × s8
 * pair sum then fits int16, which x86 without VNNI, and linear-int8.ts's relaxed kernel, rely on).
 */
export const REDUCED_INT8_RANGE = { qmin: -64, qmax: 64 } as const;

export type HalfFormat = 'float16' | 'bfloat16';

export function encodeHalf(data: Float32Array, format: HalfFormat): Uint16Array {
  return format === 'float16' ? float32ArrayToF16Bits(data) : float32ArrayToBf16Bits(data);
}

export function decodeHalf(bits: Uint16Array, format: HalfFormat): Float32Array {
  return format === 'float16' ? f16BitsToFloat32Array(bits) : bf16BitsToFloat32Array(bits);
}

export interface Int8Options {
  readonly granularity: 'tensor' | 'channel';
  /** Symmetric: zero point 0, scale = max|w| / 127. Affine: the range [min, max] (widened to 0) over 256 steps. */
  readonly symmetric: boolean;
  /** Channel axis (already resolved for the consuming operator); ignored per tensor. */
  readonly axis: number;
  /** ONNX Runtime's reduce_range: symmetric weights in [-64, 64], scale = max|w| / 64 (symmetric only). */
  readonly reduceRange?: boolean;
}

export interface Int8Weight {
  readonly q: Int8Array;
  /** float32 scales as stored in the model: one per tensor or one per channel. */
  readonly scales: Float32Array;
  readonly zeroPoints: Int8Array;
  readonly shape: readonly number[];
  /** Present per channel. */
  readonly axis?: number;
}

export function quantizeInt8(data: Float32Array, shape: readonly number[], options: Int8Options): Int8Weight {
  const granularity =
    options.granularity === 'channel' ? ({ kind: 'channel', axis: options.axis } as const) : ({ kind: 'tensor' } as const);
  const qp = computeQParams(data, shape, { target: 'int8', symmetric: options.symmetric, convention: 'course', granularity });
  if (options.reduceRange === true && !options.symmetric)
    throw new RangeError('quantizeInt8: reduce_range is implemented for symmetric weights only (the dynamic format)');
  // The file stores float32 scales, so quantize with exactly those: what DequantizeLinear
  // multiplies by is then what we quantized against.
  const scales = options.reduceRange === true ? reducedScales(data, qp.layout) : Float32Array.from(qp.scales);
  const params: AffineParams = { target: 'int8', layout: qp.layout, scales, zeroPoints: qp.zeroPoints };
  const q = quantizeArray(data, params);
  if (!(q instanceof Int8Array)) throw new TypeError('quantizeInt8: the numeric core returned non-int8 storage');
  return {
    q,
    scales,
    zeroPoints: Int8Array.from(qp.zeroPoints),
    shape,
    ...(options.granularity === 'channel'
      ? { axis: qp.layout.granularity.kind === 'channel' ? qp.layout.granularity.axis : options.axis }
      : {}),
  };
}

/** max|w| / 64 per parameter (the range widened to 0, float32 eps at least, as computeQParams's 8-bit scales), in float32. */
function reducedScales(data: Float32Array, layout: ParamLayout): Float32Array {
  const { min, max } = minMaxPerParam(data, layout);
  return Float32Array.from({ length: layout.paramCount }, (_, p) => {
    const lo = min[p] === Infinity ? 0 : min[p]!;
    const hi = max[p] === -Infinity ? 0 : max[p]!;
    return Math.max(Math.max(-lo, hi, 0) / REDUCED_INT8_RANGE.qmax, FLOAT32_EPS);
  });
}

/** (q - z) · s in float32, as ONNX DequantizeLinear computes it. */
export function dequantizeInt8(w: Int8Weight): Float32Array {
  const layout = w.axis === undefined ? paramLayout(w.shape) : paramLayout(w.shape, { kind: 'channel', axis: w.axis });
  return dequantizeArray(w.q, { target: 'int8', layout, scales: w.scales, zeroPoints: w.zeroPoints }, 'float32');
}
