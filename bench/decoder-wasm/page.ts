// `npm run bench decoder-wasm`, the page (main thread of a cross-origin-isolated bench page, no
// student code): BLIP-base's text decoder (12 layers, 768 wide, vocab 30,524, 577 image tokens)
// with seeded random weights made here, captioning one random image_embeds greedily for 19 tokens
// (the cross keys/values included): app/models/blip-hub's WasmTextDecoder in this thread and with
// a LinearPool of 1 worker + this thread, and onnxruntime-web 1.30 on the app's own cross and
// cached decoder graphs (weights as external data, the cached graph's Linears [in, out], the
// session options of web-runtime.ts) with `ortThreads` threads. With `int8`, the same for the
// dynamic int8 variants (quantize_dynamic() and its reduce_range): our decoder with
// LinearDynamicInt8 Linears (this thread) and onnxruntime-web on the app's int8 cross + cached
// graphs. node-driver.ts interleaves the rounds of two such pages (onnxruntime-web's thread count
// is fixed per page).
import { saveModel } from '../../app/onnx/model.ts';
import { seededRandom } from '../../app/shared/seeded-random.ts';
import { LinearPool, linearWorkerFrom } from '../../app/wasm/linear-pool.ts';
import { parseBlipConfig, visionTokens, type BlipTextSizes } from '../../app/models/blip-hub/config.ts';
import { buildCrossGraph, buildDecoderGraph } from '../../app/models/blip-hub/decoder-graph.ts';
import { withExternalData } from '../../app/models/blip-hub/external-mount.ts';
import type { BuildOptions, BuiltGraph } from '../../app/models/blip-hub/graph-builder.ts';
import type { WeightFormat } from '../../app/onnx/plan.ts';
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
  /** the pool's column-split runs through handoff.ts's mailbox (as the app's pool), not messages; default true */
  readonly handoff?: boolean;
  /** also the dynamic int8 variants (8-bit and reduce_range): onnxruntime-web's graphs, and ours when `ours` */
  readonly int8?: boolean;
}

/** fp32, quantize_dynamic() (8-bit weights) or quantize_dynamic({ reduce_range: true }) */
export type DecoderVariant = 'fp32' | 'int8' | 'int8-rr';
export type DecoderRoundKind = 'ort' | 'ours' | 'ours-pool' | 'ort-int8' | 'ours-int8' | 'ort-int8-rr' | 'ours-int8-rr';

/** The variant a round computes. */
export const variantOfRound = (kind: DecoderRoundKind): DecoderVariant =>
  kind.endsWith('int8-rr') ? 'int8-rr' : kind.endsWith('int8') ? 'int8' : 'fp32';

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
  /** our int8 decoders' kernels (8-bit, reduce_range), when built */
  readonly int8Kernels: readonly (string | null)[] | null;
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

interface OrtGraphs {
  readonly cross: OrtModule.InferenceSession;
  readonly decoder: OrtModule.InferenceSession;
}

interface Page {
  readonly t: BlipTextSizes;
  readonly embeds: Float32Array;
  readonly ort: Ort;
  /** onnxruntime-web's cross + cached sessions per variant built */
  readonly graphs: ReadonlyMap<DecoderVariant, OrtGraphs>;
  /** our decoder per variant built */
  readonly decoders: ReadonlyMap<DecoderVariant, WasmTextDecoder>;
  readonly pool: LinearPool | null;
}

/** Every Linear in one format (the variant's: quantize_dynamic's byOp MatMul). */
const FORMATS: Record<DecoderVariant, WeightFormat> = {
  fp32: { kind: 'fp32' },
  int8: { kind: 'dynamic', granularity: 'tensor', reduceRange: false },
  'int8-rr': { kind: 'dynamic', granularity: 'tensor', reduceRange: true },
};

let page: Page | null = null;

globalThis.decoderWasmSetup = async (setup) => {
  const config = parseBlipConfig({ model_type: 'blip', text_config: { num_attention_heads: 12, ...setup.textConfig } });
  const t = config.text;
  const N = visionTokens(config.vision);
  const tensors = randomText(t);
  const variants: DecoderVariant[] = setup.int8 === true ? ['fp32', 'int8', 'int8-rr'] : ['fp32'];
  const decoders = new Map<DecoderVariant, WasmTextDecoder>();
  if (setup.ours)
    for (const v of variants) {
      const format = FORMATS[v];
      decoders.set(
        v,
        new WasmTextDecoder(tensors, t, N, {
          ...(setup.poolMinWeights === undefined ? {} : { poolMinWeights: setup.poolMinWeights }),
          formatOf: () => format,
        }),
      );
    }
  const ours = decoders.get('fp32') ?? null;
  const pool =
    ours !== null && crossOriginIsolated
      ? await LinearPool.create(ours.memory, {
          workers: 1,
          callerShare: true,
          handoff: setup.handoff ?? true,
          spawn: linearWorkerFrom(() => new Worker('/linear-worker.js')),
        })
      : null;
  const ort = await loadOrt(setup.ortThreads);
  const graphs = new Map<DecoderVariant, OrtGraphs>();
  for (const v of variants) {
    const format = FORMATS[v];
    const options: BuildOptions = { placement: 'external', formatOf: () => format, storage: 'float32', bf16Activations: false };
    const cross = await session(ort, buildCrossGraph(tensors, t, N, options));
    graphs.set(v, { cross, decoder: await session(ort, buildDecoderGraph(tensors, t, N, 'cached', options)) });
  }
  const random = seededRandom(577);
  const embeds = Float32Array.from({ length: N * t.encoderHidden }, () => random() * 4 - 2);
  page = { t, embeds, ort, graphs, decoders, pool };
  const int8Kernels = setup.ours && setup.int8 === true ? [decoders.get('int8')!.int8Kernel, decoders.get('int8-rr')!.int8Kernel] : null;
  return { userAgent: navigator.userAgent, crossOriginIsolated, kernel: ours?.kernel ?? null, int8Kernels, layers: t.layers, tokens: N };
};

globalThis.decoderWasmRound = async (kind) => {
  if (page === null) throw new Error('decoderWasmSetup first');
  const { t, embeds, ort } = page;
  const config = { start: [t.bos], sep: t.sep, maxLength: t.maxLength, numBeams: 1 };
  const variant = variantOfRound(kind);
  const t0 = performance.now();
  if (kind === 'ort' || kind === 'ort-int8' || kind === 'ort-int8-rr') {
    const graphs = page.graphs.get(variant);
    if (graphs === undefined) throw new Error(`this page was set up without onnxruntime-web's ${variant} graphs`);
    const cross = await graphs.cross.run({
      image_embeds: new ort.Tensor('float32', embeds, [1, embeds.length / t.encoderHidden, t.encoderHidden]),
    });
    const crossMs = performance.now() - t0;
    const stepper = new KvDecoder(ort, graphs.decoder, cross, {
      layers: t.layers,
      heads: t.heads,
      headDim: t.hidden / t.heads,
      vocab: t.vocab,
    });
    const { ids } = await generateCaption(stepper, config);
    return { ms: performance.now() - t0, crossMs, ids, split: null };
  }
  const ours = page.decoders.get(variant);
  if (ours === undefined) throw new Error(`this page was set up without our ${variant} decoder`);
  const pool = kind === 'ours-pool' ? page.pool : null;
  if (kind === 'ours-pool' && pool === null) throw new Error('no pool: the page is not cross-origin isolated');
  ours.resetSplit();
  const stepper = await ours.forImage(embeds, pool ?? undefined);
  const crossMs = performance.now() - t0;
  const { ids } = await generateCaption(stepper, config);
  return { ms: performance.now() - t0, crossMs, ids, split: { ...ours.split } };
};
