// `npm run bench vision-wasm`, the page (main thread of a cross-origin-isolated bench page, no
// student code): BLIP-base's vision encoder (ViT-B/16 at 384 px, 577 tokens, 12 layers) with
// seeded random weights made here, run by app/models/blip-hub's WasmVisionEncoder (app/wasm's
// kernels) in this thread and with a LinearPool of 1 worker + this thread, and by onnxruntime-web
// 1.30 (1 thread) on the app's own vision graph (buildVisionGraph, weights as external data, the
// session options of web-runtime.ts), and the dynamic int8 encoders (reduce_range and 8-bit weights,
// in this thread and pooled), interleaved round by round. Returns medians and the split.
import { saveModel } from '../../app/onnx/model.ts';
import { seededRandom } from '../../app/shared/seeded-random.ts';
import { LinearPool, linearWorkerFrom } from '../../app/wasm/linear-pool.ts';
import { relativeError } from '../../app/wasm/linear-reference.ts';
import type { CheckpointTensor } from '../../app/models/blip-hub/checkpoint-weights.ts';
import { parseBlipConfig, visionTokens, type BlipVisionSizes } from '../../app/models/blip-hub/config.ts';
import { withExternalData } from '../../app/models/blip-hub/external-mount.ts';
import { buildVisionGraph } from '../../app/models/blip-hub/vision-graph.ts';
import { WasmVisionEncoder, type VisionSplit } from '../../app/models/blip-hub/vision-wasm.ts';
import { planBlipWeights } from '../../app/models/blip-hub/weight-plan.ts';
import { median } from '../../scripts/lib/stats.ts';
import { loadOrt } from '../wasm-gemm/ort-baseline.ts';

export interface VisionBenchOptions {
  readonly runs: number;
  readonly warmup: number;
  /** vision_config overrides (the quick run: a smaller encoder) */
  readonly visionConfig: Readonly<Record<string, number>>;
}

export interface VisionBenchReport {
  readonly userAgent: string;
  readonly crossOriginIsolated: boolean;
  readonly kernel: string;
  readonly tokens: number;
  readonly layers: number;
  readonly ortMs: readonly number[];
  readonly oneThreadMs: readonly number[];
  readonly poolMs: readonly number[];
  /** medians of each part over the one-thread runs, ms */
  readonly split: VisionSplit;
  readonly poolSplit: VisionSplit | null;
  readonly errorVsOrt: number;
  readonly poolSameBits: boolean;
  /** the dynamic int8 encoders (quantize_dynamic's formats: every vision Linear, per tensor), on the same memory and pool */
  readonly int8: readonly Int8Report[];
}

export interface Int8Report {
  readonly reduceRange: boolean;
  readonly kernels: readonly string[];
  readonly oneThreadMs: readonly number[];
  readonly poolMs: readonly number[];
  readonly poolSameBits: boolean;
  /** vs our float32 encoder's image_embeds (max |Δ| / max |ref|): int8's own error, for scale */
  readonly errorVsFp32: number;
}

declare global {
  var visionWasmBench: ((options: VisionBenchOptions) => Promise<VisionBenchReport>) | undefined;
}

/** The vision tensors of a BlipForConditionalGeneration, seeded: weights within ±0.04 (ViT's init scale), bell-shaped; LayerNorm scales near 1. */
function randomVision(v: BlipVisionSizes): Map<string, CheckpointTensor> {
  const random = seededRandom(384);
  const tensors = new Map<string, CheckpointTensor>();
  const add = (name: string, shape: readonly number[], centre = 0, spread = 0.04): void => {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(n);
    // bell-shaped in [-spread, spread] (the mean of three uniforms), as trained weights are: with uniform
    // weights 0.8 % of the reduce_range weights land on ±64, each a fix in JavaScript for the shift kernel
    for (let i = 0; i < n; i++) values[i] = centre + ((random() + random() + random()) / 1.5 - 1) * spread;
    tensors.set(name, { name, dtype: 'F32', shape, bytes: new Uint8Array(values.buffer) });
  };
  const D = v.hidden;
  const p = 'vision_model';
  add(`${p}.embeddings.patch_embedding.weight`, [D, v.channels, v.patchSize, v.patchSize]);
  add(`${p}.embeddings.patch_embedding.bias`, [D]);
  add(`${p}.embeddings.class_embedding`, [1, 1, D], 0, 0.5);
  add(`${p}.embeddings.position_embedding`, [1, visionTokens(v), D], 0, 0.5);
  const linear = (name: string, inF: number, outF: number): void => {
    add(`${name}.weight`, [outF, inF]);
    add(`${name}.bias`, [outF], 0, 0.02);
  };
  const norm = (name: string): void => {
    add(`${name}.weight`, [D], 1, 0.1);
    add(`${name}.bias`, [D], 0, 0.05);
  };
  for (let l = 0; l < v.layers; l++) {
    const L = `${p}.encoder.layers.${l}`;
    norm(`${L}.layer_norm1`);
    linear(`${L}.self_attn.qkv`, D, 3 * D);
    linear(`${L}.self_attn.projection`, D, D);
    norm(`${L}.layer_norm2`);
    linear(`${L}.mlp.fc1`, D, v.intermediate);
    linear(`${L}.mlp.fc2`, v.intermediate, D);
  }
  norm(`${p}.post_layernorm`);
  return tensors;
}

const splitMedian = (splits: readonly VisionSplit[]): VisionSplit => {
  const m = (key: keyof VisionSplit): number => median(splits.map((s) => s[key]));
  return {
    linear: m('linear'),
    attention: m('attention'),
    layerNorm: m('layerNorm'),
    gelu: m('gelu'),
    softmax: m('softmax'),
    residual: m('residual'),
    wait: m('wait'),
  };
};

type Ort = Awaited<ReturnType<typeof loadOrt>>;
type OrtSession = Awaited<ReturnType<Ort['InferenceSession']['create']>>;

/**
 * Both encoders on the same random weights; the JS copies of the weights are dropped when this
 * returns (they then live in the encoder's memory and in onnxruntime's heap).
 */
async function encoders(
  v: BlipVisionSizes,
  config: ReturnType<typeof parseBlipConfig>,
): Promise<{ encoder: WasmVisionEncoder; int8: WasmVisionEncoder[]; ort: Ort; session: OrtSession }> {
  const tensors = randomVision(v);
  const encoder = new WasmVisionEncoder(tensors, v);
  // quantize_dynamic()'s formats ({ byOp: { MatMul: dynamic }, default: fp32 }), with and without reduce_range, on the same memory
  const int8 = [true, false].map(
    (reduceRange) =>
      new WasmVisionEncoder(tensors, v, {
        memory: encoder.memory,
        formatOf: planBlipWeights(config, { byOp: { MatMul: { kind: 'dynamic', granularity: 'tensor', reduceRange } }, default: 'fp32' }),
      }),
  );
  const ort = await loadOrt();
  const graph = buildVisionGraph(tensors, v, {
    placement: 'external',
    formatOf: () => ({ kind: 'fp32' }),
    storage: 'float32',
    bf16Activations: false,
  });
  // web-runtime.ts's options (SESSION_OPTIONS + no prepacking), 1 thread
  const session = await withExternalData(graph.externalData, (externalData) =>
    ort.InferenceSession.create(saveModel(graph.model), {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
      extra: { session: { disable_quant_qdq: '1', disable_prepacking: '1' } },
      externalData,
    }),
  );
  return { encoder, int8, ort, session };
}

globalThis.visionWasmBench = async (options) => {
  const config = parseBlipConfig({ model_type: 'blip', vision_config: options.visionConfig });
  const v = config.vision;
  const { encoder, int8, ort, session } = await encoders(v, config);
  const int8Runs = int8.map((e, i) => ({ e, reduceRange: i === 0, one: [] as number[], pooled: [] as number[], same: true, error: 0 }));
  const pool = crossOriginIsolated
    ? await LinearPool.create(encoder.memory, {
        workers: 1,
        callerShare: true,
        spawn: linearWorkerFrom(() => new Worker('/linear-worker.js')),
      })
    : null;
  const random = seededRandom(7);
  const size = v.imageSize;
  const pixels = Float32Array.from({ length: v.channels * size * size }, () => random() * 4 - 2);
  const feeds = { pixel_values: new ort.Tensor('float32', pixels, [1, v.channels, size, size]) };
  const ortMs: number[] = [];
  const oneThreadMs: number[] = [];
  const poolMs: number[] = [];
  const splits: VisionSplit[] = [];
  const poolSplits: VisionSplit[] = [];
  let errorVsOrt = 0;
  let poolSameBits = true;
  try {
    for (let round = 0; round < options.warmup + options.runs; round++) {
      const timed = round >= options.warmup;
      let t0 = performance.now();
      const out = (await session.run(feeds))['image_embeds']?.data;
      if (timed) ortMs.push(performance.now() - t0);
      if (!(out instanceof Float32Array)) throw new Error('onnxruntime-web gave no float32 image_embeds');
      encoder.resetSplit();
      t0 = performance.now();
      const ours = await encoder.run(pixels);
      if (timed) {
        oneThreadMs.push(performance.now() - t0);
        splits.push({ ...encoder.split });
      }
      errorVsOrt = Math.max(errorVsOrt, relativeError(ours, Float64Array.from(out)));
      if (pool !== null) {
        encoder.resetSplit();
        t0 = performance.now();
        const pooled = await encoder.run(pixels, pool);
        if (timed) {
          poolMs.push(performance.now() - t0);
          poolSplits.push({ ...encoder.split });
        }
        poolSameBits &&= pooled.every((x, i) => Object.is(x, ours[i]));
      }
      for (const r of int8Runs) {
        t0 = performance.now();
        const y = await r.e.run(pixels);
        if (timed) r.one.push(performance.now() - t0);
        r.error = Math.max(r.error, relativeError(y, Float64Array.from(ours)));
        if (pool !== null) {
          t0 = performance.now();
          const pooled = await r.e.run(pixels, pool);
          if (timed) r.pooled.push(performance.now() - t0);
          r.same &&= pooled.every((x, i) => Object.is(x, y[i]));
        }
      }
    }
  } finally {
    pool?.dispose();
    await session.release();
  }
  return {
    userAgent: navigator.userAgent,
    crossOriginIsolated,
    kernel: encoder.kernel,
    tokens: encoder.tokens,
    layers: v.layers,
    ortMs,
    oneThreadMs,
    poolMs,
    split: splitMedian(splits),
    poolSplit: poolSplits.length === 0 ? null : splitMedian(poolSplits),
    errorVsOrt,
    poolSameBits,
    int8: int8Runs.map((r) => ({
      reduceRange: r.reduceRange,
      kernels: r.e.int8Kernels,
      oneThreadMs: r.one,
      poolMs: r.pooled,
      poolSameBits: r.same,
      errorVsFp32: r.error,
    })),
  };
};
