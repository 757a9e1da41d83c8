import { describe, expect, it } from 'vitest';
import { readOcrModelBytes } from '../models/ocr/node/ocr-fixtures.ts';
import { smallOpset9Model } from './node/fixtures.ts';
import { histogram, layerErrors, weightHistogram } from './metrics.ts';
import { loadModel } from './model.ts';

describe('histogram', () => {
  it('bins values evenly between min and max, the max in the last bin', () => {
    const h = histogram([0, 1, 2, 3, 4], 4);
    expect(h.edges).toEqual([0, 1, 2, 3, 4]);
    expect(h.counts).toEqual([1, 1, 1, 2]);
  });

  it('gives empty bins for an empty array', () => {
    expect(histogram([], 2)).toEqual({ min: 0, max: 0, edges: [0, 0, 0], counts: [0, 0] });
  });

  it('counts every weight element', () => {
    const h = weightHistogram(smallOpset9Model(), 'fc1.weight', 16);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(1440);
  });
});

describe('layerErrors', () => {
  const model = smallOpset9Model();
  const snr = (config: Parameters<typeof layerErrors>[1], name: string): number =>
    layerErrors(model, config).find((l) => l.name === name)!.snrDb;

  it('ranks formats by SNR: float16 > bfloat16 > int8 per channel ≥ int8 per tensor', () => {
    const name = 'conv.weight';
    const f16 = snr({ default: 'float16' }, name);
    const bf16 = snr({ default: 'bfloat16' }, name);
    const perChannel = snr({ default: 'int8' }, name);
    const perTensor = snr({ default: { kind: 'int8', granularity: 'tensor' } }, name);
    expect(f16).toBeGreaterThan(bf16);
    expect(bf16).toBeGreaterThan(perChannel);
    expect(perChannel).toBeGreaterThanOrEqual(perTensor);
  });

  it('reports zero error for layers kept in float32', () => {
    expect(layerErrors(model, { default: 'int8', layers: { fc1: 'fp32' } }).find((l) => l.name === 'fc1.weight')).toMatchObject({
      format: 'fp32',
      mse: 0,
      maxAbsError: 0,
    });
  });

  it('finds the outlier-heavy conv2d_184 as the worst per-tensor int8 layer of PP-OCRv4', () => {
    const errors = layerErrors(loadModel(readOcrModelBytes()), { default: { kind: 'int8', granularity: 'tensor' } }).filter(
      (l) => l.format === 'int8',
    );
    const worst = [...errors].sort((a, b) => a.snrDb - b.snrDb)[0]!;
    expect(worst.name).toBe('conv2d_184.w_0');
    expect(worst.snrDb).toBeLessThan(10);
  });
});
