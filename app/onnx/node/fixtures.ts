// Test fixtures (Node only, with the other helpers of this folder): a small handmade opset-9
// model mixing initializers and Constant nodes, and seeded inputs. The PP-OCRv4 recognizer and
// its samples, the real model most tests use, are app/models/ocr/node/ocr-fixtures.ts.
import { seededRandom } from '../../shared/seeded-random.ts';
import { buildModel, randomFloats } from '../build.ts';
import { floatAttr, intAttr, intsAttr, makeNode, tensorAttr } from '../graph.ts';
import type { ModelProto } from '../onnx-proto.gen.ts';
import { float32Tensor } from '../tensor.ts';

/**
 * x [1,4,6,6] -> Conv(3x3, Constant weight, initializer bias) -> Clip(0,6) -> Reshape [1,144]
 * -> MatMul(initializer [144,10]) -> Gemm(transB, Constant [5,10], bias [5]) -> Softmax(axis 1). Opset 9.
 */
export function smallOpset9Model(seed = 7): ModelProto {
  const r = seededRandom(seed);
  const convW = float32Tensor('conv.weight', [4, 4, 3, 3], randomFloats(144, r, 0.3));
  const gemmW = float32Tensor('fc2.weight', [5, 10], randomFloats(50, r, 0.3));
  return buildModel({
    opset: 9,
    inputs: [{ name: 'x', shape: [1, 4, 6, 6] }],
    outputs: [{ name: 'y', shape: [1, 5] }],
    initializers: [
      float32Tensor('conv.bias', [4], randomFloats(4, r, 0.1)),
      float32Tensor('fc1.weight', [144, 10], randomFloats(1440, r, 0.1)),
      float32Tensor('fc2.bias', [5], randomFloats(5, r, 0.1)),
    ],
    nodes: [
      makeNode('Constant', [], ['conv.weight'], [tensorAttr('value', convW)]),
      makeNode('Constant', [], ['fc2.weight'], [tensorAttr('value', gemmW)]),
      makeNode('Conv', ['x', 'conv.weight', 'conv.bias'], ['c'], [intsAttr('pads', [1, 1, 1, 1])], 'conv'),
      makeNode('Clip', ['c'], ['r'], [floatAttr('min', 0), floatAttr('max', 6)]),
      makeNode('Flatten', ['r'], ['f'], [intAttr('axis', 1)]),
      makeNode('MatMul', ['f', 'fc1.weight'], ['h'], [], 'fc1'),
      makeNode('Gemm', ['h', 'fc2.weight', 'fc2.bias'], ['g'], [intAttr('transB', 1)], 'fc2'),
      makeNode('Softmax', ['g'], ['y'], [intAttr('axis', 1)]),
    ],
  });
}

export const sampleInput = (seed: number, dims: readonly number[], scale = 1): { data: Float32Array; dims: readonly number[] } => ({
  data: randomFloats(
    dims.reduce((a, b) => a * b, 1),
    seededRandom(seed),
    scale,
  ),
  dims,
});
