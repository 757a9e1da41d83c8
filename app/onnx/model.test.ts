import { describe, expect, it } from 'vitest';
import { seededRandom } from '../shared/seeded-random.ts';
import { buildModel } from './build.ts';
import { makeNode } from './graph.ts';
import { readOcrModelBytes } from '../models/ocr/node/ocr-fixtures.ts';
import { OnnxFormatError, loadModel, onnxOpset, saveModel } from './model.ts';
import { TensorProtoDataLocation, TensorProtoDataType } from './onnx-proto.gen.ts';

const ocrBytes = readOcrModelBytes();

describe('loadModel / saveModel', () => {
  it('round-trips the PP-OCRv4 recognizer byte for byte', () => {
    const model = loadModel(ocrBytes);
    expect(onnxOpset(model)).toBe(9);
    expect(Buffer.compare(Buffer.from(saveModel(model)), Buffer.from(ocrBytes))).toBe(0);
  });

  it('keeps raw_data as views into the input buffer instead of copying weights', () => {
    const model = loadModel(ocrBytes);
    const constant = model.graph?.node?.find((n) => n.opType === 'Constant');
    const raw = constant?.attribute?.[0]?.t?.rawData;
    expect(raw?.buffer).toBe(ocrBytes.buffer);
  });

  it('names a PNG file as not ONNX', () => {
    const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0);
    expect(() => loadModel(png, 'photo.png')).toThrow(/photo\.png \(10 bytes\): not an ONNX model \(it is a PNG image/);
  });

  it('names a text file as not ONNX', () => {
    expect(() => loadModel(new TextEncoder().encode('hello world'), 'notes.txt')).toThrow(/starts with text 'hello wo'/);
  });

  it('refuses an empty file', () => {
    expect(() => loadModel(new Uint8Array(0))).toThrow(OnnxFormatError);
  });

  for (const fraction of [0.001, 0.3, 0.999]) {
    it(`reports a file truncated to ${fraction * 100}% as truncated, not a hang`, () => {
      const cut = ocrBytes.subarray(0, Math.floor(ocrBytes.length * fraction));
      expect(() => loadModel(cut, 'rec.onnx')).toThrow(/rec\.onnx \(\d+ bytes\): cannot decode the ModelProto: .*truncated or corrupt/);
    });
  }

  it('fails cleanly on random bytes that start like an ONNX file (seed 11)', () => {
    const random = seededRandom(11);
    for (let trial = 0; trial < 50; trial++) {
      const bytes = Uint8Array.from({ length: 200 }, () => Math.floor(random() * 256));
      bytes[0] = 0x08;
      expect(() => loadModel(bytes)).toThrow(OnnxFormatError);
    }
  });

  it('refuses a model whose tensors live in external files, naming them', () => {
    const model = buildModel({
      inputs: [{ name: 'x', shape: [2] }],
      outputs: [{ name: 'y', shape: [2] }],
      nodes: [makeNode('Add', ['x', 'w'], ['y'])],
      initializers: [
        {
          name: 'w',
          dataType: TensorProtoDataType.FLOAT,
          dims: [2],
          dataLocation: TensorProtoDataLocation.EXTERNAL,
          externalData: [{ key: 'location', value: 'weights.bin' }],
        },
      ],
    });
    expect(() => loadModel(saveModel(model), 'big.onnx')).toThrow(
      /big\.onnx .*1 tensor\(s\) keep their data in external files \('w'\).*not supported/,
    );
  });

  it('refuses a protobuf without a graph', () => {
    expect(() => loadModel(saveModel({ irVersion: 7, opsetImport: [{ domain: '', version: 13 }] }))).toThrow(/has no graph/);
  });
});
