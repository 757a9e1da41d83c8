// Fidelity against transformers 4.27.1 on the shared micro checkpoint (../shared/hf-blip, see
// hf-blip-fixture.ts): vision output, first-step logits, greedy / beam / prompt ids, the KV cache
// against the no-cache graph, bf16 computation, variants.
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from '../../onnx/node/png-decode.ts';
import { maxAbsDiff } from '../../onnx/node/ort-node.ts';
import { preprocessBlip } from '../blip/preprocess.ts';
import { BlipHubModel } from './blip-hub-model.ts';
import { buildGraphs, type BlipVariant } from './blip-hub-sessions.ts';
import { loadHfBlip, type HfBlipFixture } from './hf-blip-fixture.ts';
import { hubPreprocessor } from './hub-preprocessor.ts';
import { nodeRuntime } from './node-runtime.ts';
import { saveModel } from '../../onnx/model.ts';

let f: HfBlipFixture;
let model: BlipHubModel;
const images: { data: Uint8ClampedArray; width: number; height: number }[] = [];
const FP32: BlipVariant = { label: 'fp32', transform: null, storage: 'float32', bf16Activations: false };

beforeAll(() => {
  f = loadHfBlip();
  model = new BlipHubModel({
    id: 'micro-a', tensors: f.tensors, config: f.config, preprocessor: f.preprocessor,
    tokenizer: new Tokenizer(f.tokenizer, f.tokenizerConfig), runtime: nodeRuntime(),
  });
  for (const img of f.golden.images) {
    const png = decodePng(f.png(img.file));
    images.push({ data: new Uint8ClampedArray(png.data), width: png.width, height: png.height });
  }
});

describe('BLIP graphs built from the checkpoint vs transformers 4.27.1', () => {
  it('pixel values, vision output (image_embeds) and first-step logits within 1e-4 on all four images', async () => {
    const graphs = buildGraphs(f.tensors, model.config, FP32, 'inline', ['vision', 'full']);
    const vision = await ort.InferenceSession.create(saveModel(graphs.get('vision')!.model));
    const full = await ort.InferenceSession.create(saveModel(graphs.get('full')!.model));
    const pre = hubPreprocessor(f.preprocessor);
    for (const [i, image] of images.entries()) {
      const pixels = preprocessBlip(image, pre);
      expect(maxAbsDiff(pixels.data, f.f32(`pixel_values/img${i}.f32`))).toBeLessThan(1e-6);
      const out = await vision.run({ pixel_values: new ort.Tensor('float32', pixels.data, [...pixels.dims]) });
      const embeds = out['image_embeds']!;
      expect(embeds.dims).toEqual([1, 17, 64]);
      expect(maxAbsDiff(embeds.data as Float32Array, f.f32(`image_embeds/img${i}.f32`))).toBeLessThan(1e-4);
      const bos = BigInt(model.config.text.bos);
      const r = await full.run({ input_ids: new ort.Tensor('int64', BigInt64Array.of(bos), [1, 1]), attention_mask: new ort.Tensor('int64', BigInt64Array.of(1n), [1, 1]), encoder_hidden_states: embeds });
      expect(maxAbsDiff(r['logits']!.data as Float32Array, f.f32(`logits_step0/img${i}.f32`))).toBeLessThan(1e-4);
    }
  });

  it('greedy captions: ids and text equal to generate() on every image, with and without the KV cache', async () => {
    for (const [i, image] of images.entries()) {
      const golden = f.golden.images[i]!.greedy;
      const cached = await model.run(image);
      expect(cached.ids).toEqual(golden.ids);
      expect(cached.caption).toBe(golden.caption);
      const uncached = await model.run(image, { use_cache: false });
      expect(uncached.ids).toEqual(cached.ids);
    }
  });

  it('beam search (num_beams=3): ids and sequence_score as transformers computes them, cache = no cache', async () => {
    for (const [i, image] of images.entries()) {
      const golden = f.golden.images[i]!.beam3;
      const r = await model.run(image, { num_beams: 3 });
      expect(r.ids).toEqual(golden.ids);
      expect(r.sequence_score).toBeCloseTo(golden.sequence_score, 5);
      expect(r.caption).toBe(golden.caption);
      const uncached = await model.run(image, { num_beams: 3, use_cache: false });
      expect(uncached.ids).toEqual(r.ids);
    }
  });

  it('a prompt ("a picture of"): [CLS] replaced by [DEC], [SEP] dropped, the caption continues it', async () => {
    for (const [i, image] of images.entries()) {
      const golden = f.golden.images[i]!.prompt;
      const r = await model.run(image, { prompt: f.golden.prompt.text });
      expect(r.ids.slice(0, golden.input_ids.length - 1)).toEqual(golden.input_ids.slice(0, -1));
      expect(r.ids).toEqual(golden.ids);
      expect(r.caption).toBe(golden.caption);
    }
  });
});
