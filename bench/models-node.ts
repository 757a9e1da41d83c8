// Issue 5's figures, in Node with onnxruntime-node on one thread: every weight format of the
// PP-OCRv4 recognizer (file size, session load time, median latency over the sample crops,
// text agreement with float32), and a MatMul-heavy generated model in float32 vs dynamic int8.
import { matmulStack, type MatmulReport } from '../app/lab/bench-matmul.ts';
import { randomFloats } from '../app/onnx/build.ts';
import { seededRandom } from '../app/shared/seeded-random.ts';
import { median } from '../scripts/lib/stats.ts';
import { loadOcrSamples, readOcrKeys, readOcrModelBytes } from '../app/models/ocr/node/ocr-fixtures.ts';
import { type Runner, type VariantReport, measureVariants } from './lib/measure-variants.ts';
export type { MatmulReport };
import { loadModel, saveModel } from '../app/onnx/model.ts';
import { ctcGreedyDecode, ocrCharset } from '../app/models/ocr/ppocr.ts';
import type { ModelProto } from '../app/onnx/onnx-proto.gen.ts';
import { createSession, runFloat } from '../app/onnx/node/ort-node.ts';
import type { TransformConfig } from '../app/onnx/plan.ts';
import { transformModel } from '../app/onnx/transform.ts';
import type { BenchRow } from '../scripts/lib/stats.ts';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';

type Session = Awaited<ReturnType<typeof createSession>>;

/** The variants the lab offers, by name; `fold` lets ORT fold DequantizeLinear on weights at load. */
export const OCR_VARIANTS: readonly { name: string; config: TransformConfig | null; fold?: boolean }[] = [
  { name: 'fp32', config: null },
  { name: 'float16 weights', config: { default: 'float16' } },
  { name: 'bfloat16 weights', config: { default: 'bfloat16' } },
  { name: 'int8 weight-only, per tensor', config: { default: { kind: 'int8', granularity: 'tensor' } } },
  { name: 'int8 weight-only, per channel', config: { default: 'int8' } },
  { name: 'int8 weight-only, per channel (DQ folded)', config: { default: 'int8' }, fold: true },
  { name: 'dynamic (ORT-style MatMul+ConvInteger), per tensor', config: { default: 'dynamic' } },
  { name: 'dynamic (ORT-style MatMul+ConvInteger), per channel', config: { default: { kind: 'dynamic', granularity: 'channel' } } },
  { name: 'dynamic MatMul only, conv fp32', config: { byOp: { MatMul: 'dynamic' } } },
  { name: 'dynamic MatMul + int8 conv (DQ folded)', config: { default: 'int8', byOp: { MatMul: 'dynamic' } }, fold: true },
  {
    name: 'mix: dynamic MatMul + int8 conv, conv2d_162 fp32 (DQ folded)',
    config: { default: 'int8', byOp: { MatMul: 'dynamic' }, layers: { 'conv2d_162.w_0': 'fp32' } },
    fold: true,
  },
];

export async function measureOcrVariants(repeats = 3): Promise<VariantReport[]> {
  const base = loadModel(readOcrModelBytes(), 'ch_PP-OCRv4_rec_infer.onnx');
  const charset = ocrCharset(readOcrKeys());
  const samples = loadOcrSamples();
  const variants = OCR_VARIANTS.map((v) => {
    const runner: Runner<Session> = {
      load: (b) => createSession(b, { foldDequantize: v.fold ?? false }),
      run: async (session, i) => {
        const out = await runFloat(session, { x: samples[i]!.input });
        return ctcGreedyDecode(out.data, out.dims, charset)[0]!.text;
      },
    };
    return { name: v.name, bytes: saveModel(v.config ? transformModel(base, v.config).model : base), runner };
  });
  return measureVariants(variants, samples.length, repeats);
}

export async function measureMatmulStack(layers: number, rows: number, dim: number, repeats = 15): Promise<MatmulReport> {
  const model = matmulStack(layers, rows, dim, 1);
  const x = { data: randomFloats(rows * dim, seededRandom(2)), dims: [rows, dim] };
  const time = async (m: ModelProto): Promise<number> => {
    const session = await createSession(m);
    await runFloat(session, { x }); // warm-up
    const times: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const t = performance.now();
      await runFloat(session, { x });
      times.push(performance.now() - t);
    }
    return median(times);
  };
  const dynamic = transformModel(model, { default: 'dynamic' }).model;
  return {
    shape: `${layers} × [${rows},${dim}]×[${dim},${dim}]`,
    fp32Ms: await time(model),
    int8Ms: await time(dynamic),
    fp32Bytes: saveModel(model).length,
    int8Bytes: saveModel(dynamic).length,
  };
}

export async function benchModelsNode(): Promise<BenchRow[]> {
  const section = 'models (node, 1 thread)';
  const rows: BenchRow[] = [];
  const reports = await measureOcrVariants();
  const fp32 = reports[0]!;
  for (const r of reports) {
    const goal = r.name.startsWith('mix')
      ? { goal: '≥ 3.5x smaller, same text ≥ 99%', met: fp32.bytes / r.bytes >= 3.5 && r.sameText >= 0.99 }
      : {};
    rows.push({
      section,
      name: `ppocr-rec ${r.name}: size`,
      value: r.bytes / 1e6,
      unit: 'MB',
      ratio: fp32.bytes / r.bytes,
      baseline: 'smaller than fp32',
      ...goal,
    });
    rows.push({ section, name: `ppocr-rec ${r.name}: load`, value: r.loadMs, unit: 'ms' });
    rows.push({
      section,
      name: `ppocr-rec ${r.name}: latency`,
      value: r.medianMs,
      unit: 'ms',
      ratio: fp32.medianMs / r.medianMs,
      baseline: 'faster than fp32',
    });
    rows.push({ section, name: `ppocr-rec ${r.name}: CER vs fp32`, value: r.cer, unit: '' });
  }
  for (const [layers, m, n] of [
    [8, 1, 512],
    [4, 64, 1024],
  ] as const) {
    const r = await measureMatmulStack(layers, m, n);
    rows.push({ section, name: `MatMul stack ${r.shape}: fp32`, value: r.fp32Ms, unit: 'ms' });
    rows.push({
      section,
      name: `MatMul stack ${r.shape}: dynamic int8`,
      value: r.int8Ms,
      unit: 'ms',
      ratio: r.fp32Ms / r.int8Ms,
      baseline: 'faster than fp32',
    });
  }
  return rows;
}

/**
 * The Node half of the like-for-like fp32 comparison (bench/models-browser.ts drives both
 * halves in turns): session.run alone on the same preprocessed sample crops as the page uses
 * (48×320, 24 lines), same session options, so the only differences are the ones named.
 * `runtime` 'native' is onnxruntime-node (MLAS with AVX2/AVX-512 kernels on x86); 'wasm-in-node'
 * is onnxruntime-web's own WebAssembly build run by Node's V8: the same code the browser runs,
 * without a browser.
 */
export interface Fp32Timer {
  /** One pass over every sample: session.run times in ms. */
  round(): Promise<number[]>;
  readonly texts: readonly string[];
}

export interface Fp32TimerOptions {
  readonly runtime: 'native' | 'wasm-in-node';
  readonly graphOptimizationLevel: 'all' | 'extended';
  readonly threads: number;
}

export async function fp32Timer(o: Fp32TimerOptions): Promise<Fp32Timer> {
  const bytes = readOcrModelBytes();
  const charset = ocrCharset(readOcrKeys());
  const samples = loadOcrSamples();
  const options = { graphOptimizationLevel: o.graphOptimizationLevel, executionMode: 'sequential', logSeverityLevel: 3 } as const;
  // Two runtimes with the same API but separate Tensor classes: each feeds its own.
  const run =
    o.runtime === 'native'
      ? await (async () => {
          const session = await ortNode.InferenceSession.create(bytes, { ...options, intraOpNumThreads: o.threads, interOpNumThreads: 1 });
          const feeds = samples.map((s) => ({ x: new ortNode.Tensor('float32', s.input.data, [...s.input.dims]) }));
          return async (i: number) => (await session.run(feeds[i]!))[session.outputNames[0]!];
        })()
      : await (async () => {
          ortWeb.env.wasm.numThreads = 1; // the Node build of onnxruntime-web has no threads
          const session = await ortWeb.InferenceSession.create(bytes, { ...options, executionProviders: ['wasm'] });
          const feeds = samples.map((s) => ({ x: new ortWeb.Tensor('float32', s.input.data, [...s.input.dims]) }));
          return async (i: number) => (await session.run(feeds[i]!))[session.outputNames[0]!];
        })();
  const texts: string[] = [];
  for (let i = 0; i < samples.length; i++) {
    const out = await run(i);
    if (out !== undefined && out.data instanceof Float32Array) texts.push(ctcGreedyDecode(out.data, out.dims, charset)[0]?.text ?? '');
  }
  return {
    texts,
    async round() {
      const ms: number[] = [];
      for (let i = 0; i < samples.length; i++) {
        const t = performance.now();
        await run(i);
        ms.push(performance.now() - t);
      }
      return ms;
    },
  };
}
