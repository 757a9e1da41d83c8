// The WebAssembly text decoder (text-wasm.ts) in Node (SIMD128 mul + add: Node validates relaxed
// SIMD only behind a flag) on the shared micro checkpoint (hf-blip-fixture.ts), fed the image_embeds
// of onnxruntime-node's vision graph: transformers' greedy / beam-3 / prompt ids and first-step
// logits, the logits and caches of onnxruntime's cached decoder (KvDecoder) step by step, a pool's
// bits, and what it refuses.
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff } from '../../onnx/node/ort-node.ts';
import { LinearPool } from '../../wasm/linear-pool.ts';
import { inProcessWorkers } from '../../wasm/in-process-workers.ts';
import { BlipHubModel } from './blip-hub-model.ts';
import type { CheckpointTensor } from './checkpoint-weights.ts';
import { visionTokens } from './config.ts';
import { pastKey, pastValue } from './decoder-graph.ts';
import { loadHfBlip, type HfBlipFixture } from './hf-blip-fixture.ts';
import { KvDecoder, type KvCache } from './kv-decoder.ts';
import { generateCaption } from './kv-generate.ts';
import { nodeRuntime } from './node-runtime.ts';
import { parseGenerateOptions } from './run-options.ts';
import { WasmTextDecoder } from './text-wasm.ts';
import { WasmVisionEncoder } from './vision-wasm.ts';
import type { WasmKvState } from './text-wasm-stepper.ts';

let f: HfBlipFixture;
let model: BlipHubModel;
let decoder: WasmTextDecoder;
const embeds: Float32Array[] = [];

beforeAll(async () => {
  f = loadHfBlip();
  model = new BlipHubModel({
    id: 'micro-a', tensors: f.tensors, config: f.config, preprocessor: f.preprocessor,
    tokenizer: new Tokenizer(f.tokenizer, f.tokenizerConfig), runtime: nodeRuntime(),
  });
  const { vision } = await model.sessions();
  for (const i of f.golden.images.keys()) {
    const pixels = new ort.Tensor('float32', f.f32(`pixel_values/img${i}.f32`), [1, 3, 64, 64]);
    embeds.push((await vision.run({ pixel_values: pixels }))['image_embeds']!.data as Float32Array);
  }
  decoder = new WasmTextDecoder(f.tensors, model.config.text, visionTokens(model.config.vision));
});

const configOf = (options: { num_beams?: number; prompt?: string }) => parseGenerateOptions(options, model.parts.tokenizer, model.config.text).config;

/** onnxruntime-node's cross + cached decoder graphs for image i (what BlipHubModel.run does). */
async function ortDecoder(i: number): Promise<KvDecoder> {
  const sessions = await model.sessions();
  const t = model.config.text;
  const cross = await sessions.cross.run({ image_embeds: new ort.Tensor('float32', embeds[i]!, [1, 17, 64]) });
  return new KvDecoder(ort, sessions.decoder, cross, { layers: t.layers, heads: t.heads, headDim: t.hidden / t.heads, vocab: t.vocab });
}

/** max |a − b| / max |b| */
const relative = (a: Float32Array, b: Float32Array): number => {
  let ref = 0;
  for (const x of b) ref = Math.max(ref, Math.abs(x));
  return maxAbsDiff(a, b) / ref;
};

describe("WasmTextDecoder against transformers' outputs", () => {
  it('first-step logits within 1e-4 of the golden ones, on every image', async () => {
    expect(decoder.kernel).toBe('f32-plain');
    expect(decoder.tokens).toBe(17);
    expect(f.golden.images.length).toBe(4);
    for (const i of f.golden.images.keys()) {
      const stepper = await decoder.forImage(embeds[i]!);
      const { logits } = await stepper.step([[model.config.text.bos]], stepper.empty(1));
      expect(logits.length).toBe(271);
      expect(maxAbsDiff(logits, f.f32(`logits_step0/img${i}.f32`))).toBeLessThan(1e-4);
    }
  });

  it('greedy, beam-3 (with sequence_score) and prompt ids equal to generate() on every image', async () => {
    for (const [i, golden] of f.golden.images.entries()) {
      const stepper = await decoder.forImage(embeds[i]!);
      expect((await generateCaption(stepper, configOf({}))).ids).toEqual(golden.greedy.ids);
      const beam = await generateCaption(stepper, configOf({ num_beams: 3 }));
      expect(beam.ids).toEqual(golden.beam3.ids);
      expect(beam.score!).toBeCloseTo(golden.beam3.sequence_score, 5);
      const prompted = await generateCaption(stepper, configOf({ prompt: f.golden.prompt.text }));
      expect(prompted.ids).toEqual(golden.prompt.ids);
    }
  });
});

describe('WasmTextDecoder against onnxruntime-node (KvDecoder on the cached graph)', () => {
  // Tolerance: both compute in float32 with different summation orders (and float64 sums here);
  // measured ≤ 7e-7 relative on these logits (3e-7 on the caches). 2e-6 leaves room; a wrong op is far above it.
  const TOL = 2e-6;

  it('logits and present keys/values step by step: the prompt (several tokens at once), then single tokens, then 3 beams after a reorder', async () => {
    const sep = model.config.text.sep;
    for (const [i, golden] of f.golden.images.entries()) {
      const ours = await decoder.forImage(embeds[i]!);
      const theirs = await ortDecoder(i);
      let a: WasmKvState = ours.empty(1);
      let b: KvCache = theirs.empty(1);
      const compare = async (tokens: number[][]): Promise<void> => {
        const x = await ours.step(tokens, a);
        const y = await theirs.step(tokens, b);
        expect(relative(x.logits, y.logits)).toBeLessThan(TOL);
        for (let l = 0; l < model.config.text.layers; l++) {
          expect(x.state.keys[l]!.length).toBe(y.state.length);
          expect(relative(x.state.keys[l]!.data, y.state.tensors[pastKey(l)]!.data as Float32Array)).toBeLessThan(TOL);
          expect(relative(x.state.values[l]!.data, y.state.tensors[pastValue(l)]!.data as Float32Array)).toBeLessThan(TOL);
        }
        a = x.state;
        b = y.state;
      };
      const prompt = golden.prompt.input_ids.slice(0, -1); // [CLS] … → [DEC] …, [SEP] dropped
      prompt[0] = model.config.text.bos;
      await compare([prompt]);
      for (const id of golden.prompt.ids.slice(prompt.length, prompt.length + 3).filter((x) => x !== sep)) await compare([[id]]);
      a = ours.reorder(a, [0, 0, 0]);
      b = theirs.reorder(b, [0, 0, 0]);
      await compare([[5], [17], [200]]);
      a = ours.reorder(a, [2, 0, 2]);
      b = theirs.reorder(b, [2, 0, 2]);
      await compare([[9], [9], [30]]);
    }
  });
});

describe('WasmTextDecoder on a LinearPool', () => {
  it('1 in-process worker + the calling thread, every product through the pool: the bits of the one-thread run', async () => {
    const pooled = new WasmTextDecoder(f.tensors, model.config.text, 17, { poolMinWeights: 0 });
    const spawn = inProcessWorkers();
    const pool = await LinearPool.create(pooled.memory, { workers: 1, spawn, callerShare: true });
    try {
      for (const i of [0, 2]) {
        const one = await decoder.forImage(embeds[i]!);
        const two = await pooled.forImage(embeds[i]!, pool);
        let a = one.empty(1);
        let b = two.empty(1);
        for (const tokens of [[[model.config.text.bos, 7, 8]], [[11]], [[12]]]) {
          const x = await one.step(tokens, a);
          const y = await two.step(tokens, b);
          expect(y.logits).toEqual(x.logits);
          expect(y.state.keys.map((k) => k.data)).toEqual(x.state.keys.map((k) => k.data));
          a = x.state;
          b = y.state;
        }
        expect((await generateCaption(two, configOf({ num_beams: 3 }))).ids).toEqual(f.golden.images[i]!.beam3.ids);
      }
    } finally {
      pool.dispose();
    }
  });
});

describe('WasmVisionEncoder + WasmTextDecoder on one memory and one pool (pixels → ids with no onnxruntime)', () => {
  it("transformers' greedy and beam-3 ids on every image", async () => {
    const encoder = new WasmVisionEncoder(f.tensors, model.config.vision);
    const text = new WasmTextDecoder(f.tensors, model.config.text, encoder.tokens, { memory: encoder.memory });
    expect(text.memory).toBe(encoder.memory);
    const spawn = inProcessWorkers();
    const pool = await LinearPool.create(encoder.memory, { workers: 1, spawn, callerShare: true });
    try {
      for (const [i, golden] of f.golden.images.entries()) {
        const stepper = await text.forImage(await encoder.run(f.f32(`pixel_values/img${i}.f32`), pool), pool);
        expect((await generateCaption(stepper, configOf({}))).ids).toEqual(golden.greedy.ids);
        expect((await generateCaption(stepper, configOf({ num_beams: 3 }))).ids).toEqual(golden.beam3.ids);
      }
    } finally {
      pool.dispose();
    }
  });
});

describe('WasmTextDecoder refuses what it does not compute', () => {
  it('variants other than float32, a bf16 tensor, wrong image_embeds, stale steppers, bad tokens: word for word', async () => {
    const t = model.config.text;
    expect(() => new WasmTextDecoder(f.tensors, t, 17, { variant: { label: 'bfloat16 (weights and activations)', transform: { default: 'bfloat16' }, storage: 'bfloat16', bf16Activations: true } })).toThrow(
      "the WebAssembly text decoder computes float32 only; variant 'bfloat16 (weights and activations)' is not built on it",
    );
    const name = 'text_decoder.bert.encoder.layer.1.intermediate.dense.weight';
    const w = f.tensors.get(name)!;
    const half: CheckpointTensor = { name, dtype: 'BF16', shape: w.shape, bytes: w.bytes.subarray(0, w.bytes.length / 2) };
    expect(() => new WasmTextDecoder(new Map(f.tensors).set(name, half), t, 17)).toThrow(`the WebAssembly text decoder reads float32 weights only; tensor '${name}' is bfloat16`);
    await expect(decoder.forImage(new Float32Array(16 * 64))).rejects.toThrow('image_embeds: expected a Float32Array [1, 17, 64] (1088 floats), got 1024 floats');
    const first = await decoder.forImage(embeds[0]!);
    await decoder.forImage(embeds[1]!);
    await expect(first.step([[t.bos]], first.empty(1))).rejects.toThrow(
      'blip: this decoder stepper was made for an earlier image; forImage was called again since (one image at a time)',
    );
    const stepper = await decoder.forImage(embeds[1]!);
    await expect(stepper.step([[t.bos], [t.bos]], stepper.empty(1))).rejects.toThrow('blip: 2 rows of new tokens for a cache of 1');
    await expect(stepper.step([[271]], stepper.empty(1))).rejects.toThrow('blip: token id 271 is not in the vocabulary (0 … 270)');
    await expect(stepper.step([Array.from({ length: 65 }, () => 5)], stepper.empty(1))).rejects.toThrow('blip: positions 0 … 64 exceed max_position_embeddings 64');
    expect(() => stepper.reorder(stepper.empty(2), [0, 2])).toThrow('blip: reorder row 2 is not one of the 2 sequences');
  });
});
