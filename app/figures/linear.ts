// The numbers of the linear-mapping figure, all from the quant core:
// s and z from asymmetricQParams, q from quantizeArray, r' from dequantizeArray, |r - r'| from quantError.
import {
  type AffineParams,
  type QuantBits,
  type QuantTarget,
  QUANT_BITS,
  asymmetricQParams,
  dequantizeArray,
  paramLayout,
  qrange,
  quantError,
  quantizeArray,
  quantTarget,
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

/** The r axis of the drawing (Fig. 14.1) and of the r slider. */
export const R_DOMAIN = [-5, 5] as const;

const STEP = 0.01;
/** Slider positions are multiples of STEP; keep dragged and lesson-given values on the same grid. */
export const snapToStep = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, Math.round(v / STEP) / (1 / STEP)));

/** The drawing's geometry, shared by the live figure (LinearMappingSvg.tsx) and its static copy (linear-mapping-svg.ts). */
export const LINEAR_GEOMETRY = { width: 680, height: 210, margin: 36, yR: 56, yQ: 156 } as const;
const G = LINEAR_GEOMETRY;
/** r → x. */
export const rToX = (r: number): number => G.margin + ((r - R_DOMAIN[0]) / (R_DOMAIN[1] - R_DOMAIN[0])) * (G.width - 2 * G.margin);
/** x → r (dragging). */
export const xToR = (x: number): number => R_DOMAIN[0] + ((x - G.margin) / (G.width - 2 * G.margin)) * (R_DOMAIN[1] - R_DOMAIN[0]);
/** q → x: each integer level gets an equal slot across the axis. */
export const qToX = (q: number, m: Mapping): number => G.margin + ((q - m.qmin + 0.5) / (m.qmax - m.qmin + 1)) * (G.width - 2 * G.margin);
/** Which q ticks are drawn, and which of them get a number (all for few levels; qmin, qmax, z and multiples of 32 otherwise). */
export function qTicks(m: Mapping): { q: number; labelled: boolean }[] {
  const count = m.qmax - m.qmin + 1;
  const marked = new Set([m.qmin, m.qmax, m.zeroPoint]);
  return Array.from({ length: count }, (_, i) => m.qmin + i)
    .filter((q) => count <= 32 || marked.has(q) || q % 32 === 0)
    .map((q) => ({ q, labelled: count <= 16 || marked.has(q) }));
}
export const R_TICKS = [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5] as const;
