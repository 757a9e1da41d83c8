import { describe, expect, it } from 'vitest';
import { quantError } from './metrics.ts';
import { asymmetricQParams, computeQParams, symmetricQParams, symmetricScale } from './qparams.ts';
import { paramLayout } from './layout.ts';

describe('asymmetricQParams', () => {
  it('uses s = (max - min) / (qmax - qmin) and z = round(qmin - min / s)', () => {
    expect(asymmetricQParams(-1, 3, 'uint8')).toEqual({ scale: 4 / 255, zeroPoint: 64 });
    expect(asymmetricQParams(-1, 3, 'int8')).toEqual({ scale: 4 / 255, zeroPoint: -64 });
    expect(asymmetricQParams(-1, 3, 'int4')).toEqual({ scale: 4 / 15, zeroPoint: -4 });
    expect(asymmetricQParams(-1, 3, 'uint4')).toEqual({ scale: 4 / 15, zeroPoint: 4 });
  });

  it('widens the range to include 0', () => {
    expect(asymmetricQParams(2, 5.1, 'uint8')).toEqual({ scale: 5.1 / 255, zeroPoint: 0 });
    expect(asymmetricQParams(-5.1, -2, 'uint8')).toEqual({ scale: 5.1 / 255, zeroPoint: 255 });
  });

  it('handles min = max with the float32 eps floor', () => {
    expect(asymmetricQParams(0, 0, 'int8')).toEqual({ scale: 2 ** -23, zeroPoint: -128 });
    expect(asymmetricQParams(1.5, 1.5, 'uint8')).toEqual({ scale: 1.5 / 255, zeroPoint: 0 });
  });

  it('refuses non-finite or inverted ranges', () => {
    expect(() => asymmetricQParams(NaN, 1)).toThrow(/finite/);
    expect(() => asymmetricQParams(2, 1)).toThrow(/min \(2\) is greater than max \(1\)/);
  });
});

describe('symmetricScale', () => {
  it("offers the course convention (/127) and PyTorch's (/127.5)", () => {
    expect(symmetricScale(2.54)).toBe(2.54 / 127);
    expect(symmetricScale(2.54, { convention: 'course' })).toBe(2.54 / 127);
    expect(symmetricScale(2.54, { convention: 'pytorch' })).toBe(2.54 / 127.5);
    expect(symmetricScale(7, { target: 'int4' })).toBe(1);
    expect(symmetricScale(7, { target: 'int4', convention: 'pytorch' })).toBe(7 / 7.5);
  });

  it('symmetricQParams centres unsigned targets on their midpoint', () => {
    expect(symmetricQParams(1.27, 'uint8')).toEqual({ scale: 1.27 / 127, zeroPoint: 128 });
    expect(symmetricQParams(1.27, 'uint8', 'pytorch')).toEqual({ scale: 1.27 / 127.5, zeroPoint: 128 });
    expect(symmetricQParams(0.7, 'uint4')).toEqual({ scale: 0.7 / 7, zeroPoint: 8 });
    expect(symmetricQParams(0, 'int8').scale).toBe(2 ** -23);
  });
});

describe('computeQParams', () => {
  const data = [-1, 2, 0.5, -4, 3, 1, 0, 8]; // shape [2, 4]

  it('per tensor gives one pair', () => {
    const p = computeQParams(data, [2, 4], { target: 'uint8' });
    expect(Array.from(p.scales)).toEqual([12 / 255]);
    expect(Array.from(p.zeroPoints)).toEqual([85]);
    expect(p.layout.paramShape).toEqual([]);
  });

  it('per channel gives one pair per index along the axis', () => {
    const rows = computeQParams(data, [2, 4], { symmetric: true, granularity: { kind: 'channel', axis: 0 } });
    expect(Array.from(rows.scales)).toEqual([4 / 127, 8 / 127]);
    const cols = computeQParams(data, [2, 4], { symmetric: true, granularity: { kind: 'channel', axis: -1 } });
    expect(Array.from(cols.scales)).toEqual([3 / 127, 2 / 127, 0.5 / 127, 8 / 127]);
  });

  it('per group gives one pair per groupSize elements along the axis', () => {
    const p = computeQParams(data, [2, 4], { symmetric: true, target: 'int4', granularity: { kind: 'group', axis: 1, groupSize: 2 } });
    expect(p.layout.paramShape).toEqual([2, 2]);
    expect(Array.from(p.scales)).toEqual([2 / 7, 4 / 7, 3 / 7, 8 / 7]);
  });

  it('names the shape when the group size does not divide the axis', () => {
    expect(() => computeQParams(data, [2, 4], { granularity: { kind: 'group', axis: 1, groupSize: 3 } })).toThrow(
      /group size 3 must be a positive divisor of dimension 1 \(size 4\) of shape \[2, 4\]/,
    );
    expect(() => computeQParams(data, [3, 4])).toThrow(/data has 8 elements but shape \[3, 4\] needs 12/);
    expect(() => computeQParams([NaN], [1])).toThrow(/element 0 is NaN/);
  });

  it('paramLayout of a group along axis 0 keeps the other axes', () => {
    expect(paramLayout([4, 3], { kind: 'group', axis: 0, groupSize: 2 }).paramShape).toEqual([2, 3]);
  });
});

describe('quantError', () => {
  it('reports MSE, max abs error and SNR in dB', () => {
    const e = quantError([1, -2, 3, 0], [1.5, -2, 3, 0.5]);
    expect(e.mse).toBe(0.125);
    expect(e.maxAbsError).toBe(0.5);
    expect(e.snrDb).toBeCloseTo(10 * Math.log10(14 / 0.5), 12);
    expect(quantError([1, 2], [1, 2]).snrDb).toBe(Infinity);
    expect(() => quantError([1], [1, 2])).toThrow(/original has 1 elements but reconstructed has 2/);
  });
});
