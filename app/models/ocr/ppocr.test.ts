import { describe, expect, it } from 'vitest';
import { loadOcrSamples, readOcrKeys, readOcrModelBytes } from './node/ocr-fixtures.ts';
import { loadModel } from '../../onnx/model.ts';
import { characterErrorRate, ctcGreedyDecode, ocrCharset, preprocessOcr } from './ppocr.ts';
import { createSession, runFloat } from '../../onnx/node/ort-node.ts';
import type { TransformConfig } from '../../onnx/plan.ts';
import { transformModel } from '../../onnx/transform.ts';
import type { ModelProto } from '../../onnx/onnx-proto.gen.ts';

const charset = ocrCharset(readOcrKeys());
const samples = loadOcrSamples();
// A few samples only: the whole set runs in the bench (bench/models-node.ts).
const picked = ['00.png', '08.png', '11.png', '13.png'].map((f) => samples.find((s) => s.file === f)!);
const fp32 = loadModel(readOcrModelBytes());

async function read(model: ModelProto, options = {}): Promise<string[]> {
  const session = await createSession(model, options);
  const texts: string[] = [];
  for (const s of picked) {
    const out = await runFloat(session, { x: s.input });
    texts.push(ctcGreedyDecode(out.data, out.dims, charset)[0]!.text);
  }
  return texts;
}

describe('OCR pre/post-processing', () => {
  it('resizes to height 48, keeps the aspect ratio and pads to 320 with 0', () => {
    const rgba = new Uint8Array(96 * 24 * 4).fill(255);
    const input = preprocessOcr(rgba, 96, 24);
    expect(input.dims).toEqual([1, 3, 48, 320]);
    expect(input.contentWidth).toBe(192);
    expect([input.data[0], input.data[191], input.data[192]]).toEqual([1, 1, 0]);
  });

  it('puts blue in channel 0 (BGR) and scales to [-1, 1]', () => {
    const input = preprocessOcr(Uint8Array.of(255, 0, 0, 255), 1, 1, { minWidth: 0 });
    const plane = 48 * 48;
    expect([input.data[0], input.data[plane], input.data[2 * plane]]).toEqual([-1, -1, 1]);
  });

  it('composites transparent pixels over white', () => {
    expect(preprocessOcr(Uint8Array.of(0, 0, 0, 0), 1, 1, { minWidth: 0 }).data[0]).toBe(1);
  });

  it('decodes CTC greedily: merges repeats, drops blanks, keeps per-character confidence', () => {
    // classes: blank, 'a', 'b', ' '; steps: a a blank a b b
    const steps = [[0.1, 0.8, 0.05, 0.05], [0.2, 0.7, 0.05, 0.05], [0.9, 0.05, 0.05, 0], [0.1, 0.6, 0.3, 0], [0, 0.1, 0.9, 0], [0, 0, 1, 0]];
    const [result] = ctcGreedyDecode(steps.flat(), [1, 6, 4], ['', 'a', 'b', ' ']);
    expect(result?.text).toBe('aab');
    expect(result?.confidences).toEqual([0.8, 0.6, 0.9]);
  });

  it('builds blank + keys + space from the keys file (6625 classes)', () => {
    expect(charset).toHaveLength(6625);
    expect([charset[0], charset.at(-1)]).toEqual(['', ' ']);
  });

  it('refuses a charset that does not match the model classes', () => {
    expect(() => ctcGreedyDecode([0, 1], [1, 1, 2], ['', 'a', 'b'])).toThrow(/the model has 2 classes but the charset has 3 labels/);
  });

  it('measures character error rate as edit distance over reference length', () => {
    expect(characterErrorRate('hello', 'helo')).toBe(0.2);
    expect(characterErrorRate('', '')).toBe(0);
  });
});

describe('PP-OCRv4 recognizer in onnxruntime-node', () => {
  it('has ≥ 20 generated samples', () => {
    expect(samples.length).toBeGreaterThanOrEqual(20);
  });

  it('reads the sample lines exactly in float32', async () => {
    expect(await read(fp32)).toEqual(picked.map((s) => s.text));
  });

  const variants: [string, TransformConfig, (texts: string[]) => void][] = [
    ['float16 weights read the same text', { default: 'float16' }, (t) => expect(t).toEqual(picked.map((s) => s.text))],
    ['per-channel int8 weights read the lines', { default: 'int8' }, (t) => expect(t.filter((x, i) => x.trim() === picked[i]!.text)).toHaveLength(4)],
    // Measured: per-tensor scales wipe out the small channels of the 1x1 convs (conv2d_184 SNR 9 dB).
    ['per-tensor int8 weights lose the text', { default: { kind: 'int8', granularity: 'tensor' } }, (t) => expect(t.filter((x, i) => x === picked[i]!.text)).toHaveLength(0)],
    ['dynamic MatMul + int8 conv with conv2d_162 kept in float32 reads the same text',
      { default: 'int8', byOp: { MatMul: 'dynamic' }, layers: { 'conv2d_162.w_0': 'fp32' } }, (t) => expect(t).toEqual(picked.map((s) => s.text))],
  ];
  for (const [name, config, check] of variants) {
    it(name, async () => {
      check(await read(transformModel(fp32, config).model, { foldDequantize: true }));
    });
  }
});
