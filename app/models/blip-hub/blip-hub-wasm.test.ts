// BlipHubModel's float32 model on app/wasm's kernels (nodeRuntime({ wasm: true }): WasmVisionEncoder
// and WasmTextDecoder, SIMD128 in Node 20, one thread) against transformers 4.27.1 on the shared
// micro checkpoint (../shared/hf-blip, hf-blip-fixture.ts): first-step logits, greedy, beam and
// prompt ids on every mix of engines; which engines ran and were built; `vision_engine`,
// `decoder_engine` and their errors; the checkpoint check; dispose.
import { Tokenizer } from '@huggingface/tokenizers';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from '../../onnx/node/png-decode.ts';
import { maxAbsDiff } from '../../onnx/node/ort-node.ts';
import { BlipHubModel, type BlipHubParts } from './blip-hub-model.ts';
import { loadHfBlip, type HfBlipFixture } from './hf-blip-fixture.ts';
import { nodeRuntime } from './node-runtime.ts';
import type { BlipHubRuntime } from './blip-hub-sessions.ts';

let f: HfBlipFixture;
let parts: BlipHubParts;
let model: BlipHubModel;
const images: { data: Uint8ClampedArray; width: number; height: number }[] = [];
const WASM = 'wasm-simd128 × 1 thread'; // Node 20 validates SIMD128, not relaxed SIMD
const ORT = 'onnxruntime-node × 1 thread';

beforeAll(() => {
  f = loadHfBlip();
  parts = { id: 'micro-a', tensors: f.tensors, config: f.config, preprocessor: f.preprocessor, tokenizer: new Tokenizer(f.tokenizer, f.tokenizerConfig), runtime: nodeRuntime({ wasm: true }) };
  model = new BlipHubModel(parts);
  for (const img of f.golden.images) {
    const png = decodePng(f.png(img.file));
    images.push({ data: new Uint8ClampedArray(png.data), width: png.width, height: png.height });
  }
});

/** Counts the engines a runtime opens and the sessions it makes, by graph. */
function counting(runtime: BlipHubRuntime): { runtime: BlipHubRuntime; opened: () => number; sessions: string[] } {
  const wasm = runtime.wasm!;
  let opened = 0;
  const sessions: string[] = [];
  return {
    runtime: {
      ...runtime,
      createSession: (graph, role) => {
        sessions.push(role);
        return runtime.createSession(graph, role);
      },
      wasm: { threads: wasm.threads, open: () => ((opened += 1), wasm.open()) },
    },
    opened: () => opened,
    sessions,
  };
}

describe('float32 BLIP with the image encoded in WebAssembly vs transformers 4.27.1', () => {
  it('first-step logits within 1e-4 of the golden on all four images, on either engine', async () => {
    for (const [i, image] of images.entries()) {
      for (const [engine, label] of [['wasm', WASM], ['onnxruntime', ORT]] as const) {
        const d = await model.image_decoder(image, { vision_engine: engine });
        expect(d.vision_engine).toBe(label);
        const { logits } = await d.decoder.step([[model.config.text.bos]], d.decoder.empty(1));
        expect(maxAbsDiff(logits, f.f32(`logits_step0/img${i}.f32`))).toBeLessThan(1e-4);
      }
    }
  });

  it('greedy (cache and no cache), beam-3 and prompt ids equal generate() on every image; the engine is reported', async () => {
    for (const [i, image] of images.entries()) {
      const golden = f.golden.images[i]!;
      const greedy = await model.run(image);
      expect(greedy.vision_engine).toBe(WASM);
      expect(greedy.ids).toEqual(golden.greedy.ids);
      expect(greedy.caption).toBe(golden.greedy.caption);
      expect(greedy.vision_ms).toBeGreaterThan(0);
      expect(greedy.vision_ms).toBeLessThan(greedy.ms);
      expect((await model.run(image, { use_cache: false })).ids).toEqual(golden.greedy.ids);
      const beam = await model.run(image, { num_beams: 3 });
      expect(beam.ids).toEqual(golden.beam3.ids);
      expect(beam.sequence_score).toBeCloseTo(golden.beam3.sequence_score, 5);
      const prompt = await model.run(image, { prompt: f.golden.prompt.text });
      expect(prompt.ids).toEqual(golden.prompt.ids);
      expect(prompt.caption).toBe(golden.prompt.caption);
    }
  });

  it("vision_engine 'onnxruntime' runs onnxruntime's vision graph: the same ids, its name reported", async () => {
    for (const [i, image] of images.entries()) {
      const r = await model.run(image, { vision_engine: 'onnxruntime' });
      expect(r.vision_engine).toBe(ORT);
      expect(r.ids).toEqual(f.golden.images[i]!.greedy.ids);
      expect((await model.run(image, { vision_engine: 'wasm', num_beams: 3 })).ids).toEqual(f.golden.images[i]!.beam3.ids);
    }
  });
});

describe("decoder_engine: the text decoder in WebAssembly or onnxruntime's graphs", () => {
  it('every mix of engines gives the golden greedy, beam-3 and prompt ids and names both engines', async () => {
    for (const vision of ['wasm', 'onnxruntime'] as const) {
      for (const decoder of ['wasm', 'onnxruntime'] as const) {
        for (const [i, image] of images.entries()) {
          const golden = f.golden.images[i]!;
          const r = await model.run(image, { vision_engine: vision, decoder_engine: decoder });
          expect([r.vision_engine, r.decoder_engine]).toEqual([vision === 'wasm' ? WASM : ORT, decoder === 'wasm' ? WASM : ORT]);
          expect(r.ids).toEqual(golden.greedy.ids);
          const beam = await model.run(image, { vision_engine: vision, decoder_engine: decoder, num_beams: 3 });
          expect(beam.ids).toEqual(golden.beam3.ids);
          expect(beam.sequence_score).toBeCloseTo(golden.beam3.sequence_score, 5);
          expect((await model.run(image, { vision_engine: vision, decoder_engine: decoder, prompt: f.golden.prompt.text })).ids).toEqual(golden.prompt.ids);
        }
      }
    }
  });

  it("'auto' decodes float32 in WebAssembly, other variants and use_cache: false on onnxruntime", async () => {
    expect((await model.run(images[0]!)).decoder_engine).toBe(WASM);
    expect((await model.run(images[0]!, { use_cache: false })).decoder_engine).toBe(ORT);
    const bf16 = model.to('bfloat16');
    expect((await bf16.run(images[0]!)).decoder_engine).toBe(ORT);
    await bf16.dispose();
  });

  it("quantize_dynamic() (8-bit and reduce_range) encodes and decodes in WebAssembly's int8 with 'auto'; with reduce_range, the ids of onnxruntime's int8 graphs", async () => {
    // onnxruntime-node's AVX2 MatMulInteger saturates with 8-bit weights (pmaddubsw's int16 pairs),
    // so only reduce_range is compared with it here; the 8-bit decoder is held to onnxruntime-web's
    // exact kernel in text-wasm-int8.test.ts.
    for (const [q, compare] of [[model.quantize_dynamic(), false], [model.quantize_dynamic({ reduce_range: true }), true]] as const) {
      for (const image of images) {
        const ours = await q.run(image);
        expect(ours.decoder_engine).toMatch(/^wasm-simd128 \+ i8-\S+ × 1 thread$/);
        expect(ours.vision_engine).toMatch(/^wasm-simd128 \+ i8-\S+ × 1 thread$/);
        if (!compare) continue;
        const theirs = await q.run(image, { decoder_engine: 'onnxruntime' });
        expect(theirs.decoder_engine).toBe(ORT);
        expect(ours.ids).toEqual(theirs.ids);
      }
      await q.dispose();
    }
    const weightOnly = model.quantize();
    expect((await weightOnly.run(images[0]!)).decoder_engine).toBe(ORT);
    await weightOnly.dispose();
  });

  it('runs asked for at once go one at a time and each gets its own image (the decoder holds one image)', async () => {
    const rs = await Promise.all(images.map((image) => model.run(image)));
    expect(rs.map((r) => r.ids)).toEqual(f.golden.images.map((g) => g.greedy.ids));
  });

  it('errors, word for word', async () => {
    await expect(model.run(images[0]!, { decoder_engine: 'webgpu' } as object)).rejects.toThrow(
      new TypeError(`run(): decoder_engine must be 'auto', 'wasm', 'onnxruntime' or left out, got "webgpu"`),
    );
    await expect(model.run(images[0]!, { decoder_engine: 'wasm', use_cache: false })).rejects.toThrow(
      new TypeError("run(): decoder_engine 'wasm' runs with the KV cache only; use_cache: false runs onnxruntime's full decoder graph (leave decoder_engine out)"),
    );
    await expect(model.to('float16').run(images[0]!, { decoder_engine: 'wasm' })).rejects.toThrow(
      new TypeError("run(): decoder_engine 'wasm' computes the float32 model and quantize_dynamic() only; this one is 'float16 weights' (use decoder_engine 'onnxruntime' or leave it out)"),
    );
    await expect(model.quantize().run(images[0]!, { decoder_engine: 'wasm' })).rejects.toThrow(
      "run(): decoder_engine 'wasm' computes the float32 model and quantize_dynamic() only; this one is 'int8 per-channel symmetric' (use decoder_engine 'onnxruntime' or leave it out)",
    );
    await expect(new BlipHubModel({ ...parts, runtime: nodeRuntime() }).run(images[0]!, { decoder_engine: 'wasm' })).rejects.toThrow(
      new TypeError("run(): decoder_engine 'wasm': this runtime has no WebAssembly engine (use decoder_engine 'onnxruntime' or leave it out)"),
    );
  });
});

describe('which engine is built, and when', () => {
  it("'auto' on float32 builds the WebAssembly encoder and no onnxruntime vision session; asking for onnxruntime later adds it once", async () => {
    const c = counting(parts.runtime);
    const m = new BlipHubModel({ ...parts, runtime: c.runtime });
    await m.run(images[0]!);
    await m.run(images[1]!);
    // both halves in WebAssembly: one engine, no onnxruntime session at all
    expect([c.opened(), ...c.sessions]).toEqual([1]);
    expect(m.engines_built).toEqual({ ortVision: false, ortText: false, wasmVision: true, wasmText: true, full: false });
    await m.run(images[0]!, { vision_engine: 'onnxruntime' });
    await m.run(images[1]!, { vision_engine: 'onnxruntime' });
    expect([c.opened(), ...c.sessions]).toEqual([1, 'vision']);
    await m.run(images[0]!, { decoder_engine: 'onnxruntime' });
    await m.run(images[0]!, { use_cache: false });
    expect([c.opened(), ...c.sessions]).toEqual([1, 'vision', 'cross', 'decoder', 'full']);
    await m.dispose();
    // disposed: the next run builds again (a new engine: the old memory went with dispose)
    expect((await m.run(images[2]!)).ids).toEqual(f.golden.images[2]!.greedy.ids);
    expect(c.opened()).toBe(2);
    await m.dispose();
  });

  it('other variants and a runtime without WebAssembly stay on onnxruntime', async () => {
    const bf16 = model.to('bfloat16');
    expect((await bf16.run(images[0]!)).vision_engine).toBe(ORT);
    const plain = new BlipHubModel({ ...parts, runtime: nodeRuntime() });
    const r = await plain.run(images[0]!);
    expect(r.vision_engine).toBe(ORT);
    expect(r.ids).toEqual(f.golden.images[0]!.greedy.ids);
    await Promise.all([bf16.dispose(), plain.dispose()]);
  });

  it('an extra tensor fails the checkpoint check as with the onnxruntime graph, and the engine is released', async () => {
    const q = 'text_decoder.bert.encoder.layer.1.attention.self.query.weight';
    const tensors = new Map(f.tensors);
    tensors.set('text_decoder.bert.pooler.dense.weight', { ...tensors.get(q)!, name: 'text_decoder.bert.pooler.dense.weight' });
    const c = counting(parts.runtime);
    const m = new BlipHubModel({ ...parts, tensors, runtime: c.runtime });
    const message = "the checkpoint has 1 tensor(s) a BlipForConditionalGeneration of this config does not have: 'text_decoder.bert.pooler.dense.weight'";
    await expect(m.run(images[0]!)).rejects.toThrow(message);
    await expect(m.run(images[0]!, { vision_engine: 'onnxruntime' })).rejects.toThrow(message);
    expect(c.sessions).toEqual([]);
    // a vision tensor left out is missing for the WebAssembly encoder too
    const fc1 = 'vision_model.encoder.layers.0.mlp.fc1.weight';
    const missing = new Map(f.tensors);
    missing.delete(fc1);
    await expect(new BlipHubModel({ ...parts, tensors: missing }).run(images[0]!)).rejects.toThrow(`the checkpoint has no tensor '${fc1}' (shape [128, 64])`);
  });
});

describe('vision_engine: errors, word for word', () => {
  it('an unknown value, wasm on a variant it does not compute, wasm on a runtime without it', async () => {
    await expect(model.run(images[0]!, { vision_engine: 'webgpu' } as object)).rejects.toThrow(
      new TypeError(`run(): vision_engine must be 'auto', 'wasm', 'onnxruntime' or left out, got "webgpu"`),
    );
    await expect(model.run(images[0]!, { vision_engine: 2 } as object)).rejects.toThrow("run(): vision_engine must be 'auto', 'wasm', 'onnxruntime' or left out, got 2");
    await expect(model.to('bfloat16').run(images[0]!, { vision_engine: 'wasm' })).rejects.toThrow(
      new TypeError("run(): vision_engine 'wasm' computes the float32 model and quantize_dynamic() only; this one is 'bfloat16 weights' (use vision_engine 'onnxruntime' or leave it out)"),
    );
    await expect(model.quantize().run(images[0]!, { vision_engine: 'wasm' })).rejects.toThrow(
      "run(): vision_engine 'wasm' computes the float32 model and quantize_dynamic() only; this one is 'int8 per-channel symmetric' (use vision_engine 'onnxruntime' or leave it out)",
    );
    await expect(new BlipHubModel({ ...parts, runtime: nodeRuntime() }).run(images[0]!, { vision_engine: 'wasm' })).rejects.toThrow(
      new TypeError("run(): vision_engine 'wasm': this runtime has no WebAssembly engine (use vision_engine 'onnxruntime' or leave it out)"),
    );
  });
});
