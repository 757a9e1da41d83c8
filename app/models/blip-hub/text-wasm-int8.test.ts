// The WebAssembly text decoder (text-wasm.ts) for BlipHubModel's dynamic int8 variants, in Node
// (SIMD128: the float32 Linears run f32-plain, the int8 ones i8-dot16 — Node validates relaxed
// SIMD only behind a flag), on the shared micro checkpoint (hf-blip-fixture.ts). The reference is
// onnxruntime-web (WASM, 1 thread, in Node) running the app's own vision, cross and cached decoder
// graphs of the same variant: its MatMulInteger is exact for 8-bit and reduce_range weights alike
// (app/wasm/linear-int8.test.ts), while onnxruntime-node's AVX2 kernel saturates its i16 pair sums
// with 8-bit weights (outputs off by several units), so it would be a wrong reference for
// quantize_dynamic() — it is exact with reduce_range, and is checked against for that variant too.
// image_embeds come from the reference's vision graph of the same variant.
import { Tokenizer } from '@huggingface/tokenizers';
import * as ortWeb from 'onnxruntime-web/wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { quantizeInt8 } from '../../onnx/encode-weights.ts';
import { saveModel } from '../../onnx/model.ts';
import { maxAbsDiff } from '../../onnx/node/ort-node.ts';
import { dynamicInt8Reference } from '../../wasm/linear-int8-reference.ts';
import { seededRandom } from '../../shared/seeded-random.ts';
import { BlipHubModel } from './blip-hub-model.ts';
import type { BlipHubRuntime, BlipVariant } from './blip-hub-sessions.ts';
import { withExternalData } from './external-mount.ts';
import { loadHfBlip, type HfBlipFixture } from './hf-blip-fixture.ts';
import { KvDecoder, type KvCache } from './kv-decoder.ts';
import { generateCaption } from './kv-generate.ts';
import { nodeRuntime } from './node-runtime.ts';
import { parseGenerateOptions } from './run-options.ts';
import { WasmTextDecoder } from './text-wasm.ts';
import type { WasmKvState } from './text-wasm-stepper.ts';
import { planBlipWeights } from './weight-plan.ts';

let f: HfBlipFixture;
let web: BlipHubModel;
let native: BlipHubModel;

const webRuntime: BlipHubRuntime = {
  ort: ortWeb,
  placement: 'external',
  createSession: (g) => withExternalData(g.externalData, (externalData) => ortWeb.InferenceSession.create(saveModel(g.model), { externalData })),
};

beforeAll(() => {
  ortWeb.env.wasm.numThreads = 1;
  ortWeb.env.wasm.wasmPaths = new URL('../../../node_modules/onnxruntime-web/dist/', import.meta.url).href;
  f = loadHfBlip();
  const parts = { id: 'micro-a', tensors: f.tensors, config: f.config, preprocessor: f.preprocessor, tokenizer: new Tokenizer(f.tokenizer, f.tokenizerConfig) };
  web = new BlipHubModel({ ...parts, runtime: webRuntime });
  native = new BlipHubModel({ ...parts, runtime: nodeRuntime() });
});

const configOf = (options: { num_beams?: number; prompt?: string }) => parseGenerateOptions(options, web.parts.tokenizer, web.config.text).config;

/** The reference's image_embeds of every golden image and a KvDecoder per image, for a variant's sessions. */
async function reference(model: BlipHubModel): Promise<{ embeds: Float32Array[]; decoder: (i: number) => Promise<KvDecoder> }> {
  const ort = model.parts.runtime.ort;
  const sessions = await model.sessions();
  const t = model.config.text;
  const embeds: Float32Array[] = [];
  for (const i of f.golden.images.keys()) {
    const pixels = new ort.Tensor('float32', f.f32(`pixel_values/img${i}.f32`), [1, 3, 64, 64]);
    embeds.push((await sessions.vision.run({ pixel_values: pixels }))['image_embeds']!.data as Float32Array);
  }
  const decoder = async (i: number): Promise<KvDecoder> => {
    const cross = await sessions.cross.run({ image_embeds: new ort.Tensor('float32', embeds[i]!, [1, 17, 64]) });
    return new KvDecoder(ort, sessions.decoder, cross, { layers: t.layers, heads: t.heads, headDim: t.hidden / t.heads, vocab: t.vocab });
  };
  return { embeds, decoder };
}

const ours = (variant: BlipVariant): WasmTextDecoder =>
  new WasmTextDecoder(f.tensors, web.config.text, 17, { variant, formatOf: planBlipWeights(web.config, variant.transform) });

/** max |a − b| / max |b| */
const relative = (a: Float32Array, b: Float32Array): number => {
  let ref = 0;
  for (const x of b) ref = Math.max(ref, Math.abs(x));
  return maxAbsDiff(a, b) / ref;
};

// Logits tolerance against onnxruntime's graph, step by step. The int8 Linears are ORT's bits for
// the same input (the fused-Linear test below), but the float parts (attention, softmax, LayerNorm,
// GELU) round differently (≤ 7e-7 relative in float32: text-wasm.test.ts), so the inputs of the
// int8 Linears may differ in their last bits; measured on the steps below ≤ 3.1e-7 relative (8-bit
// and reduce_range). That can make an input element (or x_scale = (max − min) / 255) round to the
// neighbouring int8 level: seen on a few of the ≈ 300 beam steps of these images, where one step's
// logits then part by 0.1–0.16 absolute (≈ 1 %) and the later steps of that beam differ (the keep
// test's image 1). 1e-5 leaves room above the measured 3e-7 and catches a wrong scale (one per fused
// tensor instead of per part) or a missing bias.
const TOL = 1e-5;

const VARIANTS = [
  { name: 'quantize_dynamic()', make: (m: BlipHubModel) => m.quantize_dynamic() },
  { name: 'quantize_dynamic({ reduce_range: true })', make: (m: BlipHubModel) => m.quantize_dynamic({ reduce_range: true }) },
] as const;

describe.each(VARIANTS)('WasmTextDecoder for $name against onnxruntime-web on the same variant', ({ make }) => {
  it('greedy, beam-3 and prompt ids equal to the cross + cached int8 graphs on every image', async () => {
    const model = make(web);
    const decoder = ours(model.variant);
    expect(decoder.int8Kernel).toBe('i8-dot16');
    expect([...decoder.linears().values()].every((l) => l.format === 'dynamic')).toBe(true);
    const ref = await reference(model);
    for (const i of f.golden.images.keys()) {
      const a = await decoder.forImage(ref.embeds[i]!);
      const b = await ref.decoder(i);
      for (const options of [{}, { num_beams: 3 }, { prompt: f.golden.prompt.text }]) {
        const x = await generateCaption(a, configOf(options));
        const y = await generateCaption(b, configOf(options));
        expect(x.ids).toEqual(y.ids);
        // beam's sequence_score: measured 8e-4 apart on one image with reduce_range (one step's logits parting, see TOL)
        if (y.score !== null) expect(Math.abs(x.score! - y.score)).toBeLessThan(2e-3);
      }
    }
  }, 120_000);

  it(`logits and present keys/values step by step within ${TOL} (a prompt, single tokens, 3 beams after a reorder)`, async () => {
    const model = make(web);
    const decoder = ours(model.variant);
    const ref = await reference(model);
    const t = web.config.text;
    let worst = 0;
    for (const [i, golden] of f.golden.images.entries()) {
      const x0 = await decoder.forImage(ref.embeds[i]!);
      const y0 = await ref.decoder(i);
      let a: WasmKvState = x0.empty(1);
      let b: KvCache = y0.empty(1);
      const compare = async (tokens: number[][]): Promise<void> => {
        const x = await x0.step(tokens, a);
        const y = await y0.step(tokens, b);
        worst = Math.max(worst, relative(x.logits, y.logits));
        expect(relative(x.logits, y.logits)).toBeLessThan(TOL);
        for (let l = 0; l < t.layers; l++) expect(relative(x.state.keys[l]!.data, y.state.tensors[`past_key_${l}`]!.data as Float32Array)).toBeLessThan(TOL);
        a = x.state;
        b = y.state;
      };
      const prompt = golden.prompt.input_ids.slice(0, -1);
      prompt[0] = t.bos;
      await compare([prompt]);
      for (const id of golden.prompt.ids.slice(prompt.length, prompt.length + 3).filter((id) => id !== t.sep)) await compare([[id]]);
      a = x0.reorder(a, [0, 0, 0]);
      b = y0.reorder(b, [0, 0, 0]);
      await compare([[5], [17], [200]]);
    }
    expect(worst).toBeGreaterThan(0); // not the same bits: the float parts round differently
  }, 120_000);
});

describe('WasmTextDecoder for quantize_dynamic({ reduce_range: true }) against onnxruntime-node (exact with reduce_range)', () => {
  it('greedy and beam-3 ids equal to its cross + cached graphs on every image', async () => {
    const model = native.quantize_dynamic({ reduce_range: true });
    const decoder = ours(model.variant);
    const ref = await reference(model);
    for (const i of f.golden.images.keys()) {
      const a = await decoder.forImage(ref.embeds[i]!);
      const b = await ref.decoder(i);
      for (const options of [{}, { num_beams: 3 }]) expect((await generateCaption(a, configOf(options))).ids).toEqual((await generateCaption(b, configOf(options))).ids);
    }
  }, 120_000);
});

describe("the fused Linears give each graph MatMul's bits", () => {
  it.each([
    ['per tensor, 8-bit', 'tensor', false],
    ['per tensor, reduce_range', 'tensor', true],
    ['per channel, 8-bit', 'channel', false],
  ] as const)('%s: query|key|value, cross key|value and the LM head = the reference of each part on its own (its own weight scale)', (_, granularity, reduceRange) => {
    const decoder = new WasmTextDecoder(f.tensors, web.config.text, 17, { formatOf: () => ({ kind: 'dynamic', granularity, reduceRange }) });
    const random = seededRandom(reduceRange ? 13 : granularity === 'tensor' ? 11 : 12);
    const L = 'text_decoder.bert.encoder.layer.1';
    const cases = [
      { key: 'layer 1 qkv', parts: ['attention.self.query', 'attention.self.key', 'attention.self.value'].map((p) => `${L}.${p}`), rows: 3 },
      { key: 'layer 1 crossKv', parts: [`${L}.crossattention.self.key`, `${L}.crossattention.self.value`], rows: 17 },
      { key: 'head decoder', parts: ['text_decoder.cls.predictions.decoder'], rows: 2 },
    ];
    for (const c of cases) {
      const linear = decoder.linears().get(c.key)!;
      expect(linear.format).toBe('dynamic');
      const K = linear.inFeatures;
      const x = Float32Array.from({ length: c.rows * K }, () => random() * 6 - 3);
      const y = new Float32Array(c.rows * linear.outFeatures);
      linear.products[0]!.run(x, y);
      const expected = new Float32Array(y.length);
      let column = 0;
      for (const prefix of c.parts) {
        const w = f.tensors.get(`${prefix}.weight`)!;
        const [N] = w.shape as [number, number];
        const bias = f.tensors.get(prefix.endsWith('decoder') ? 'text_decoder.cls.predictions.bias' : `${prefix}.bias`)!;
        const wf = new Float32Array(w.bytes.slice().buffer);
        const wt = new Float32Array(K * N);
        for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) wt[k * N + n] = wf[n * K + k]!;
        const q = quantizeInt8(wt, [K, N], { granularity, symmetric: true, axis: 1, reduceRange });
        const part = dynamicInt8Reference(x, q.q, q.scales, new Float32Array(bias.bytes.slice().buffer), c.rows, K, N);
        for (let r = 0; r < c.rows; r++) expected.set(part.subarray(r * N, (r + 1) * N), r * linear.outFeatures + column);
        column += N;
      }
      expect(y).toEqual(expected);
    }
  });
});

describe('quantize_dynamic({ keep }) and mixed formats', () => {
  it('kept layers stay float32 (a fused Linear with one kept part runs per format); greedy ids (every image) and beam-3 (images 0, 2, 3) equal the graphs of that variant', async () => {
    const keep = ['text_decoder.cls.predictions.decoder', 'text_decoder.bert.encoder.layer.0.attention.self.key', 'text_decoder.bert.encoder.layer.1.crossattention.self.value'];
    const model = web.quantize_dynamic({ keep });
    const decoder = ours(model.variant);
    const linears = decoder.linears();
    expect(linears.get('head decoder')!.format).toBe('fp32');
    expect(linears.get('layer 0 qkv')!.format).toBe('mixed');
    expect(linears.get('layer 0 qkv')!.products.map((p) => p.constructor.name)).toEqual(['LinearDynamicInt8', 'GemvLinearF32', 'LinearDynamicInt8']);
    expect(linears.get('layer 1 crossKv')!.products.map((p) => p.constructor.name)).toEqual(['LinearDynamicInt8', 'LinearF32']);
    expect(linears.get('layer 1 qkv')!.format).toBe('dynamic');
    expect(linears.get('head dense')!.format).toBe('dynamic');
    const ref = await reference(model);
    for (const i of f.golden.images.keys()) {
      const a = await decoder.forImage(ref.embeds[i]!);
      const b = await ref.decoder(i);
      // image 1's beam-3: at its 3rd step one beam's logits part by 0.16 (see TOL), and the beams then differ
      for (const options of i === 1 ? [{}] : [{}, { num_beams: 3 }]) expect((await generateCaption(a, configOf(options))).ids).toEqual((await generateCaption(b, configOf(options))).ids);
      const x = await a.step([[web.config.text.bos]], a.empty(1));
      const y = await b.step([[web.config.text.bos]], b.empty(1));
      expect(relative(x.logits, y.logits)).toBeLessThan(TOL);
    }
  }, 120_000);
});

describe('WasmTextDecoder refuses the formats it does not compute', () => {
  it('int8 weight-only, float16 / bfloat16 Linears, 16-bit variants, a transform without its formats: word for word', () => {
    const t = web.config.text;
    const make = (variant: BlipVariant) => () => new WasmTextDecoder(f.tensors, t, 17, { variant, formatOf: planBlipWeights(web.config, variant.transform) });
    const q = 'text_decoder.bert.encoder.layer.0.attention.self.query.weight';
    expect(make(web.quantize().variant)).toThrow(
      `the WebAssembly text decoder builds float32 and dynamic int8 (quantize_dynamic) Linears only; layer '${q}' of variant 'int8 per-channel symmetric' is int8 weight-only (per channel, symmetric)`,
    );
    expect(make(web.transform({ layers: { 'text_decoder.bert.encoder.layer.1.output.dense': 'float16' } }, 'half fc2').variant)).toThrow(
      "the WebAssembly text decoder builds float32 and dynamic int8 (quantize_dynamic) Linears only; layer 'text_decoder.bert.encoder.layer.1.output.dense.weight' of variant 'half fc2' is float16 (weights stored 16-bit)",
    );
    expect(() => new WasmTextDecoder(f.tensors, t, 17, { formatOf: (name) => (name.includes('cls.predictions.decoder') ? { kind: 'bfloat16' } : { kind: 'fp32' }) })).toThrow(
      "the WebAssembly text decoder builds float32 and dynamic int8 (quantize_dynamic) Linears only; layer 'text_decoder.cls.predictions.decoder.weight' is bfloat16 (weights stored 16-bit)",
    );
    expect(make(web.to('bfloat16', { activations: true }).variant)).toThrow(
      "the WebAssembly text decoder computes float32 only; variant 'bfloat16 (weights and activations)' is not built on it",
    );
    expect(make(web.to('float16').variant)).toThrow("the WebAssembly text decoder computes float32 only; variant 'float16 weights' is not built on it");
    expect(() => new WasmTextDecoder(f.tensors, t, 17, { variant: web.quantize_dynamic().variant })).toThrow(
      "the WebAssembly text decoder: variant 'dynamic int8 (MatMul)' has a transform; pass its per-layer formats too (formatOf: planBlipWeights(config, variant.transform))",
    );
  });
});
