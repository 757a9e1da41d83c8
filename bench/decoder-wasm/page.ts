// `npm run bench decoder-wasm`, the page (main thread of a cross-origin-isolated bench page, no
// student code): BLIP-base's text decoder (12 layers, 768 wide, vocab 30,524, 577 image tokens)
// with seeded random weights made here, captioning one random image_embeds greedily for 19 tokens
// (the cross keys/values included): app/models/blip-hub's WasmTextDecoder in this thread and with
// a LinearPool of 1 worker + this thread, and onnxruntime-web 1.30 on the app's own cross and
// cached decoder graphs (weights as external data, the cached graph's Linears [in, out], the
// session options of web-runtime.ts) with `ortThreads` threads. node-driver.ts interleaves the
// rounds of two such pages (onnxruntime-web's thread count is fixed per page).
import { saveModel } from '../../app/onnx/model.ts';
import { seededRandom } from '../../app/shared/seeded-random.ts';
import { LinearPool, linearWorkerFrom } from '../../app/wasm/linear-pool.ts';
import { parseBlipConfig, visionTokens, type BlipTextSizes } from '../../app/models/blip-hub/config.ts';
import { buildCrossGraph, buildDecoderGraph } from '../../app/models/blip-hub/decoder-graph.ts';
import { withExternalData } from '../../app/models/blip-hub/external-mount.ts';
import type { BuildOptions, BuiltGraph } from '../../app/models/blip-hub/graph-builder.ts';
import { KvDecoder } from '../../app/models/blip-hub/kv-decoder.ts';
import { generateCaption } from '../../app/models/blip-hub/kv-generate.ts';
import { WasmTextDecoder, type TextSplit } from '../../app/models/blip-hub/text-wasm.ts';
import type * as OrtModule from 'onnxruntime-web';
import { randomText } from './random-text.ts';

export interface DecoderBenchSetup {
  /** ours (1 thread and pooled) in this page, besides onnxruntime-web */
  readonly ours: boolean;
  readonly ortThreads: number;
  /** text_config overrides (the quick run: fewer layers) */
  readonly textConfig: Readonly<Record<string, number>>;
  /** WasmTextDecoder's option (undefined: its default) */
  readonly poolMinWeights?: number;
}

export type DecoderRoundKind = 'ort' | 'ours' | 'ours-pool';

export interface DecoderRound {
  readonly ms: number;
  /** of which the cross keys/values (ours: forImage; ort-web: the cross session) */
  readonly crossMs: number;
  readonly ids: readonly number[];
  readonly split: TextSplit | null;
}

export interface DecoderPageInfo {
  readonly userAgent: string;
  readonly crossOriginIsolated: boolean;
  readonly kernel: string | null;
  readonly layers: number;
  readonly tokens: number;
}

declare global {
  var decoderWasmSetup: ((setup: DecoderBenchSetup) => Promise<DecoderPageInfo>) | undefined;
  var decoderWasmRound: ((kind: DecoderRoundKind) => Promise<DecoderRound>) | undefined;
}

type Ort = typeof OrtModule;

async function loadOrt(threads: number): Promise<Ort> {
  const url = '/ort/ort.wasm.min.mjs';
  const ort: Ort = await import(/* @vite-ignore */ url);
  ort.env.wasm.wasmPaths = '/ort/';
  ort.env.wasm.numThreads = threads;
  return ort;
}

/** web-runtime.ts's session options (SESSION_OPTIONS + no prepacking), written out: app/models/ort.ts imports Vite assets. */
function session(ort: Ort, graph: BuiltGraph) {
  return withExternalData(graph.externalData, (externalData) =>
    ort.InferenceSession.create(saveModel(graph.model), {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
      extra: { session: { disable_quant_qdq: '1', disable_prepacking: '1' } },
      externalData,
    }),
  );
}

interface Page {
  readonly t: BlipTextSizes;
  readonly embeds: Float32Array;
  readonly ort: Ort;
  readonly cross: OrtModule.InferenceSession;
  readonly decoder: OrtModule.InferenceSession;
  readonly ours: WasmTextDecoder | null;
  readonly pool: LinearPool | null;
}

let page: Page | null = null;

globalThis.decoderWasmSetup = async (setup) => {
  const config = parseBlipConfig({ model_type: 'blip', text_config: { num_attention_heads: 12, ...setup.textConfig } });
  const t = config.text;
  const N = visionTokens(config.vision);
  const tensors = randomText(t);
  const ours = setup.ours
    ? new WasmTextDecoder(tensors, t, N, setup.poolMinWeights === undefined ? {} : { poolMinWeights: setup.poolMinWeights })
    : null;
  const pool =
    ours !== null && crossOriginIsolated
      ? await LinearPool.create(ours.memory, {
          workers: 1,
          callerShare: true,
          spawn: linearWorkerFrom(() => new Worker('/linear-worker.js')),
        })
      : null;
  const ort = await loadOrt(setup.ortThreads);
  const options: BuildOptions = { placement: 'external', formatOf: () => ({ kind: 'fp32' }), storage: 'float32', bf16Activations: false };
  const cross = await session(ort, buildCrossGraph(tensors, t, N, options));
  const decoder = await session(ort, buildDecoderGraph(tensors, t, N, 'cached', options));
  const random = seededRandom(577);
  const embeds = Float32Array.from({ length: N * t.encoderHidden }, () => random() * 4 - 2);
  page = { t, embeds, ort, cross, decoder, ours, pool };
  return { userAgent: navigator.userAgent, crossOriginIsolated, kernel: ours?.kernel ?? null, layers: t.layers, tokens: N };
};

globalThis.decoderWasmRound = async (kind) => {
  if (page === null) throw new Error('decoderWasmSetup first');
  const { t, embeds, ort } = page;
  const config = { start: [t.bos], sep: t.sep, maxLength: t.maxLength, numBeams: 1 };
  const t0 = performance.now();
  if (kind === 'ort') {
    const cross = await page.cross.run({
      image_embeds: new ort.Tensor('float32', embeds, [1, embeds.length / t.encoderHidden, t.encoderHidden]),
    });
    const crossMs = performance.now() - t0;
    const stepper = new KvDecoder(ort, page.decoder, cross, {
      layers: t.layers,
      heads: t.heads,
      headDim: t.hidden / t.heads,
      vocab: t.vocab,
    });
    const { ids } = await generateCaption(stepper, config);
    return { ms: performance.now() - t0, crossMs, ids, split: null };
  }
  const ours = page.ours;
  if (ours === null) throw new Error('this page was set up without ours');
  const pool = kind === 'ours-pool' ? page.pool : null;
  if (kind === 'ours-pool' && pool === null) throw new Error('no pool: the page is not cross-origin isolated');
  ours.resetSplit();
  const stepper = await ours.forImage(embeds, pool ?? undefined);
  const crossMs = performance.now() - t0;
  const { ids } = await generateCaption(stepper, config);
  return { ms: performance.now() - t0, crossMs, ids, split: { ...ours.split } };
};
