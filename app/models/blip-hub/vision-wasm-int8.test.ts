// The WebAssembly vision encoder's dynamic int8 variants (vision-wasm.ts + vision-wasm-int8.ts) in Node
// (SIMD128: i8-dot16 for both weight ranges) on the shared micro checkpoint: image_embeds of
// quantize_dynamic() and quantize_dynamic({ reduce_range: true }) against onnxruntime running the
// app's int8 vision graph (onnxruntime-web, 1 thread: exact integer MatMul for 8-bit weights; and
// onnxruntime-node for reduce_range, where its AVX2 kernel is exact); pooled runs give one thread's
// bits; `keep` layers stay float32; other formats are refused by name.
// Tolerance (max |Δ| / max |ref|): each Linear is ORT's bit for bit given the same input, but the float
// ops between them (LayerNorm, softmax, GELU, the residual adds) are app/wasm's, within ≈ 1e-7 of ORT's.
// Against onnxruntime-web 1e-5, as the float32 encoder (measured 2.4e-7 … 3.5e-7 on the four images, both
// weight ranges). Against onnxruntime-node (reduce_range) 5e-3: a float difference that small can move an
// activation across a quantization step (one unit of x_scale·w_scale in the next Linear), which the
// following layers carry; on image 2 onnxruntime-node and onnxruntime-web themselves differ by 2.5e-3 (and
// ours from -node by the same), on the others ≈ 1.2e-6. int8 vs our float32 encoder: 1.5e-2 … 4e-2.
import { Tokenizer } from '@huggingface/tokenizers';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web/wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveModel } from '../../onnx/model.ts';
import { GemmMemory } from '../../wasm/gemm-memory.ts';
import { relativeError } from '../../wasm/linear-reference.ts';
import { LinearPool } from '../../wasm/linear-pool.ts';
import { inProcessWorkers } from '../../wasm/in-process-workers.ts';
import { BlipHubModel } from './blip-hub-model.ts';
import { buildGraphs } from './blip-hub-sessions.ts';
import { loadHfBlip, type HfBlipFixture } from './hf-blip-fixture.ts';
import { nodeRuntime } from './node-runtime.ts';
import { WasmVisionEncoder } from './vision-wasm.ts';
import { planBlipWeights } from './weight-plan.ts';

const TOLERANCE = 1e-5;
const NODE_TOLERANCE = 5e-3;
let f: HfBlipFixture;
let model: BlipHubModel;

beforeAll(() => {
  f = loadHfBlip();
  model = new BlipHubModel({
    id: 'micro-a',
    tensors: f.tensors,
    config: f.config,
    preprocessor: f.preprocessor,
    tokenizer: new Tokenizer(f.tokenizer, f.tokenizerConfig),
    runtime: nodeRuntime(),
  });
});

const pixelsOf = (i: number): Float32Array => f.f32(`pixel_values/img${i}.f32`);

function encoderOf(m: BlipHubModel, memory?: GemmMemory): WasmVisionEncoder {
  return new WasmVisionEncoder(f.tensors, m.config.vision, {
    variant: m.variant,
    formatOf: planBlipWeights(m.config, m.variant.transform),
    ...(memory === undefined ? {} : { memory }),
  });
}

/** image_embeds of the app's vision graph for the model's variant on onnxruntime-web (1 thread) or -node. */
async function ortEmbeds(m: BlipHubModel, runtime: 'web' | 'node'): Promise<(pixels: Float32Array) => Promise<Float32Array>> {
  const bytes = saveModel(buildGraphs(f.tensors, m.config, m.variant, 'inline', ['vision']).get('vision')!.model);
  if (runtime === 'node') {
    const s = await ortNode.InferenceSession.create(bytes);
    return async (pixels) =>
      (await s.run({ pixel_values: new ortNode.Tensor('float32', pixels, [1, 3, 64, 64]) }))['image_embeds']!.data as Float32Array;
  }
  ortWeb.env.wasm.numThreads = 1;
  ortWeb.env.wasm.wasmPaths = new URL('../../../node_modules/onnxruntime-web/dist/', import.meta.url).href;
  const s = await ortWeb.InferenceSession.create(bytes);
  return async (pixels) =>
    (await s.run({ pixel_values: new ortWeb.Tensor('float32', pixels, [1, 3, 64, 64]) }))['image_embeds']!.data as Float32Array;
}

const inProcess = inProcessWorkers;

describe('WasmVisionEncoder, dynamic int8', () => {
  it.each([
    ['quantize_dynamic()', false],
    ['quantize_dynamic({ reduce_range: true })', true],
  ])(`%s: image_embeds within ${TOLERANCE} of onnxruntime's int8 vision graph on every golden image`, async (_name, reduceRange) => {
    const int8 = model.quantize_dynamic(reduceRange ? { reduce_range: true } : {});
    const encoder = encoderOf(int8);
    expect(encoder.int8Kernels).toEqual(['i8-dot16']);
    const fp32 = new WasmVisionEncoder(f.tensors, model.config.vision);
    const web = await ortEmbeds(int8, 'web');
    const node = reduceRange ? await ortEmbeds(int8, 'node') : null;
    for (const i of f.golden.images.keys()) {
      const ours = await encoder.run(pixelsOf(i));
      expect(relativeError(ours, Float64Array.from(await web(pixelsOf(i))))).toBeLessThan(TOLERANCE);
      if (node !== null) expect(relativeError(ours, Float64Array.from(await node(pixelsOf(i))))).toBeLessThan(NODE_TOLERANCE);
      // and it is not the float32 encoder's output
      expect(relativeError(ours, Float64Array.from(await fp32.run(pixelsOf(i))))).toBeGreaterThan(1e-3);
    }
  });

  it.each([
    [1, false, false],
    [2, false, true],
    [3, false, false],
    [1, true, true],
    [2, true, false],
  ])('%i in-process workers, callerShare %s, reduce_range %s: the one-thread bits', async (workers, callerShare, reduceRange) => {
    const int8 = model.quantize_dynamic(reduceRange ? { reduce_range: true } : {});
    const one = await encoderOf(int8).run(pixelsOf(2));
    const memory = new GemmMemory();
    const encoder = encoderOf(int8, memory);
    const pool = await LinearPool.create(memory, { workers, spawn: inProcess(), callerShare });
    try {
      expect(await encoder.run(pixelsOf(2), pool)).toEqual(one);
      expect(await encoder.run(pixelsOf(2))).toEqual(one);
    } finally {
      pool.dispose();
    }
  });

  it("`keep` layers stay float32: within the tolerance of that variant's graph, not of the all-int8 one", async () => {
    const kept = model.quantize_dynamic({ keep: ['vision_model.encoder.layers.0.mlp.fc1', 'vision_model.encoder.layers.1.self_attn.qkv'] });
    const ours = await encoderOf(kept).run(pixelsOf(0));
    const ref = await (await ortEmbeds(kept, 'web'))(pixelsOf(0));
    expect(relativeError(ours, Float64Array.from(ref))).toBeLessThan(TOLERANCE);
    const all = await encoderOf(model.quantize_dynamic()).run(pixelsOf(0));
    expect(relativeError(all, Float64Array.from(ref))).toBeGreaterThan(1e-3);
  });

  it('refuses other formats by the layer, and a transformed variant without its formats', () => {
    const v = model.config.vision;
    const weightOnly = model.quantize();
    expect(() => new WasmVisionEncoder(f.tensors, v, { variant: weightOnly.variant })).toThrow(
      "the WebAssembly vision encoder computes float32 and dynamic int8 Linears; variant 'int8 per-channel symmetric' is not built on it without its per-layer formats (options.formatOf: planBlipWeights(config, variant.transform))",
    );
    // quantize()'s default reaches the patch embedding too
    expect(() => encoderOf(weightOnly)).toThrow(
      'the WebAssembly vision encoder computes the patch embedding (Conv) in float32 only; its format is int8',
    );
    const oneInt8 = model.transform({ layers: { 'vision_model.encoder.layers.0.self_attn.qkv': 'int8' } });
    expect(() => encoderOf(oneInt8)).toThrow(
      "the WebAssembly vision encoder computes float32 and dynamic int8 (quantize_dynamic) Linears only; layer 'vision_model.encoder.layers.0.self_attn.qkv.weight' is int8",
    );
    const f16 = model.transform({ layers: { 'vision_model.encoder.layers.1.mlp.fc2': 'float16' } });
    expect(() => encoderOf(f16)).toThrow("layer 'vision_model.encoder.layers.1.mlp.fc2.weight' is float16");
    expect(() => new WasmVisionEncoder(f.tensors, v, { formatOf: () => ({ kind: 'bfloat16' }) })).toThrow(
      'the WebAssembly vision encoder computes the patch embedding (Conv) in float32 only; its format is bfloat16',
    );
  });
});
