import { describe, expect, it } from 'vitest';
import { dequantizeArray, quantizeArray } from './affine.ts';
import { paramLayout } from './layout.ts';
import { decode, loadGolden, type GoldenNumber, type QuantizeGoldenCase } from './testing.ts';

interface QuantizeCase extends QuantizeGoldenCase {
  readonly int_repr: readonly number[];
  readonly dequantize: readonly GoldenNumber[];
}

const golden = loadGolden<QuantizeCase>('quantize');

function paramsOf(c: QuantizeCase) {
  const target = c.dtype === 'qint8' ? 'int8' : 'uint8';
  return c.kind === 'per_tensor'
    ? ({ target, layout: paramLayout(c.shape), scales: [c.scale!], zeroPoints: [c.zero_point!] } as const)
    : ({
        target,
        layout: paramLayout(c.shape, { kind: 'channel', axis: c.axis! }),
        scales: c.scales!,
        zeroPoints: c.zero_points!,
      } as const);
}

describe('quantizeArray / dequantizeArray against torch.quantize_per_tensor / per_channel', () => {
  it('covers ties, specials and both dtypes', () => {
    expect(golden.cases.length).toBeGreaterThan(80);
  });

  for (const c of golden.cases) {
    it(`${c.kind} ${c.dtype} ${c.name}: int_repr and dequantize are bit-exact`, () => {
      const params = paramsOf(c);
      const q = quantizeArray(Float32Array.from(c.data.map(decode)), params);
      expect(Array.from(q)).toEqual(c.int_repr);
      expect(Array.from(dequantizeArray(q, params))).toEqual(c.dequantize.map(decode));
    });
  }
});

describe('quantizeArray rounding', () => {
  const layout = paramLayout([1]);
  const one = (x: number, scale: number, zp: number, target: 'int8' | 'uint8' = 'int8'): number =>
    quantizeArray([x], { target, layout, scales: [scale], zeroPoints: [zp] })[0]!;

  it('rounds exact ties to even (nearbyint)', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5].map((x) => one(x, 1, 0))).toEqual([0, 2, 2, 0, -2, -2]);
  });

  it('multiplies by float32(1 / scale) instead of dividing (reciprocal tie)', () => {
    // 0.273939937 / 0.00214854861 = 127.49999..., but times the float32 reciprocal it is 127.5.
    expect(one(0.273939937, 0.00214854861, 0, 'uint8')).toBe(128);
  });

  it('sends NaN, ±inf and overflowing products to qmin like torch', () => {
    expect([NaN, Infinity, -Infinity, 1e30, 3e9].map((x) => one(x, 0.1, 1))).toEqual([-128, -128, -128, -128, 127]);
  });

  it('refuses scale <= 0 and NaN scale', () => {
    expect(() => one(1, 0, 0)).toThrow(/scale must be a positive finite number, got 0/);
    expect(() => one(1, -0.5, 0)).toThrow(/got -0.5/);
    expect(() => one(1, NaN, 0)).toThrow(/scale is NaN/);
  });

  it('refuses zero points outside the target range', () => {
    expect(() => one(1, 0.1, 128)).toThrow(/zero_point 128 is above upper bound 127 of int8/);
  });

  it('names the shapes when data and parameters disagree', () => {
    expect(() => quantizeArray([1, 2, 3], { target: 'int8', layout: paramLayout([2, 2]), scales: [1], zeroPoints: [0] })).toThrow(
      /shape \[2, 2\] has 4 elements, got input 3/,
    );
    expect(() =>
      quantizeArray([1, 2, 3, 4], {
        target: 'int8',
        layout: paramLayout([2, 2], { kind: 'channel', axis: 0 }),
        scales: [1],
        zeroPoints: [0],
      }),
    ).toThrow(/expected 2 scales and zero points for parameter shape \[2\], got 1 scales/);
  });
});
