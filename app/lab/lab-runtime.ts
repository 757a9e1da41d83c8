// The lab worker's logic: holds the loaded model, makes variants with app/onnx transforms
// (through OnnxModel), creates and times onnxruntime-web sessions itself (so session creation
// is measured apart from inference) on the backend asked for, runs inputs and the sample set
// (variant-run.ts), and answers histogram and layer-error queries. No DOM: it runs in lab-worker.ts.
import { fileUrl, manifestOf, type ModelManifest } from '../models/catalog.ts';
import { labModels, modelFileOf } from './catalog.ts';
import { fetchBytes } from '../models/fetch-bytes.ts';
import { OnnxModel } from '../models/onnx-model.ts';
import { ocr, type OcrSample } from '../models/ocr/ocr-inputs.ts';
import { ocrTask, type OcrOutput } from '../models/ocr/ocr-task.ts';
import { loadOrt, SESSION_OPTIONS, type BackendChoice, type Ort } from '../models/ort.ts';
import { createSession, webgpuStatus } from '../models/backend.ts';
import { layerErrors } from '../onnx/metrics.ts';
import { loadModel } from '../onnx/model.ts';
import { ocrCharset } from '../models/ocr/ppocr.ts';
import { modelInfo } from './model-info.ts';
import { ocrSignatureProblem } from '../models/ocr/recognizer.ts';
import type { LabEvent, LabRequest, LabResult, ModelInfo, ModelSource, RunRequest, VariantOutcome, VariantSpec } from './protocol.ts';
import { benchMatmul } from './bench-matmul.ts';
import { benchOcr } from '../models/ocr/ocr-bench.ts';
import { runVariant, type Prepared } from './variant-run.ts';
import { weightView } from './weight-view.ts';
import { CaptionRuntime } from './caption-runtime.ts';

type Post = (event: LabEvent) => void;
type Model = OnnxModel<OcrOutput>;

/** Variants and their sessions are cached by backend and config. */
const variantKey = (backend: BackendChoice, spec: VariantSpec): string => `${backend} ${JSON.stringify(spec.config)}`;

/** The matmul bench stays on WASM: it compares int8 and fp32 CPU kernels. */
const matmulOptions = { ...SESSION_OPTIONS, executionProviders: ['wasm'] };

export class LabRuntime {
  readonly #post: Post;
  /** Undefined: ort.ts's default (all cores up to 4 when isolated). */
  #threads: number | undefined = undefined;
  #model: { model: Model; info: ModelInfo } | null = null;
  /** Variants by config, with their sessions: a second Run reuses them. */
  #variants = new Map<string, Promise<Prepared>>();
  #samples: Promise<OcrSample[]> | null = null;
  #charset: readonly string[] = [];
  readonly #captions = new CaptionRuntime(() => this.#threads);

  constructor(post: Post) {
    this.#post = post;
  }

  async handle(request: LabRequest): Promise<void> {
    if (request.type === 'init') {
      this.#threads = request.threads ?? undefined;
      // The WebAssembly itself loads with the first session; a failure then is that request's error.
      const ort = await this.#ort().catch(() => null);
      this.#post({ type: 'ready', threads: ort?.env.wasm.numThreads ?? 1, webgpu: await webgpuStatus() });
      return;
    }
    const { id } = request;
    try {
      this.#post({ type: 'result', id, result: await this.#answer(request) });
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      this.#post({ type: 'error', id, name: error.name, message: error.message });
    }
  }

  async #answer(request: Exclude<LabRequest, { type: 'init' }>): Promise<LabResult> {
    const progress = (label: string, done: number, total: number | null): void =>
      this.#post({ type: 'progress', id: request.id, label, done, total });
    switch (request.type) {
      case 'load':
        return { kind: 'load', info: await this.#load(request.source, progress) };
      case 'run':
        return { kind: 'run', variants: await this.#run(request.id, request.run, progress) };
      case 'histogram': {
        const h = request.histogram;
        return { kind: 'histogram', report: weightView(this.#current().model.original, h.tensor, h.config, h.bins) };
      }
      case 'layer-errors':
        return { kind: 'layer-errors', errors: layerErrors(this.#current().model.original, request.config) };
      case 'bench-matmul':
        return { kind: 'bench-matmul', report: await benchMatmul(await this.#ort(), request, matmulOptions) };
      case 'bench-ocr': {
        const { model } = this.#current();
        return {
          kind: 'bench-ocr',
          report: await benchOcr(model.bytes, this.#charset, await this.#sampleSet(), request.bench, this.#threads),
        };
      }
      case 'caption-load':
        return { kind: 'caption-load', info: await this.#captions.load(request.source, progress) };
      case 'caption-samples':
        return { kind: 'caption-samples', samples: await this.#captions.samples() };
      case 'caption-run': {
        const rows = await this.#captions.run(request.run, progress, (row) => this.#post({ type: 'caption-row', id: request.id, row }));
        return { kind: 'caption-run', rows };
      }
    }
  }

  #ort(): Promise<Ort> {
    return loadOrt({ threads: this.#threads });
  }

  #current(): { model: Model; info: ModelInfo } {
    if (this.#model === null) throw new Error('load a model first');
    return this.#model;
  }

  async #load(source: ModelSource, progress: (label: string, done: number, total: number | null) => void): Promise<ModelInfo> {
    await this.#release();
    this.#model = null;
    const shipped = source.kind === 'shipped' ? manifestOf(source.model) : null;
    const bytes =
      shipped !== null
        ? await fetchBytes(fileUrl(shipped, 'model'), (loaded, total) => progress('Downloading the model', loaded, total))
        : new Uint8Array(source.kind === 'file' ? source.bytes : new ArrayBuffer(0));
    const fileName = shipped !== null ? (modelFileOf(shipped) ?? 'model.onnx') : source.kind === 'file' ? source.name : 'model.onnx';
    progress('Reading the ONNX file', 0, null);
    const proto = loadModel(bytes, fileName.slice(fileName.lastIndexOf('/') + 1));
    // Keys of the shipped OCR model: an uploaded model runs only if it has the same signature.
    const ocrManifest = shipped ?? labModels().find((m) => m.task === 'text-recognition') ?? null;
    const keys = ocrManifest === null ? null : new TextDecoder().decode(await fetchBytes(fileUrl(ocrManifest, 'keys')));
    const manifest: ModelManifest = shipped ?? { id: 'your-model', name: fileName, task: 'unknown', files: {} };
    const model: Model = new OnnxModel({ manifest, original: proto, task: ocrTask(keys ?? ''), bytes });
    const summary = model.summary();
    const notRunnable = keys === null ? 'no OCR charset is available' : ocrSignatureProblem(summary, ocrCharset(keys).length);
    const info = modelInfo(manifest.id, shipped?.name ?? fileName, bytes.length, summary, notRunnable);
    this.#charset = keys === null ? [] : ocrCharset(keys);
    this.#model = { model, info };
    return info;
  }

  async #release(): Promise<void> {
    const old = [...this.#variants.values()];
    this.#variants.clear();
    for (const p of old)
      await p.then(
        (v) => v.session.session.release(),
        () => undefined,
      );
  }

  #prepare(spec: VariantSpec, backend: BackendChoice): Promise<Prepared> {
    const key = variantKey(backend, spec);
    let prepared = this.#variants.get(key);
    if (prepared === undefined) {
      const { model: base } = this.#current();
      prepared = (async () => {
        const model = spec.config === null ? base : base.transform(spec.config, spec.label);
        const t0 = performance.now();
        const session = await createSession(model.bytes, { backend, threads: this.#threads });
        return { model, session, loadMs: performance.now() - t0 };
      })();
      // A failed variant (a missing layer, say) must not stay cached as failed after the student fixes it.
      prepared.catch(() => this.#variants.delete(key));
      this.#variants.set(key, prepared);
    }
    return prepared;
  }

  #sampleSet(): Promise<OcrSample[]> {
    return (this.#samples ??= ocr.samples().catch((e: unknown) => {
      this.#samples = null;
      throw e;
    }));
  }

  async #run(
    id: number,
    run: RunRequest,
    progress: (label: string, done: number, total: number | null) => void,
  ): Promise<VariantOutcome[]> {
    const { info } = this.#current();
    if (info.notRunnable !== null) throw new Error(`this model cannot run here: ${info.notRunnable}`);
    if (run.input === null && !run.samples) throw new Error('nothing to run: pick an input or include the sample set');
    const repeats = Math.max(1, Math.min(100, Math.round(run.repeats)));
    const samples = run.samples ? await this.#sampleSet() : [];
    const perVariant = 1 + (run.input === null ? 0 : repeats) + samples.length;
    const total = run.variants.length * perVariant;
    const outcomes: VariantOutcome[] = [];
    for (const [v, spec] of run.variants.entries()) {
      const at = v * perVariant;
      progress(`${spec.label}: preparing (transform, session)`, at, total);
      let outcome: VariantOutcome;
      try {
        const key = variantKey(run.backend, spec);
        outcome = await runVariant(await this.#prepare(spec, run.backend), {
          spec,
          input: run.input,
          repeats,
          samples,
          threads: this.#threads,
          step: (label, k) => progress(`${spec.label}: ${label}`, at + 1 + k, total),
          replaced: (p) => this.#variants.set(key, Promise.resolve(p)),
        });
      } catch (e) {
        outcome = { key: spec.key, label: spec.label, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
      }
      outcomes.push(outcome);
      this.#post({ type: 'variant', id, outcome });
    }
    progress('done', total, total);
    return outcomes;
  }
}
