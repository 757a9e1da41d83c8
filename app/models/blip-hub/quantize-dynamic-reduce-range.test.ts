// BlipHubModel.quantize_dynamic({ reduce_range }) on the shared micro checkpoint (hf-blip-fixture.ts):
// the option reaches the graphs (every MatMulInteger weight within ONNX Runtime's reduced [-64, 64],
// scale max|w| / 64), the label says so, the model still captions, and bad options are refused by name.
import { Tokenizer } from '@huggingface/tokenizers';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from '../../onnx/node/png-decode.ts';
import { rawBytesOf } from '../../onnx/tensor.ts';
import { BlipHubModel } from './blip-hub-model.ts';
import { buildGraphs } from './blip-hub-sessions.ts';
import { loadHfBlip, type HfBlipFixture } from './hf-blip-fixture.ts';
import { nodeRuntime } from './node-runtime.ts';

let f: HfBlipFixture;
let model: BlipHubModel;

beforeAll(() => {
  f = loadHfBlip();
  model = new BlipHubModel({ id: 'micro-a', tensors: f.tensors, config: f.config, preprocessor: f.preprocessor, tokenizer: new Tokenizer(f.tokenizer, f.tokenizerConfig), runtime: nodeRuntime() });
});

/** max |q| of each int8 weight of the dynamic pattern in the three graphs (per tensor symmetric: the largest |w| maps to qmax). */
function dynamicWeights(reduceRange: boolean): number[] {
  const variant = (reduceRange ? model.quantize_dynamic({ reduce_range: true }) : model.quantize_dynamic()).variant;
  const graphs = buildGraphs(f.tensors, model.config, variant, 'inline', ['vision', 'cross', 'decoder']);
  const maxima: number[] = [];
  for (const g of graphs.values())
    for (const t of g.model.graph?.initializer ?? []) {
      if (!t.name?.endsWith('.weight_quantized')) continue;
      const bytes = rawBytesOf(t);
      const q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      let m = 0;
      for (const v of q) m = Math.max(m, Math.abs(v));
      maxima.push(m);
    }
  return maxima;
}

describe('quantize_dynamic({ reduce_range })', () => {
  it('puts every MatMul weight in [-64, 64] (8-bit: [-127, 127]), reaching the bound, and labels the variant', () => {
    const reduced = dynamicWeights(true);
    const full = dynamicWeights(false);
    expect(reduced.length).toBeGreaterThan(10);
    expect(reduced).toEqual(full.map(() => 64));
    expect(full).toEqual(full.map(() => 127));
    expect(model.quantize_dynamic({ reduce_range: true }).variant.label).toBe('dynamic int8 (MatMul, reduce_range)');
    expect(model.quantize_dynamic({ reduce_range: false }).variant.label).toBe('dynamic int8 (MatMul)');
  });

  it('still captions (onnxruntime runs the same graph with the reduced weights)', async () => {
    const img = decodePng(f.png(f.golden.images[0]!.file));
    const r = await model.quantize_dynamic({ reduce_range: true }).run({ data: new Uint8ClampedArray(img.data), width: img.width, height: img.height });
    expect(r.ids.length).toBeGreaterThan(1);
  }, 60_000);

  it('refuses unknown options and a reduce_range that is not a boolean, naming them', () => {
    expect(() => model.quantize_dynamic({ per_channel: true } as object)).toThrow("quantize_dynamic(): unknown option 'per_channel'");
    expect(() => model.quantize_dynamic({ reduce_range: 'yes' } as unknown as { reduce_range: boolean })).toThrow(
      'quantize_dynamic(): reduce_range must be true or false, got "yes"',
    );
  });
});
