// Helpers for the quant tests only (seeded randomness, tolerances, golden files).
// Not imported by app code: it reads files with Node's fs.
import { readFileSync } from 'node:fs';

export { seededRandom } from '../../shared/seeded-random.ts';

/** Standard normal samples (Box-Muller) from a seeded uniform source. */
export function gaussian(rand: () => number): number {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** |actual - expected| <= abs + rel * |expected|, with a message naming both numbers. */
export function withinTolerance(actual: number, expected: number, { abs = 0, rel = 0 }: { abs?: number; rel?: number }): string | null {
  const bound = abs + rel * Math.abs(expected);
  return Math.abs(actual - expected) <= bound ? null : `${actual} differs from ${expected} by more than ${bound}`;
}

export type GoldenNumber = number | 'nan' | 'inf' | '-inf';

export function decode(v: GoldenNumber): number {
  return v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v;
}

export interface GoldenFile<C> {
  readonly torch: string;
  readonly seed: number;
  readonly cases: readonly C[];
}

/** Reads app/torch/goldens/quant-<name>.json (written by scripts/goldens/torch_quant.py). */
export function loadGolden<C>(name: string): GoldenFile<C> {
  const url = new URL(`../goldens/quant-${name}.json`, import.meta.url);
  const parsed: GoldenFile<C> = JSON.parse(readFileSync(url, 'utf8'));
  return parsed;
}

/** One quantize_per_tensor / quantize_per_channel case of goldens/quant-quantize.json. */
export interface QuantizeGoldenCase {
  readonly kind: 'per_tensor' | 'per_channel';
  readonly name: string;
  readonly data: readonly GoldenNumber[];
  readonly shape: readonly number[];
  readonly dtype: 'qint8' | 'quint8';
  readonly scale?: number;
  readonly zero_point?: number;
  readonly axis?: number;
  readonly scales?: readonly number[];
  readonly zero_points?: readonly number[];
  readonly int_repr?: readonly number[];
  readonly dequantize?: readonly GoldenNumber[];
}
