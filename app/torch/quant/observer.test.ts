import { describe, expect, it } from 'vitest';
import { minmaxQParams, observerQParams, perChannelMinmaxQParams, type ObserverDtype } from './observer.ts';
import { decode, loadGolden, type GoldenNumber } from './testing.ts';

interface ObserverCase {
  readonly kind: 'per_tensor' | 'per_channel';
  readonly name: string;
  readonly data: readonly GoldenNumber[];
  readonly shape: readonly number[];
  readonly axis?: number;
  readonly dtype: ObserverDtype;
  readonly qscheme: 'per_tensor_affine' | 'per_tensor_symmetric' | 'per_channel_affine' | 'per_channel_symmetric';
  readonly scale: GoldenNumber | readonly GoldenNumber[];
  readonly zero_point: number | readonly number[];
}

const golden = loadGolden<ObserverCase>('observer');

describe('observer qparams against torch goldens', () => {
  it('has goldens from torch 1.13', () => {
    expect(golden.torch).toMatch(/^1\.13/);
    expect(golden.cases.length).toBeGreaterThan(100);
  });

  for (const c of golden.cases.filter((g) => g.kind === 'per_tensor')) {
    it(`minmaxQParams matches MinMaxObserver: ${c.name} ${c.dtype} ${c.qscheme}`, () => {
      const qscheme = c.qscheme === 'per_tensor_symmetric' ? 'per_tensor_symmetric' : 'per_tensor_affine';
      const got = minmaxQParams(c.data.map(decode), { dtype: c.dtype, qscheme });
      expect(got.scale).toBe(decode(c.scale as GoldenNumber));
      expect(got.zero_point).toBe(c.zero_point);
    });
  }

  for (const c of golden.cases.filter((g) => g.kind === 'per_channel')) {
    it(`perChannelMinmaxQParams matches PerChannelMinMaxObserver: ${c.name} axis=${c.axis} ${c.dtype} ${c.qscheme}`, () => {
      const qscheme = c.qscheme === 'per_channel_symmetric' ? 'per_channel_symmetric' : 'per_channel_affine';
      const got = perChannelMinmaxQParams(c.data.map(decode), c.shape, { axis: c.axis ?? 0, dtype: c.dtype, qscheme });
      expect(Array.from(got.scales)).toEqual((c.scale as readonly GoldenNumber[]).map(decode));
      expect(Array.from(got.zero_points)).toEqual(c.zero_point);
    });
  }
});

describe('observerQParams', () => {
  it('uses max|r| / 127.5 for symmetric qint8, not / 127', () => {
    expect(observerQParams(-2.55, 1, 'qint8', true).scale).toBe(Math.fround(Math.fround(2.55) / 127.5));
    expect(observerQParams(-2.55, 1, 'quint8', true).zero_point).toBe(128);
  });

  it('gives scale eps and zero point qmin / -round(0) when min = max = 0', () => {
    expect(observerQParams(0, 0, 'quint8', false)).toEqual({ scale: 2 ** -23, zero_point: 0 });
    expect(observerQParams(0, 0, 'qint8', false)).toEqual({ scale: 2 ** -23, zero_point: -128 });
  });

  it('returns scale 1, zero point 0 for an observer that saw nothing', () => {
    expect(observerQParams(Infinity, -Infinity, 'qint8', false)).toEqual({ scale: 1, zero_point: 0 });
    expect(minmaxQParams([], { dtype: 'qint8' })).toMatchObject({ scale: 1, zero_point: 0 });
  });

  it('perChannelMinmaxQParams names the shape when the axis is out of range', () => {
    expect(() => perChannelMinmaxQParams([1, 2], [2], { axis: 1 })).toThrow(/axis 1 is out of range for a tensor of shape \[2\]/);
  });
});
