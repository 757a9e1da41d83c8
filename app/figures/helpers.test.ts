import { describe, expect, it } from 'vitest';
import { levels, mapPoint, mapping } from './linear.ts';
import { OUTLIER_INDEX, levelsOf, measure, seededTensor, sweep, withOutlier } from './dynamic.ts';
import { parseMeasurements, ratioText, sizeText } from './ptq.ts';

describe('linear mapping', () => {
  it('rmin -1, rmax 1 on uint8: s = 2/255, z = 128; on int8 z = 0', () => {
    const u = mapping(-1, 1, 8, false);
    expect(u).toMatchObject({ target: 'uint8', qmin: 0, qmax: 255, scale: 2 / 255, zeroPoint: 128 });
    expect(mapping(-1, 1, 8, true)).toMatchObject({ target: 'int8', scale: 2 / 255, zeroPoint: 0 });
    expect(mapping(-1, 1, 4, false)).toMatchObject({ target: 'uint4', scale: 2 / 15, zeroPoint: 8 });
  });
  it('quantizes a point like the kernels (float32 reciprocal, half to even) and measures |r - r′|', () => {
    const m = mapping(-1, 1, 8, false);
    const grid = levels(m);
    expect(grid).toHaveLength(256);
    expect(grid[m.zeroPoint - m.qmin]).toBe(0);
    const p = mapPoint(0.5, m, grid);
    expect(p).toMatchObject({ q: 192, clamped: false });
    expect(p.dequantized).toBe(Math.fround(Math.fround(2 / 255) * 64));
    expect(p.error).toBe(p.dequantized - 0.5);
    expect(mapPoint(4, m, grid)).toMatchObject({ q: 255, clamped: true });
    expect(mapPoint(-4, m, grid)).toMatchObject({ q: 0, clamped: true });
    // z = 128 leaves 127 steps above 0. r = 1: r × float32(1 / float32(s)) = 127.49999 in float32,
    // which rounds to 127, so q = 255 without clamping; r = 1.002 (≈ 127.75 steps) is clamped.
    expect(mapPoint(1, m, grid)).toMatchObject({ q: 255, clamped: false });
    expect(mapPoint(1.002, m, grid)).toMatchObject({ q: 255, clamped: true });
  });
  it('widens the range to include 0', () => {
    expect(mapping(0.5, 2, 8, false)).toMatchObject({ scale: 2 / 255, zeroPoint: 0 });
  });
});

describe('dynamic range', () => {
  const base = seededTensor(0);
  it('is torch.manual_seed(0); torch.randn(4, 256)', () => {
    expect(base).toHaveLength(1024);
    expect(Array.from(base.slice(0, 3))).toEqual([
      Math.fround(-1.1258398294448853),
      Math.fround(-1.152360200881958),
      Math.fround(-0.2505785822868347),
    ]);
    expect(seededTensor(0)).toEqual(base);
  });
  it('puts the outlier in channel 0 without touching the base', () => {
    const data = withOutlier(base, 50);
    expect(data[OUTLIER_INDEX]).toBe(50);
    expect(base[OUTLIER_INDEX]).not.toBe(50);
  });
  it('per channel beats per tensor, and a bigger outlier costs precision', () => {
    const data = withOutlier(base, 20);
    const t = measure(data, 'tensor', false);
    const c = measure(data, 'channel', false);
    expect(c.params.scales).toHaveLength(4);
    expect(c.all.mse).toBeLessThan(t.all.mse);
    expect(c.ordinary.snrDb).toBeGreaterThan(t.ordinary.snrDb);
    const points = sweep(base, [5, 10, 20, 50, 100], false).filter((p) => p.scheme === 'tensor');
    for (let i = 1; i < points.length; i++) expect(points[i]!.ordinarySnrDb).toBeLessThan(points[i - 1]!.ordinarySnrDb);
  });
  it('gives each channel its own levels per channel, one set per tensor', () => {
    const data = withOutlier(base, 20);
    const t = measure(data, 'tensor', true);
    const c = measure(data, 'channel', true);
    expect(levelsOf(t, 1)).toEqual(levelsOf(t, 3));
    expect(levelsOf(c, 1)).not.toEqual(levelsOf(c, 0));
    expect(levelsOf(c, 0)[255]).toBeCloseTo((20 * 127) / 127, 4); // symmetric: 127 steps up to max |r|
  });
});

describe('ptq measurements', () => {
  const good = {
    model: 'tiny CNN',
    float32: { bytes: 400_000 },
    techniques: { 'dynamic-range': { bytes: 100_000, latencyMs: 3.5 }, float16: { bytes: 200_000 } },
  };
  it('reads the Model lab file', () => {
    const m = parseMeasurements(good);
    expect(m.model).toBe('tiny CNN');
    expect(m.techniques['dynamic-range']).toEqual({ bytes: 100_000, latencyMs: 3.5 });
    expect(m.techniques['full-integer']).toBeUndefined();
    expect(ratioText(m.float32, m.techniques.float16!)).toBe('2.00x smaller');
    expect(sizeText(1_234_567)).toBe('1,234,567 bytes (1.23 MB)');
  });
  it('names the field that is wrong', () => {
    expect(() => parseMeasurements([])).toThrow('must hold an object');
    expect(() => parseMeasurements({ float32: { bytes: 1 } })).toThrow('techniques must be an object');
    expect(() => parseMeasurements({ ...good, float32: {} })).toThrow('float32.bytes');
    expect(() => parseMeasurements({ ...good, techniques: { float16: { bytes: -1 } } })).toThrow('techniques.float16.bytes');
  });
});
