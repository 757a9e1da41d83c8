// The numbers of the integer-ranges figure: each dtype's bounds from torch.iinfo (int64 as bigint),
// "does the value fit", and the symmetric-log axis's ticks. Plain TS.
import { uint8, int8, int16, int32, int64 } from '../torch/dtype.ts';
import { iinfo } from '../torch/info.ts';
import { parseInteger } from './format.ts';

export interface IntRange {
  readonly dtype: string;
  readonly bits: number;
  readonly min: bigint;
  readonly max: bigint;
}

export const RANGES: readonly IntRange[] = [uint8, int8, int16, int32, int64].map((d) => {
  const info = iinfo(d);
  return { dtype: info.dtype, bits: info.bits, min: BigInt(info.min), max: BigInt(info.max) };
});

export const fits = (r: IntRange, v: bigint): boolean => r.min <= v && v <= r.max;

/** The dtypes that hold the typed number (null: it is not a whole number). */
export function holdersOf(text: string): { value: bigint; holders: string[] } | null {
  const value = parseInteger(text);
  return value === null ? null : { value, holders: RANGES.filter((r) => fits(r, value)).map((r) => r.dtype) };
}

export const TICKS = [-1e18, -1e12, -1e6, -1e3, 0, 1e3, 1e6, 1e12, 1e18];
export const X_DOMAIN = [-1e19, 1e19] as const;
const SUP: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };
export const tickText = (t: number): string =>
  t === 0 ? '0' : `${t < 0 ? '−' : ''}10${String(Math.round(Math.log10(Math.abs(t)))).replace(/\d/g, (d) => SUP[d]!)}`;

/** Observable Plot's symlog transform (constant 1): linear near 0, logarithmic beyond. */
export const symlog = (x: number): number => Math.sign(x) * Math.log1p(Math.abs(x));
