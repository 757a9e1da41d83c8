import { describe, expect, it } from 'vitest';
import { buildModel } from './build.ts';
import { readOcrModelBytes } from '../models/ocr/node/ocr-fixtures.ts';
import { sampleInput } from './node/fixtures.ts';
import { floatAttr, intAttr, intsAttr, makeNode } from './graph.ts';
import { loadModel, onnxOpset } from './model.ts';
import type { ModelProto, NodeProto } from './onnx-proto.gen.ts';
import { createSession, maxAbsDiff, runFloat } from './node/ort-node.ts';
import { upgradeOpset } from './upgrade.ts';

async function sameOutputs(before: ModelProto, after: ModelProto, seed: number, dims: readonly number[]): Promise<number> {
  const x = sampleInput(seed, dims);
  const a = await runFloat(await createSession(before), { x });
  const b = await runFloat(await createSession(after), { x });
  expect(b.dims).toEqual(a.dims);
  return maxAbsDiff(a.data, b.data);
}

const chain = (nodes: NodeProto[], inDims: number[], outDims: (number | string)[]): ModelProto =>
  buildModel({ opset: 9, inputs: [{ name: 'x', shape: inDims }], outputs: [{ name: 'y', shape: outDims }], nodes });

describe('upgradeOpset 9 → 13', () => {
  it('turns Slice, Clip and Squeeze attributes into inputs with identical results', async () => {
    const model = chain(
      [
        makeNode('Slice', ['x'], ['s'], [intsAttr('starts', [1]), intsAttr('ends', [3]), intsAttr('axes', [1])]),
        makeNode('Clip', ['s'], ['c'], [floatAttr('min', -0.2), floatAttr('max', 0.4)]),
        makeNode('Unsqueeze', ['c'], ['u'], [intsAttr('axes', [0])]),
        makeNode('Squeeze', ['u'], ['y'], [intsAttr('axes', [0])]),
      ],
      [2, 4, 3],
      [2, 2, 3],
    );
    const up = upgradeOpset(model);
    expect(up.rewritten).toEqual({ Slice: 1, Clip: 1, Unsqueeze: 1, Squeeze: 1 });
    expect(onnxOpset(up.model)).toBe(13);
    expect(await sameOutputs(model, up.model, 1, [2, 4, 3])).toBe(0);
  });

  it('keeps the flatten-to-2-D meaning of an opset-9 Softmax on a middle axis', async () => {
    const model = chain([makeNode('Softmax', ['x'], ['y'], [intAttr('axis', 1)])], [2, 3, 4], [2, 3, 4]);
    const up = upgradeOpset(model);
    expect(up.model.graph?.node?.map((n) => n.opType)).toEqual(['Flatten', 'Softmax', 'Shape', 'Reshape']);
    expect(await sameOutputs(model, up.model, 2, [2, 3, 4])).toBeLessThan(1e-7);
  });

  it('keeps Softmax as one node when its axis is the last one', () => {
    const model = chain([makeNode('Softmax', ['x'], ['y'], [intAttr('axis', 2)])], [2, 3, 4], [2, 3, 4]);
    expect(upgradeOpset(model).model.graph?.node?.map((n) => n.opType)).toEqual(['Softmax']);
  });

  it('upgrades Pad, Split, ReduceSum and TopK', async () => {
    const model = buildModel({
      opset: 9,
      inputs: [{ name: 'x', shape: [2, 6] }],
      outputs: [
        { name: 'y', shape: [2, 2] },
        { name: 'z', shape: [2, 1] },
        { name: 'k', shape: [2, 2] },
      ],
      nodes: [
        makeNode('Pad', ['x'], ['p'], [intsAttr('pads', [0, 1, 0, 1]), floatAttr('value', 0.5)]),
        makeNode('Split', ['p'], ['a', 'b'], [intAttr('axis', 1), intsAttr('split', [6, 2])]),
        makeNode('Mul', ['b', 'b'], ['y']),
        makeNode('ReduceSum', ['a'], ['z'], [intsAttr('axes', [1]), intAttr('keepdims', 1)]),
        makeNode('TopK', ['a'], ['k', 'ki'], [intAttr('k', 2)]),
      ],
    });
    const up = upgradeOpset(model);
    expect(up.rewritten).toEqual({ Pad: 1, Split: 1, ReduceSum: 1, TopK: 1 });
    const x = sampleInput(3, [2, 6]);
    for (const name of ['y', 'z', 'k']) {
      const a = await runFloat(await createSession(model), { x }, name);
      const b = await runFloat(await createSession(up.model), { x }, name);
      expect(maxAbsDiff(a.data, b.data)).toBe(0);
    }
  });

  it('gives the PP-OCRv4 recognizer bit-identical outputs after the upgrade', async () => {
    const model = loadModel(readOcrModelBytes());
    const up = upgradeOpset(model);
    expect(up.rewritten).toEqual({ Clip: 28, Slice: 10, Squeeze: 7, Softmax: 3 });
    expect(await sameOutputs(model, up.model, 4, [1, 3, 48, 96])).toBe(0);
  });

  it('refuses Upsample by name, with the reason', () => {
    const model = chain([makeNode('Upsample', ['x', 's'], ['y'])], [1, 1, 2, 2], [1, 1, 4, 4]);
    expect(() => upgradeOpset(model)).toThrow(
      /opset upgrade 9 → 13: unsupported operator\(s\): Upsample \(1 node: Upsample is deprecated from opset 10/,
    );
  });

  it('refuses operators it does not know rather than guessing', () => {
    const model = chain([makeNode('FancyOp', ['x'], ['y'])], [2], [2]);
    expect(() => upgradeOpset(model)).toThrow(/unsupported operator\(s\): FancyOp \(1 node\)/);
  });

  it('refuses opsets below 9', () => {
    const model = { ...chain([makeNode('Relu', ['x'], ['y'])], [2], [2]), opsetImport: [{ domain: '', version: 7 }] };
    expect(() => upgradeOpset(model)).toThrow(/the model is at opset 7; upgrading is supported from opset 9 to 12 only/);
  });

  it('leaves a model at opset 13 alone', () => {
    const model = buildModel({
      inputs: [{ name: 'x', shape: [2] }],
      outputs: [{ name: 'y', shape: [2] }],
      nodes: [makeNode('Relu', ['x'], ['y'])],
    });
    expect(upgradeOpset(model).model).toBe(model);
  });
});
