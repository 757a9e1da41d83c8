import { describe, expect, it } from 'vitest';
import { readOcrModelBytes } from '../models/ocr/node/ocr-fixtures.ts';
import { smallOpset9Model } from './node/fixtures.ts';
import { inspectModel, listWeights, memoryFootprint } from './inspect.ts';
import { loadModel } from './model.ts';

describe('inspectModel on PP-OCRv4 rec', () => {
  const summary = inspectModel(loadModel(readOcrModelBytes()));

  it('finds every weight in Constant nodes (the model has no initializers)', () => {
    expect(summary.weights).toHaveLength(325);
    expect(summary.weights.every((w) => w.source === 'constant')).toBe(true);
  });

  it('counts 2,690,296 float32 parameters in 10.76 MB', () => {
    expect(summary.parameterCount).toBe(2690296);
    expect(summary.footprint.byDtype[0]).toEqual({ dtype: 'float32', tensors: 309, elements: 2690296, bytes: 10761184 });
  });

  it('reports opset 9, the input x [N,3,48,W] and the [N,T,6625] output', () => {
    expect(summary.opsets).toEqual([{ domain: '', version: 9 }]);
    expect(summary.inputs).toEqual([{ name: 'x', dtype: 'float32', shape: ['p2o.DynamicDimension.0', 3, 48, 'p2o.DynamicDimension.1'] }]);
    expect(summary.outputs[0]?.shape[2]).toBe(6625);
  });

  it('builds the operator histogram, most frequent first', () => {
    expect(summary.operators.slice(0, 4)).toEqual([
      { op: 'Constant', count: 325 },
      { op: 'Add', count: 107 },
      { op: 'Mul', count: 107 },
      { op: 'Conv', count: 38 },
    ]);
    expect(summary.operators.find((o) => o.op === 'MatMul')?.count).toBe(13);
  });

  it('names the largest weight and who reads it', () => {
    const largest = [...summary.weights].sort((a, b) => b.bytes - a.bytes)[0];
    expect(largest).toMatchObject({ name: 'linear_85.w_0', shape: [120, 6625], usedBy: ['MatMul'], bytes: 3180000 });
  });
});

describe('listWeights on a handmade model', () => {
  it('lists initializers and Constant nodes alike', () => {
    const weights = listWeights(smallOpset9Model());
    expect(weights.map((w) => [w.name, w.source, w.shape, w.usedBy])).toEqual([
      ['conv.bias', 'initializer', [4], ['Conv']],
      ['fc1.weight', 'initializer', [144, 10], ['MatMul']],
      ['fc2.bias', 'initializer', [5], ['Gemm']],
      ['conv.weight', 'constant', [4, 4, 3, 3], ['Conv']],
      ['fc2.weight', 'constant', [5, 10], ['Gemm']],
    ]);
    expect(memoryFootprint(smallOpset9Model())).toEqual({
      totalBytes: 6572,
      byDtype: [{ dtype: 'float32', tensors: 5, elements: 1643, bytes: 6572 }],
    });
  });
});
