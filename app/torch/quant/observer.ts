/**
 * PyTorch 1.13's MinMaxObserver / PerChannelMinMaxObserver qparams, float32-exact
 * (reduce_range=False, default quant_min/quant_max). Every step is rounded to float32
 * like torch's float32 tensors:
 *
 *   min_neg = min(min, 0), max_pos = max(max, 0)
 *   affine:     scale = max((max_pos - min_neg) / (qmax - qmin), eps)
 *               zero_point = clamp(qmin - round_half_even(min_neg / scale), qmin, qmax)
 *   symmetric:  scale = max(max(-min_neg, max_pos) / ((qmax - qmin) / 2), eps)   ← /127.5, not /127
 *               zero_point = 0 (qint8) or 128 (quint8)
 *   eps = float32 eps = 2^-23; an observer that saw nothing gives scale 1, zero_point 0.
 */
import { roundHalfEven } from '../fixed-format.ts';
import { minMaxPerParam, paramLayout } from './layout.ts';
import { FLOAT32_EPS, qrange } from './targets.ts';

export type ObserverDtype = 'qint8' | 'quint8';
export type QSchemeName = 'per_tensor_affine' | 'per_tensor_symmetric' | 'per_channel_affine' | 'per_channel_symmetric';

export interface ObserverQParams {
  /** A float32 value (PyTorch returns a float32 tensor). */
  readonly scale: number;
  readonly zero_point: number;
}

const f32 = Math.fround;

/** qparams for an observed [min, max], as `_calculate_qparams` computes them. */
export function observerQParams(minVal: number, maxVal: number, dtype: ObserverDtype, symmetric: boolean): ObserverQParams {
  if (!Number.isFinite(minVal) || !Number.isFinite(maxVal)) return { scale: 1, zero_point: 0 };
  if (minVal > maxVal) throw new RangeError(`min ${minVal} should be less than max ${maxVal}`);
  const { qmin, qmax } = qrange(dtype === 'qint8' ? 'int8' : 'uint8');
  const minNeg = Math.min(f32(minVal), 0);
  const maxPos = Math.max(f32(maxVal), 0);
  if (symmetric) {
    const scale = Math.max(f32(Math.max(-minNeg, maxPos) / ((qmax - qmin) / 2)), FLOAT32_EPS);
    return { scale, zero_point: dtype === 'qint8' ? 0 : 128 };
  }
  const scale = Math.max(f32(f32(maxPos - minNeg) / (qmax - qmin)), FLOAT32_EPS);
  const zp = qmin - roundHalfEven(f32(minNeg / scale));
  return { scale, zero_point: Math.min(qmax, Math.max(qmin, zp)) + 0 };
}

function isSymmetric(qscheme: QSchemeName): boolean {
  return qscheme === 'per_tensor_symmetric' || qscheme === 'per_channel_symmetric';
}

export interface MinMaxOptions {
  /** PyTorch's default is quint8. */
  readonly dtype?: ObserverDtype;
  readonly qscheme?: 'per_tensor_affine' | 'per_tensor_symmetric';
}

/** MinMaxObserver over float32 values (numbers are rounded to float32 first, as torch.tensor would). */
export function minmaxQParams(
  data: ArrayLike<number>,
  options: MinMaxOptions = {},
): ObserverQParams & { readonly min_val: number; readonly max_val: number } {
  const { dtype = 'quint8', qscheme = 'per_tensor_affine' } = options;
  const { min, max } = minMaxPerParam(data, paramLayout([data.length]));
  const minVal = f32(min[0]!);
  const maxVal = f32(max[0]!);
  return { ...observerQParams(minVal, maxVal, dtype, isSymmetric(qscheme)), min_val: minVal, max_val: maxVal };
}

export interface PerChannelOptions {
  readonly axis?: number;
  readonly dtype?: ObserverDtype;
  readonly qscheme?: 'per_channel_affine' | 'per_channel_symmetric';
}

export interface PerChannelQParams {
  readonly scales: Float32Array;
  /** int64 in PyTorch; every value fits an int32. */
  readonly zero_points: Int32Array;
  readonly min_vals: Float32Array;
  readonly max_vals: Float32Array;
  readonly axis: number;
}

/** PerChannelMinMaxObserver (ch_axis = axis) over a row-major array of `shape`. */
export function perChannelMinmaxQParams(
  data: ArrayLike<number>,
  shape: readonly number[],
  options: PerChannelOptions = {},
): PerChannelQParams {
  const { axis = 0, dtype = 'quint8', qscheme = 'per_channel_affine' } = options;
  const layout = paramLayout(shape, { kind: 'channel', axis });
  const { min, max } = minMaxPerParam(data, layout);
  const n = layout.paramCount;
  const scales = new Float32Array(n);
  const zeroPoints = new Int32Array(n);
  for (let c = 0; c < n; c++) {
    const qp = observerQParams(min[c]!, max[c]!, dtype, isSymmetric(qscheme));
    scales[c] = qp.scale;
    zeroPoints[c] = qp.zero_point;
  }
  const axisOut = layout.granularity.kind === 'channel' ? layout.granularity.axis : 0;
  return { scales, zero_points: zeroPoints, min_vals: Float32Array.from(min), max_vals: Float32Array.from(max), axis: axisOut };
}
