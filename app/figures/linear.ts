// The numbers of the linear-mapping figure, all from the quant core:
// s and z from asymmetricQParams, q from quantizeArray, r' from dequantizeArray, |r - r'| from quantError.
import {
  type AffineParams, type QuantBits, type QuantTarget, QUANT_BITS, asymmetricQParams, dequantizeArray, paramLayout, qrange,
  quantError, quantizeArray, quantTarget,
} from '../torch/quant/index.ts';

/** Bit widths the quant core has targets for: 2 to 8. */
export const BIT_WIDTHS = QUANT_BITS;
export type BitWidth = QuantBits;

/** The width nearest to `n` that the core has (a lesson may ask for 1 or 16). */
export function toBitWidth(n: number): BitWidth {
  const lo = BIT_WIDTHS[0];
  const hi = BIT_WIDTHS[BIT_WIDTHS.length - 1] ?? lo;
  const rounded = Math.min(hi, Math.max(lo, Math.round(Number.isFinite(n) ? n : hi)));
  return BIT_WIDTHS.find((b) => b === rounded) ?? hi;
}

export interface Mapping {
  readonly target: QuantTarget;
  readonly qmin: number;
  readonly qmax: number;
  readonly scale: number;
  readonly zeroPoint: number;
  readonly params: AffineParams;
}

export function mapping(rmin: number, rmax: number, bits: BitWidth, signed: boolean): Mapping {
  const target = quantTarget(bits, signed);
  const { scale, zeroPoint } = asymmetricQParams(rmin, rmax, target);
  const params: AffineParams = { target, layout: paramLayout([1]), scales: [scale], zeroPoints: [zeroPoint] };
  return { target, ...qrange(target), scale, zeroPoint, params };
}

export interface PointResult {
  readonly q: number;
  /** s (q - z) as the core dequantizes it (float32). */
  readonly dequantized: number;
  /** |r - r'|. */
  readonly error: number;
  /** q sits at qmin or qmax and r is more than s/2 beyond that level: round(r / s) + z fell outside and was clamped. */
  readonly clamped: boolean;
}

/** `grid` is levels(m). */
export function mapPoint(r: number, m: Mapping, grid: Float32Array): PointResult {
  const q = quantizeArray([r], m.params)[0]!;
  const dequantized = dequantizeArray([q], m.params)[0]!;
  const error = quantError([r], [dequantized]).maxAbsError;
  const beyond = (q === m.qmin && r < grid[0]!) || (q === m.qmax && r > grid[grid.length - 1]!);
  const clamped = beyond && error > m.scale / 2;
  return { q, dequantized, error, clamped };
}

/** Every value the mapping can give back: s (q - z) for q = qmin … qmax. */
export function levels(m: Mapping): Float32Array {
  const qs = Array.from({ length: m.qmax - m.qmin + 1 }, (_, i) => m.qmin + i);
  return dequantizeArray(qs, { ...m.params, layout: paramLayout([qs.length]) });
}
