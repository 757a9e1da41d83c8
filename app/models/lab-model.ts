// A model loaded in the page or a cell: the original float32 graph, and
// variants made from it by our own transforms (app/onnx). Sessions are
// created on the first run and kept.
import { inspectModel, listWeights, memoryFootprint, type Footprint, type ModelSummary, type WeightInfo } from '../onnx/inspect.ts';
import { layerErrors, type LayerError } from '../onnx/metrics.ts';
import { saveModel } from '../onnx/model.ts';
import type { ModelProto } from '../onnx/onnx-proto.gen.ts';
import type { FormatSpec, TransformConfig } from '../onnx/plan.ts';
import { transformModel, type LayerChange } from '../onnx/transform.ts';
import type { ModelManifest } from './catalog.ts';
import { loadOrt } from './ort.ts';
import type { OrtSession, TaskRunner } from './task.ts';

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

export interface DynamicOptions {
  /** Operator types to quantize dynamically, as ONNX Runtime's op_types_to_quantize (default MatMul and Conv). */
  readonly op_types?: readonly ('MatMul' | 'Conv')[];
  readonly keep?: readonly string[];
}

const MB = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;
const dtypeName = (d: DTypeLike): string => (typeof d === 'string' ? d : d.name);
const keepLayers = (keep: readonly string[] = []): Record<string, FormatSpec> => Object.fromEntries(keep.map((k) => [k, 'fp32' as const]));

export class LabModel<Out = unknown> {
  readonly bytes: Uint8Array;
  #session: Promise<OrtSession> | null = null;
  #summary: ModelSummary | null = null;

  constructor(
    readonly manifest: ModelManifest,
    readonly original: ModelProto,
    readonly proto: ModelProto,
    readonly variant: string,
    readonly config: TransformConfig | null,
    readonly task: TaskRunner<Out>,
    readonly changes: readonly LayerChange[] = [],
    bytes?: Uint8Array,
  ) {
    this.bytes = bytes ?? saveModel(proto);
  }

  get id(): string {
    return this.manifest.id;
  }

  /** Bytes held by weights, like Hugging Face's get_memory_footprint(). */
  get_memory_footprint(): number {
    return this.footprint().totalBytes;
  }

  footprint(): Footprint {
    return memoryFootprint(this.proto);
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

  /** Weights downcast to float16 or bfloat16 (computed in float32 after a Cast). */
  to(dtype: DTypeLike | { readonly dtype: DTypeLike }): LabModel<Out> {
    const name = dtypeName(typeof dtype === 'object' && 'dtype' in dtype ? dtype.dtype : dtype);
    if (name === 'float32') return this.transform({ default: 'fp32' }, 'fp32');
    if (name !== 'float16' && name !== 'bfloat16') throw new TypeError(`to(${name}): a model's weights can go to torch.float16 or torch.bfloat16 (or back to torch.float32)`);
    return this.transform({ default: name }, name);
  }

  /** Weight-only int8 with DequantizeLinear. */
  quantize(options: QuantizeOptions = {}): LabModel<Out> {
    const dtype = dtypeName(options.dtype ?? 'qint8');
    if (dtype !== 'qint8') throw new TypeError(`quantize: dtype ${dtype} is not supported here; use torch.qint8`);
    const granularity = (options.scheme ?? 'per_channel') === 'per_channel' ? 'channel' : 'tensor';
    const symmetric = options.symmetric ?? true;
    const label = `int8 ${granularity === 'channel' ? 'per-channel' : 'per-tensor'} ${symmetric ? 'symmetric' : 'affine'}`;
    return this.transform({ default: { kind: 'int8', granularity, symmetric }, layers: keepLayers(options.keep) }, label);
  }

  /** ONNX Runtime's quantize_dynamic: int8 weights, activations quantized at run time. */
  quantize_dynamic(options: DynamicOptions = {}): LabModel<Out> {
    const ops = options.op_types ?? ['MatMul', 'Conv'];
    const byOp = Object.fromEntries(ops.map((op) => [op, 'dynamic' as const]));
    return this.transform({ byOp, layers: keepLayers(options.keep), default: 'fp32' }, `dynamic int8 (${ops.join(', ')})`);
  }

  /** Any mix: a default, formats per operator type and per layer (see app/onnx/plan.ts). */
  transform(config: TransformConfig, label = 'custom'): LabModel<Out> {
    const result = transformModel(this.original, config);
    return new LabModel(this.manifest, this.original, result.model, label, config, this.task, result.layers);
  }

  /** Quantization error of each weight under this variant's config (MSE, SNR dB, max abs). */
  layer_errors(): LayerError[] {
    return this.config === null ? [] : layerErrors(this.original, this.config);
  }

  /** The onnxruntime session for this variant, created once. */
  async session(): Promise<OrtSession> {
    const ort = await loadOrt();
    this.#session ??= ort.InferenceSession.create(this.bytes, {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
      // Fold weight DequantizeLinear at load: int8 storage, float32 compute (see app/onnx/CONTEXT.md).
      extra: { session: { disable_quant_qdq: '1' } },
    });
    return this.#session;
  }

  async run(input: unknown): Promise<Out> {
    const ort = await loadOrt();
    return this.task.run(ort, await this.session(), input);
  }

  async dispose(): Promise<void> {
    const s = this.#session;
    this.#session = null;
    if (s !== null) await (await s).release();
  }

  toString(): string {
    return `LabModel(${this.id}, ${this.variant}, weights ${MB(this.get_memory_footprint())}, file ${MB(this.file_size())})`;
  }
}
