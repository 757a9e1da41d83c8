// The seeded cases of the dynamic-int8 Linear tests (Node: linear-int8.test.ts; Chromium:
// tests/e2e/wasm-int8.spec.ts), so both engines run the same shapes and data: BLIP's shapes
// (577 × 768 → 2304 in the vision encoder, 1 × 768 → 30524 the decoder's LM head), odd sizes, K not
// a multiple of 16 and across the K block of 1024, and inputs whose zero point is 0 or 255 or that
// are all zero (scale 1).
import { seededRandom } from '../shared/seeded-random.ts';
import type { LinearSpec } from './linear-f32.ts';

export interface Int8Case {
  readonly seed: number;
  readonly M: number;
  readonly K: number;
  readonly N: number;
  readonly bias: boolean;
  readonly granularity: 'tensor' | 'channel';
  readonly reduceRange: boolean;
  /** the input's range: x uniform in [lo, hi) (both 0: all zero) */
  readonly x: readonly [lo: number, hi: number];
}

const base = { bias: true, granularity: 'tensor', reduceRange: false, x: [-3, 5] } as const;

export const INT8_CASES: readonly Int8Case[] = [
  { ...base, seed: 1, M: 577, K: 768, N: 2304 }, // BLIP's vision QKV
  { ...base, seed: 2, M: 577, K: 768, N: 2304, reduceRange: true },
  { ...base, seed: 3, M: 1, K: 768, N: 30524, reduceRange: true }, // the decoder's LM head, one token
  { ...base, seed: 4, M: 1, K: 768, N: 30524, granularity: 'channel' },
  { ...base, seed: 5, M: 97, K: 257, N: 13, reduceRange: true, granularity: 'channel' },
  { ...base, seed: 6, M: 61, K: 770, N: 176, bias: false },
  { ...base, seed: 7, M: 3, K: 1031, N: 9, reduceRange: true, x: [0.5, 2] }, // K across kc = 1024; all positive: zero point 0
  { ...base, seed: 8, M: 5, K: 3, N: 1, x: [-2, -0.25] }, // all negative: zero point 255
  { ...base, seed: 9, M: 2, K: 40, N: 17, reduceRange: true, x: [0, 0] }, // all zero: scale 1, y = bias
  { ...base, seed: 10, M: 13, K: 3072, N: 24, reduceRange: true, granularity: 'channel', bias: false }, // fc2's K
];

export const int8CaseName = (c: Int8Case): string =>
  `seed ${c.seed}: M ${c.M}, K ${c.K}, N ${c.N}, ${c.bias ? 'bias' : 'no bias'}, per ${c.granularity}${c.reduceRange ? ', reduce_range' : ''}, x in [${c.x.join(', ')})`;

/** The case's x [M, K] and Linear (W [N, K] uniform in [-0.5, 0.5), b in [-1, 1)) from its seed. */
export function int8CaseData(c: Int8Case): { x: Float32Array; spec: LinearSpec } {
  const random = seededRandom(c.seed);
  const weight = Float32Array.from({ length: c.N * c.K }, () => random() - 0.5);
  const [lo, hi] = c.x;
  return {
    x: Float32Array.from({ length: c.M * c.K }, () => lo + random() * (hi - lo)),
    spec: {
      name: `case-${c.seed}`,
      inFeatures: c.K,
      outFeatures: c.N,
      weight,
      bias: c.bias ? Float32Array.from({ length: c.N }, () => random() * 2 - 1) : null,
    },
  };
}
