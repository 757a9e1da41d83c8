// Seeded property tests: the run-based kernels against a plain element-by-element reference.
import { describe, expect, it } from 'vitest';
import { dequantizeArray, quantizeArray } from './affine.ts';
import type { Granularity } from './layout.ts';
import { computeQParams } from './qparams.ts';
import { QUANT_BITS, type QuantTarget, qrange, quantTarget } from './targets.ts';
import { gaussian, seededRandom, withinTolerance } from './testing.ts';

/** Reference: unravel every index, find its parameter, round by comparing the fraction. */
function referenceQuantize(
  x: Float32Array,
  shape: readonly number[],
  g: Granularity,
  scales: Float64Array,
  zps: Int32Array,
  target: QuantTarget,
): number[] {
  const { qmin, qmax } = qrange(target);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const idx = shape.map((d, k) => Math.floor(i / strides[k]!) % d);
    let p = 0;
    if (g.kind === 'channel') p = idx[(g.axis + shape.length) % shape.length]!;
    if (g.kind === 'group') {
      const pIdx = idx.map((v, k) => (k === g.axis ? Math.floor(v / g.groupSize) : v));
      const pShape = shape.map((d, k) => (k === g.axis ? d / g.groupSize : d));
      p = pIdx.reduce((acc, v, k) => acc * pShape[k]! + v, 0);
    }
    const t = Math.fround(x[i]! * Math.fround(1 / Math.fround(scales[p]!)));
    const f = Math.floor(t);
    const frac = t - f;
    const r = frac > 0.5 ? f + 1 : frac < 0.5 ? f : f % 2 === 0 ? f : f + 1;
    out.push(Math.min(qmax, Math.max(qmin, r + zps[p]!)));
  }
  return out;
}

const TARGETS: readonly QuantTarget[] = QUANT_BITS.flatMap((bits) => [quantTarget(bits, true), quantTarget(bits, false)]);

function randomCase(seed: number) {
  const rand = seededRandom(seed);
  const ndim = 1 + Math.floor(rand() * 3);
  const shape = Array.from({ length: ndim }, () => 1 + Math.floor(rand() * 6) * 2);
  const n = shape.reduce((a, b) => a * b, 1);
  const spread = 10 ** (rand() * 6 - 3);
  const offset = (rand() - 0.5) * spread * 4;
  const x = Float32Array.from({ length: n }, () => offset + gaussian(rand) * spread);
  const axis = Math.floor(rand() * ndim);
  const kinds: Granularity[] = [
    { kind: 'tensor' },
    { kind: 'channel', axis },
    { kind: 'group', axis, groupSize: shape[axis]! % 2 === 0 ? 2 : 1 },
  ];
  const granularity = kinds[Math.floor(rand() * 3)]!;
  const target = TARGETS[Math.floor(rand() * 4)]!;
  const symmetric = rand() < 0.5;
  return { x, shape, granularity, target, symmetric };
}

describe('quantizeArray matches the element-by-element reference', () => {
  for (let seed = 1; seed <= 40; seed++) {
    it(`random shape, granularity and target (seed ${seed})`, () => {
      const { x, shape, granularity, target, symmetric } = randomCase(seed);
      const p = computeQParams(x, shape, { target, symmetric, granularity });
      const q = quantizeArray(x, { target, layout: p.layout, scales: p.scales, zeroPoints: p.zeroPoints });
      expect(Array.from(q)).toEqual(referenceQuantize(x, shape, p.layout.granularity, p.scales, p.zeroPoints, target));
    });
  }
});

describe('round trip error', () => {
  for (const seed of [7, 11, 23, 42, 99, 1234]) {
    it(`dequant(quant(x)) is within scale/2 of x (seed ${seed})`, () => {
      const { x, shape, granularity, target } = randomCase(seed);
      // Asymmetric params cover [min, max], so every x is in range and only rounding is lost.
      const p = computeQParams(x, shape, { target, granularity });
      const params = { target, layout: p.layout, scales: p.scales, zeroPoints: p.zeroPoints };
      const back = dequantizeArray(quantizeArray(x, params), params, 'float64');
      const failures: string[] = [];
      for (let i = 0; i < x.length; i++) {
        const s = scaleOf(i, shape, p.layout.granularity, p.scales);
        // Half a step, plus float32 rounding of x * (1/s) and of the float32 result.
        const msg = withinTolerance(back[i]!, x[i]!, { abs: (s / 2) * (1 + 2 ** -20), rel: 2 ** -22 });
        if (msg) failures.push(`x[${i}]: ${msg}`);
      }
      expect(failures).toEqual([]);
    });
  }

  it('symmetric quantization maps 0 to the zero point exactly (seed 5)', () => {
    const { x, shape, granularity, target } = randomCase(5);
    x[0] = 0;
    const p = computeQParams(x, shape, { target, granularity, symmetric: true });
    const q = quantizeArray(x, { target, layout: p.layout, scales: p.scales, zeroPoints: p.zeroPoints });
    expect(q[0]).toBe(p.zeroPoints[0]);
  });
});

function scaleOf(i: number, shape: readonly number[], g: Granularity, scales: Float64Array): number {
  const strides = shape.map((_, k) => shape.slice(k + 1).reduce((a, b) => a * b, 1));
  const idx = shape.map((d, k) => Math.floor(i / strides[k]!) % d);
  if (g.kind === 'tensor') return scales[0]!;
  if (g.kind === 'channel') return scales[idx[g.axis]!]!;
  const pShape = shape.map((d, k) => (k === g.axis ? d / g.groupSize : d));
  return scales[idx.map((v, k) => (k === g.axis ? Math.floor(v / g.groupSize) : v)).reduce((acc, v, k) => acc * pShape[k]! + v, 0)]!;
}
