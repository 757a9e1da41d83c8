/**
 * Scale and zero point from a range, in plain double arithmetic (the course's formulas).
 * For PyTorch's float32-exact observer values use observer.ts.
 *
 *   asymmetricQParams(-1.2, 3.4, 'uint8')      // s = (max - min) / (qmax - qmin), z = round(qmin - min / s)
 *   symmetricQParams(2.5, 'int8')               // z = 0, s = max|r| / 127 (course) ...
 *   symmetricScale(2.5, { convention: 'pytorch' }) // ... or max|r| / 127.5 = (qmax - qmin) / 2 (PyTorch)
 *   computeQParams(data, [4, 8], { granularity: { kind: 'channel', axis: 0 } })
 *
 * Like PyTorch's observers the range is first widened to include 0 (so 0.0 is exactly
 * representable, which zero padding and ReLU rely on), and a scale below float32 eps is
 * raised to eps (so min = max still gives a usable scale).
 */
import { roundHalfEven } from '../fixed-format.ts';
import { type Granularity, type ParamLayout, minMaxPerParam, paramLayout } from './layout.ts';
import { FLOAT32_EPS, type QuantTarget, isSignedTarget, qrange } from './targets.ts';

export interface ScaleZeroPoint {
  readonly scale: number;
  readonly zeroPoint: number;
}

/** 'course': max|r| / qmax (127 for int8). 'pytorch': max|r| / ((qmax - qmin) / 2) (127.5 for int8). */
export type SymmetricConvention = 'course' | 'pytorch';

export interface QParamsOptions {
  readonly target?: QuantTarget;
  readonly symmetric?: boolean;
  readonly convention?: SymmetricConvention;
  readonly granularity?: Granularity;
  /** Smallest allowed scale; default float32 eps (2^-23) like PyTorch. */
  readonly eps?: number;
}

export interface QParams {
  readonly target: QuantTarget;
  readonly symmetric: boolean;
  readonly layout: ParamLayout;
  readonly scales: Float64Array;
  readonly zeroPoints: Int32Array;
}

function checkRange(min: number, max: number): void {
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new RangeError(`range must be finite, got min=${min}, max=${max}`);
  if (min > max) throw new RangeError(`min (${min}) is greater than max (${max})`);
}

export function asymmetricQParams(min: number, max: number, target: QuantTarget = 'int8', eps = FLOAT32_EPS): ScaleZeroPoint {
  checkRange(min, max);
  const { qmin, qmax } = qrange(target);
  const lo = Math.min(min, 0);
  const hi = Math.max(max, 0);
  const scale = Math.max((hi - lo) / (qmax - qmin), eps);
  const z = qmin - roundHalfEven(lo / scale);
  return { scale, zeroPoint: Math.min(qmax, Math.max(qmin, z)) + 0 };
}

export function symmetricScale(
  maxAbs: number,
  {
    target = 'int8',
    convention = 'course',
    eps = FLOAT32_EPS,
  }: { target?: QuantTarget; convention?: SymmetricConvention; eps?: number } = {},
): number {
  if (!(maxAbs >= 0) || maxAbs === Infinity) throw new RangeError(`maxAbs must be a finite number >= 0, got ${maxAbs}`);
  const { qmin, qmax } = qrange(target);
  // Unsigned targets centre on the midpoint, so their positive half is qmax - zero point.
  const positiveSteps = isSignedTarget(target) ? qmax : qmax - symmetricZeroPoint(target);
  const divisor = convention === 'pytorch' ? (qmax - qmin) / 2 : positiveSteps;
  return Math.max(maxAbs / divisor, eps);
}

/** 0 for signed targets; the midpoint (128 for uint8, 8 for uint4) for unsigned ones, as PyTorch's quint8. */
export function symmetricZeroPoint(target: QuantTarget): number {
  const { qmin, qmax } = qrange(target);
  return isSignedTarget(target) ? 0 : (qmin + qmax + 1) / 2;
}

export function symmetricQParams(
  maxAbs: number,
  target: QuantTarget = 'int8',
  convention: SymmetricConvention = 'course',
  eps = FLOAT32_EPS,
): ScaleZeroPoint {
  return { scale: symmetricScale(maxAbs, { target, convention, eps }), zeroPoint: symmetricZeroPoint(target) };
}

/** Scales and zero points for a row-major array of the given shape. */
export function computeQParams(data: ArrayLike<number>, shape: readonly number[], options: QParamsOptions = {}): QParams {
  const { target = 'int8', symmetric = false, convention = 'course', eps = FLOAT32_EPS } = options;
  const layout = paramLayout(shape, options.granularity);
  const { min, max } = minMaxPerParam(data, layout);
  const scales = new Float64Array(layout.paramCount);
  const zeroPoints = new Int32Array(layout.paramCount);
  for (let p = 0; p < layout.paramCount; p++) {
    // An empty tensor has no range: treat it as [0, 0].
    const lo = min[p] === Infinity ? 0 : min[p]!;
    const hi = max[p] === -Infinity ? 0 : max[p]!;
    const sz = symmetric ? symmetricQParams(Math.max(-lo, hi, 0), target, convention, eps) : asymmetricQParams(lo, hi, target, eps);
    scales[p] = sz.scale;
    zeroPoints[p] = sz.zeroPoint;
  }
  return { target, symmetric, layout, scales, zeroPoints };
}
