// An ONNX model as cells see it (what `models.load(id)` returns, and each of BLIP's two
// graphs; the Model lab uses it for its variants): the original float32 graph, and variants
// made from it by our own transforms (app/onnx). Sessions are created on the first run and
// kept, on the backend asked for (backend.ts).
import { inspectModel, listWeights, memoryFootprint, type ModelSummary, type WeightInfo } from '../onnx/inspect.ts';
import { layerErrors, type LayerError } from '../onnx/metrics.ts';
import { saveModel } from '../onnx/model.ts';
import type { ModelProto } from '../onnx/onnx-proto.gen.ts';
import type { FormatSpec, TransformConfig } from '../onnx/plan.ts';
import { transformModel, type LayerChange } from '../onnx/transform.ts';
import type { ModelManifest } from './catalog.ts';
import { createSession, runWithFallback, wasmFallback, type BackendSession } from './backend.ts';
import { isBackendChoice, type Backend, type BackendChoice } from './ort.ts';
import type { OrtSession, TaskRunner } from './task.ts';
import { type DynamicOptions, dynamicFormat, dynamicLabel } from './dynamic-options.ts';

export type { DynamicOptions } from './dynamic-options.ts';

/** `torch.float16` or the string "float16". */
type DTypeLike = string | { readonly name: string };

export interface QuantizeOptions {
  /** Only torch.qint8 (symmetric or affine int8 storage) is supported. */
  readonly dtype?: DTypeLike;
  readonly scheme?: 'per_tensor' | 'per_channel';
  readonly symmetric?: boolean;
  /** Layers (weight or node names) to keep in float32. */
  readonly keep?: readonly string[];
}

/** Where a model's sessions run, and where it says so (a cell's `print`). */
export interface RuntimeOptions {
  /** Default 'wasm': BLIP's two graphs feed WASM-module tensors to their sessions. */
  readonly backend?: BackendChoice;
  /** Gets one line when a session ends up elsewhere than asked (WebGPU missing or failing). */
  readonly log?: ((line: string) => void) | undefined;
}

const MB = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;
const dtypeName = (d: DTypeLike): string => (typeof d === 'string' ? d : d.name);
const keepLayers = (keep: readonly string[] = []): Record<string, FormatSpec> => Object.fromEntries(keep.map((k) => [k, 'fp32' as const]));

export interface OnnxModelOptions<Out> {
  readonly manifest: ModelManifest;
  /** The float32 graph every variant is made from. */
  readonly original: ModelProto;
  /** This variant's graph; default the original. */
  readonly proto?: ModelProto;
  /** Its name ("fp32", "int8 per-channel symmetric", …); default "fp32". */
  readonly variant?: string;
  /** The transform that made it from the original; null (the default) for the original itself. */
  readonly config?: TransformConfig | null;
  readonly task: TaskRunner<Out>;
  /** What the transform did to each layer. */
  readonly changes?: readonly LayerChange[];
  /** The graph's file bytes when they are at hand (a download), else saved from the graph. */
  readonly bytes?: Uint8Array;
  readonly runtime?: RuntimeOptions;
}

export class OnnxModel<Out = unknown> {
  readonly manifest: ModelManifest;
  readonly original: ModelProto;
  readonly proto: ModelProto;
  readonly variant: string;
  readonly config: TransformConfig | null;
  readonly task: TaskRunner<Out>;
  readonly changes: readonly LayerChange[];
  readonly bytes: Uint8Array;
  readonly runtime: RuntimeOptions;
  #session: Promise<BackendSession> | null = null;
  #backend: Backend | null = null;
  #summary: ModelSummary | null = null;

  constructor(options: OnnxModelOptions<Out>) {
    this.manifest = options.manifest;
    this.original = options.original;
    this.proto = options.proto ?? options.original;
    this.variant = options.variant ?? 'fp32';
    this.config = options.config ?? null;
    this.task = options.task;
    this.changes = options.changes ?? [];
    this.bytes = options.bytes ?? saveModel(this.proto);
    this.runtime = options.runtime ?? {};
  }

  #options(): OnnxModelOptions<Out> {
    const { manifest, original, proto, variant, config, task, changes, bytes, runtime } = this;
    return { manifest, original, proto, variant, config, task, changes, bytes, runtime };
  }

  /** What the student asked for: 'auto', 'wasm' or 'webgpu'. */
  get backend_choice(): BackendChoice {
    return this.runtime.backend ?? 'wasm';
  }

  /** Where this variant's session runs ('wasm' or 'webgpu'); null until its first run. */
  get backend(): Backend | null {
    return this.#backend;
  }

  get id(): string {
    return this.manifest.id;
  }

  /** Bytes held by weights, like Hugging Face's get_memory_footprint() (the breakdown: app/onnx/inspect.ts memoryFootprint). */
  get_memory_footprint(): number {
    return memoryFootprint(this.proto).totalBytes;
  }

  /** Size of the .onnx file this variant would be saved as. */
  file_size(): number {
    return this.bytes.length;
  }

  summary(): ModelSummary {
    return (this.#summary ??= inspectModel(this.proto));
  }

  weights(): WeightInfo[] {
    return listWeights(this.proto);
  }

  /**
   * Weights downcast to float16 or bfloat16 (computed in float32 after a Cast); or, as
   * PyTorch's `.to(device)`, the same variant on another backend: "webgpu", "wasm", "auto".
   */
  to(dtype: DTypeLike | { readonly dtype: DTypeLike }): OnnxModel<Out> {
    const name = dtypeName(typeof dtype === 'object' && 'dtype' in dtype ? dtype.dtype : dtype);
    if (isBackendChoice(name)) return new OnnxModel({ ...this.#options(), runtime: { ...this.runtime, backend: name } });
    if (name === 'float32') return this.transform({ default: 'fp32' }, 'fp32');
    if (name !== 'float16' && name !== 'bfloat16') throw new TypeError(`to(${name}): a model's weights can go to torch.float16 or torch.bfloat16 (or back to torch.float32); its backend to "webgpu", "wasm" or "auto"`);
    return this.transform({ default: name }, name);
  }

  /** Weight-only int8 with DequantizeLinear. */
  quantize(options: QuantizeOptions = {}): OnnxModel<Out> {
    const dtype = dtypeName(options.dtype ?? 'qint8');
    if (dtype !== 'qint8') throw new TypeError(`quantize: dtype ${dtype} is not supported here; use torch.qint8`);
    const granularity = (options.scheme ?? 'per_channel') === 'per_channel' ? 'channel' : 'tensor';
    const symmetric = options.symmetric ?? true;
    const label = `int8 ${granularity === 'channel' ? 'per-channel' : 'per-tensor'} ${symmetric ? 'symmetric' : 'affine'}`;
    return this.transform({ default: { kind: 'int8', granularity, symmetric }, layers: keepLayers(options.keep) }, label);
  }

  /** ONNX Runtime's quantize_dynamic: int8 weights, activations quantized at run time. */
  quantize_dynamic(options: DynamicOptions = {}): OnnxModel<Out> {
    for (const key of Object.keys(options))
      if (!['op_types', 'keep', 'reduce_range'].includes(key)) throw new TypeError(`quantize_dynamic(): unknown option '${key}'`);
    const ops = options.op_types ?? ['MatMul', 'Conv'];
    const format = dynamicFormat(options, 'quantize_dynamic()');
    const byOp = Object.fromEntries(ops.map((op) => [op, format]));
    return this.transform({ byOp, layers: keepLayers(options.keep), default: 'fp32' }, dynamicLabel(ops, format.reduceRange));
  }

  /** Any mix: a default, formats per operator type and per layer (see app/onnx/plan.ts). */
  transform(config: TransformConfig, label = 'custom'): OnnxModel<Out> {
    const result = transformModel(this.original, config);
    return new OnnxModel({ manifest: this.manifest, original: this.original, proto: result.model, variant: label, config, task: this.task, changes: result.layers, runtime: this.runtime });
  }

  /** Quantization error of each weight under this variant's config (MSE, SNR dB, max abs). */
  layer_errors(): LayerError[] {
    return this.config === null ? [] : layerErrors(this.original, this.config);
  }

  /** The onnxruntime session for this variant, created once on its backend. */
  async session(): Promise<OrtSession> {
    return (await this.#backendSession()).session;
  }

  #backendSession(): Promise<BackendSession> {
    if (this.#session === null) {
      const made = createSession(this.bytes, { backend: this.backend_choice });
      this.#session = made;
      made.then((s) => this.#settle(s), () => {
        if (this.#session === made) this.#session = null; // a failed load may be retried
      });
    }
    return this.#session;
  }

  #settle(s: BackendSession): void {
    this.#backend = s.backend;
    if (s.note !== null) this.runtime.log?.(`${this.variant}: ${s.note}`);
  }

  async run(input: unknown): Promise<Out> {
    const current = await this.#backendSession();
    const { result, session } = await runWithFallback(current, (s) => this.task.run(s.ort, s.session, input), wasmFallback(this.bytes));
    if (session !== current) {
      this.#session = Promise.resolve(session);
      this.#settle(session);
    }
    return result;
  }

  async dispose(): Promise<void> {
    const s = this.#session;
    this.#session = null;
    if (s !== null) await (await s).session.release();
  }

  toString(): string {
    return `OnnxModel(${this.id}, ${this.variant}, weights ${MB(this.get_memory_footprint())}, file ${MB(this.file_size())})`;
  }
}
