// The WebAssembly vision encoder (vision-wasm.ts) in Node (SIMD128 mul + add: Node validates relaxed
// SIMD only behind a flag) on the shared micro checkpoint (hf-blip-fixture.ts): image_embeds against
// onnxruntime-node running vision-graph.ts's graph, the caption ids when the decoder is fed them,
// and the variants and inputs it refuses.
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveModel } from '../../onnx/model.ts';
import { GemmMemory } from '../../wasm/gemm-memory.ts';
import { relativeError } from '../../wasm/linear-reference.ts';
import { LinearPool } from '../../wasm/linear-pool.ts';
import { inProcessWorkers } from '../../wasm/in-process-workers.ts';
import type { FileRange } from '../hub/file-range.ts';
import { readSafetensorsRange } from '../hub/safetensors.ts';
import { BlipHubModel } from './blip-hub-model.ts';
import { buildGraphs, type BlipVariant } from './blip-hub-sessions.ts';
import type { CheckpointTensor } from './checkpoint-weights.ts';
import { crossKey, crossValue } from './decoder-graph.ts';
import { loadHfBlip, type HfBlipFixture } from './hf-blip-fixture.ts';
import { KvDecoder } from './kv-decoder.ts';
import { generateCaption } from './kv-generate.ts';
import { nodeRuntime } from './node-runtime.ts';
import { parseGenerateOptions } from './run-options.ts';
import { WasmVisionEncoder } from './vision-wasm.ts';
import { erf } from './vision-wasm-ops.ts';

const FP32: BlipVariant = { label: 'fp32', transform: null, storage: 'float32', bf16Activations: false };
let f: HfBlipFixture;
let model: BlipHubModel;

beforeAll(() => {
  f = loadHfBlip();
  model = new BlipHubModel({
    id: 'micro-a', tensors: f.tensors, config: f.config, preprocessor: f.preprocessor,
    tokenizer: new Tokenizer(f.tokenizer, f.tokenizerConfig), runtime: nodeRuntime(),
  });
});

const pixelsOf = (i: number): Float32Array => f.f32(`pixel_values/img${i}.f32`);

describe('WasmVisionEncoder vs the ONNX vision graph', () => {
  it('image_embeds within max|Δ| / max|ref| < 1e-5 of onnxruntime on every golden image', async () => {
    const graphs = buildGraphs(f.tensors, model.config, FP32, 'inline', ['vision']);
    const vision = await ort.InferenceSession.create(saveModel(graphs.get('vision')!.model));
    const encoder = new WasmVisionEncoder(f.tensors, model.config.vision);
    expect(encoder.kernel).toBe('f32-plain');
    expect(encoder.tokens).toBe(17);
    expect(f.golden.images.length).toBe(4);
    for (const i of f.golden.images.keys()) {
      const pixels = pixelsOf(i);
      const ref = (await vision.run({ pixel_values: new ort.Tensor('float32', pixels, [1, 3, 64, 64]) }))['image_embeds']!.data as Float32Array;
      const ours = await encoder.run(pixels);
      expect(ours.length).toBe(17 * 64);
      expect(relativeError(ours, Float64Array.from(ref))).toBeLessThan(1e-5);
      // and transformers' own output (the graph itself is within 1e-4 of it, blip-hub.test.ts)
      expect(relativeError(ours, Float64Array.from(f.f32(`image_embeds/img${i}.f32`)))).toBeLessThan(1e-4);
    }
    // every part of the run was timed
    expect(encoder.split.linear).toBeGreaterThan(0);
    expect(encoder.split.attention).toBeGreaterThan(0);
    await vision.release();
  });

  it("the decoder fed these image_embeds gives transformers' greedy ids on every image", async () => {
    const encoder = new WasmVisionEncoder(f.tensors, model.config.vision);
    const sessions = await model.sessions();
    const t = model.config.text;
    const { config } = parseGenerateOptions({}, model.parts.tokenizer, t);
    for (const [i, golden] of f.golden.images.entries()) {
      const embeds = new ort.Tensor("float32", await encoder.run(pixelsOf(i)), [1, 17, 64]);
      // what BlipHubModel.run does after its vision session (a test-side seam: run() is unchanged)
      const cross = await sessions.cross.run({ image_embeds: embeds });
      for (let l = 0; l < t.layers; l++) {
        expect(cross[crossKey(l)]).toBeDefined();
        expect(cross[crossValue(l)]).toBeDefined();
      }
      const decoder = new KvDecoder(ort, sessions.decoder, cross, { layers: t.layers, heads: t.heads, headDim: t.hidden / t.heads, vocab: t.vocab });
      expect((await generateCaption(decoder, config)).ids).toEqual(golden.greedy.ids);
    }
  });

  it('from the file (a Blob in the browser): each vision tensor read once and its copy released, the same bits as from memory', async () => {
    const reads: number[] = [];
    const held = new Set<ArrayBufferLike>();
    let released = 0;
    const file: FileRange = {
      size: f.safetensors.length, source: 'micro-a/model.safetensors', inMemory: false,
      read: (start, length) => {
        reads.push(length);
        const copy = f.safetensors.slice(start, start + length);
        held.add(copy.buffer);
        return copy;
      },
      release: (bytes) => {
        if (held.delete(bytes.buffer)) released++;
      },
    };
    const checkpoint = readSafetensorsRange(file);
    reads.length = 0;
    held.clear();
    const fromFile = new WasmVisionEncoder(checkpoint.tensors, model.config.vision);
    const visionTensors = [...checkpoint.tensors.keys()].filter((n) => n.startsWith('vision_model.')).length;
    expect(reads.length).toBe(visionTensors);
    expect(released).toBe(visionTensors);
    expect(held.size).toBe(0);
    const pixels = pixelsOf(1);
    expect(await fromFile.run(pixels)).toEqual(await new WasmVisionEncoder(f.tensors, model.config.vision).run(pixels));
  });

  it.each([
    [1, true],
    [1, false],
    [2, false],
    [2, true],
    [3, false],
  ])('with a LinearPool of %i in-process worker(s), callerShare %s (17 token rows, 16 patch rows): the bits of the one-thread run', async (workers, callerShare) => {
    const encoder = new WasmVisionEncoder(f.tensors, model.config.vision);
    const spawn = inProcessWorkers();
    const pool = await LinearPool.create(encoder.memory, { workers, spawn, callerShare });
    try {
      for (const i of [0, 3]) expect(await encoder.run(pixelsOf(i), pool)).toEqual(await encoder.run(pixelsOf(i)));
      encoder.resetSplit();
      await encoder.run(pixelsOf(1), pool);
      // the calling thread's own share is timed when it takes one; it always waits for the workers
      expect(encoder.split.attention > 0).toBe(callerShare);
      expect(encoder.split.wait).toBeGreaterThan(0);
      await expect(encoder.run(pixelsOf(1), await LinearPool.create(new GemmMemory(), { workers: 1, spawn }))).rejects.toThrow(
        "the vision encoder's pool runs on another memory than the encoder's",
      );
    } finally {
      pool.dispose();
    }
  });

  it('erf within 2e-7 of known values', () => {
    const known: [number, number][] = [[0, 0], [0.1, 0.1124629160182849], [0.5, 0.5204998778130465], [1, 0.8427007929497149], [-1.5, -0.9661051464753108], [2.5, 0.9995930479825550], [-4, -0.9999999845827421]];
    for (const [x, y] of known) expect(Math.abs(erf(x) - y)).toBeLessThan(2e-7);
  });
});

describe('WasmVisionEncoder refuses what it does not compute', () => {
  it('variants other than float32, 16-bit tensors and wrong pixel sizes, by name', async () => {
    const v = model.config.vision;
    expect(() => new WasmVisionEncoder(f.tensors, v, { variant: { label: 'bfloat16 (weights and activations)', transform: { default: 'bfloat16' }, storage: 'bfloat16', bf16Activations: true } })).toThrow(
      "the WebAssembly vision encoder computes float32 only; variant 'bfloat16 (weights and activations)' is not built on it",
    );
    expect(() => new WasmVisionEncoder(f.tensors, v, { variant: { label: 'int8 per-channel symmetric', transform: { default: { kind: 'int8', granularity: 'channel', symmetric: true } }, storage: 'float32', bf16Activations: false } })).toThrow(
      "variant 'int8 per-channel symmetric' is not built on it",
    );
    const name = 'vision_model.encoder.layers.0.mlp.fc1.weight';
    const t = f.tensors.get(name)!;
    const half: CheckpointTensor = { name, dtype: 'BF16', shape: t.shape, bytes: t.bytes.subarray(0, t.bytes.length / 2) };
    const tensors = new Map(f.tensors).set(name, half);
    expect(() => new WasmVisionEncoder(tensors, v)).toThrow(`the WebAssembly vision encoder reads float32 weights only; tensor '${name}' is bfloat16`);
    const encoder = new WasmVisionEncoder(f.tensors, v);
    await expect(encoder.run(new Float32Array(3 * 64 * 63))).rejects.toThrow('pixel_values: expected a Float32Array [1, 3, 64, 64] (12288 floats), got 12096 floats');
  });
});
