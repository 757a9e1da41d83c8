import { describe, expect, it } from 'vitest';
import { smallOpset9Model } from '../onnx/node/fixtures.ts';
import { planTransform } from '../onnx/plan.ts';
import { configOf, customConfig, recommendedMix, variantSpecs } from './variants.ts';
import { weightView } from './weight-view.ts';

describe('variants', () => {
  const mix = recommendedMix(['conv2d_162.w_0']);

  it('always runs fp32 first, then the chosen presets in table order, then the custom mix', () => {
    const specs = variantSpecs(new Set(['custom', 'int8-channel', 'float16']), mix, { base: 'int8-tensor', layers: [] });
    expect(specs.map((s) => s.key)).toEqual(['fp32', 'float16', 'int8-channel', 'custom']);
    expect(specs[0]?.config).toBeNull();
    expect(specs[2]?.config).toEqual({ default: { kind: 'int8', granularity: 'channel', symmetric: true } });
  });

  it('is the measured mix for the OCR model', () => {
    expect(mix).toEqual({
      byOp: { MatMul: 'dynamic', Conv: { kind: 'int8', granularity: 'channel' } },
      layers: { 'conv2d_162.w_0': 'fp32' },
    });
    expect(configOf('dynamic', mix, { base: 'fp32', layers: [] })).toEqual({
      byOp: { MatMul: 'dynamic', Conv: 'dynamic' },
      default: 'fp32',
    });
  });

  it('makes a custom mix whose named layers app/onnx resolves, and whose unknown layers it names', () => {
    const model = smallOpset9Model();
    const config = customConfig({ base: 'int8-channel', layers: [{ layer: 'fc1.weight', format: 'fp32' }] });
    expect(planTransform(model, config).find((l) => l.name === 'fc1.weight')?.format.kind).toBe('fp32');
    expect(planTransform(model, config).find((l) => l.name === 'conv.weight')?.format.kind).toBe('int8');
    expect(() => planTransform(model, customConfig({ base: 'fp32', layers: [{ layer: 'fc9.weight', format: 'fp32' }] }))).toThrow(
      /no layer named 'fc9.weight'; did you mean/,
    );
  });
});

describe('weightView', () => {
  const model = smallOpset9Model();

  it('bins before and after on the same edges, with every element counted', () => {
    const v = weightView(model, 'conv.weight', { default: { kind: 'int8', granularity: 'tensor' } }, 32);
    expect(v.edges).toHaveLength(33);
    const total = v.before.reduce((a, b) => a + b, 0);
    expect(v.after.reduce((a, b) => a + b, 0)).toBe(total);
    expect(v.format).toBe('int8 per-tensor symmetric');
    expect(v.grid.length).toBeGreaterThan(100);
    expect(v.grid.length).toBeLessThanOrEqual(256);
    expect(v.snrDb).toBeGreaterThan(20);
  });

  it('says why there is no grid for float formats and fp32 layers', () => {
    expect(weightView(model, 'conv.weight', { default: 'float16' }).gridNote).toMatch(/1024 levels per power of two/);
    expect(weightView(model, 'conv.weight', { default: 'fp32' })).toMatchObject({
      grid: [],
      mse: 0,
      gridNote: 'this weight stays float32 in this variant',
    });
  });

  it('refuses a name that is not a float32 weight', () => {
    expect(() => weightView(model, 'nope', { default: 'fp32' })).toThrow("'nope' is not a float32 weight of this model");
  });
});
