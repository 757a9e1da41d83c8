// A BlipForConditionalGeneration read from a Hub checkpoint (app/models/hub) and built in the
// page: what cells get from `models.from_pretrained(...)`. Variants (`.to(dtype)`, quantize(),
// quantize_dynamic(), transform()) rebuild the graphs from the same checkpoint tensors, so
// each variant's weights are encoded from the original once, never from another variant.
// Engines are built on the first run of a variant that asks for them and kept (blip-engines.ts):
// the image is encoded, and the text decoded with its KV cache, by app/wasm's WebAssembly kernels
// (float32 only, when the runtime offers them: the default) or by onnxruntime's graphs (run()'s
// `vision_engine` and `decoder_engine`, engines.ts); `use_cache: false` runs onnxruntime's full graph.
import type { PretrainedBlip } from '../hub/checkpoint.ts';
import { blipCounts } from '../hub/blip-inventory.ts';
import type { Tokenizer } from '@huggingface/tokenizers';
import type { TransformConfig } from '../../onnx/plan.ts';
import type { QuantizeOptions } from '../onnx-model.ts';
import { type DynamicOptions, dynamicFormat, dynamicLabel } from '../dynamic-options.ts';
import type { OrtSession } from '../task.ts';
import { readImage } from '../image/read-image.ts';
import { localModelContext, type ModelContext } from '../model-cache.ts';
import { planBlipWeights } from './weight-plan.ts';
import { preprocessBlip } from '../blip/preprocess.ts';
import { type CheckpointTensors, storedDType } from './checkpoint-weights.ts';
import { type BlipHubConfig, parseBlipConfig } from './config.ts';
import type { DecoderStepper } from './kv-decoder.ts';
import { type GenerateConfig, generateCaption, type Generated } from './kv-generate.ts';
import type { StorageDType } from './graph-builder.ts';
import type { BlipHubRuntime, BlipVariant } from './blip-hub-sessions.ts';
import { BlipEngines } from './blip-engines.ts';
import { chooseEngine } from './engines.ts';
import { parseGenerateOptions, type RunOptions } from './run-options.ts';
import { hubPreprocessor } from './hub-preprocessor.ts';
import { variantFootprint } from './footprint.ts';
import type { CaptionToken } from '../blip/blip-model.ts';

type DTypeLike = string | { readonly name: string };

export interface BlipHubParts {
  readonly id: string;
  readonly tensors: CheckpointTensors;
  /** config.json and preprocessor_config.json, parsed from JSON. */
  readonly config: unknown;
  readonly preprocessor: unknown;
  readonly tokenizer: Tokenizer;
  readonly runtime: BlipHubRuntime;
  /** get_memory_footprint() of the checkpoint in a storage dtype, as transformers 4.x counts it (app/models/hub); computed from the tensors when absent. */
  readonly footprint?: ((dtype: StorageDType) => number) | undefined;
  /** What from_pretrained checked (checkpoint, format, counts); absent for models built from loose tensors. */
  readonly pretrained?: PretrainedBlip | undefined;
  /** Where `run(url)` fetches an image URL from (in a cell: the page's store); default this context's own. */
  readonly context?: ModelContext | undefined;
}

export interface HubCaption {
  readonly caption: string;
  /** The whole sequence generate() returns ([DEC], prompt, caption, [SEP]). */
  readonly ids: readonly number[];
  readonly tokens: readonly CaptionToken[];
  /** Beam search: transformers' sequences_scores; null under greedy. */
  readonly sequence_score: number | null;
  /** Image to caption, ms (sessions already made); `vision_ms` of it encoding the image. */
  readonly ms: number;
  readonly vision_ms: number;
  /** What encoded the image: e.g. 'wasm-relaxed-simd × 2 threads' (app/wasm) or 'onnxruntime-web × 2 threads'. */
  readonly vision_engine: string;
  /** What ran the text decoder, named the same way. */
  readonly decoder_engine: string;
  /** Where the image's pixels may differ from Pillow's (a JPEG decoded by the browser), else null. */
  readonly image_note: string | null;
  toString(): string;
}

/** An image encoded and its decoder ready (BlipHubModel.image_decoder). */
export interface ImageDecoder {
  readonly decoder: DecoderStepper<{ readonly batch: number }>;
  /** run()'s generate() arguments, checked */
  readonly generate: GenerateConfig;
  /** what encoded the image (HubCaption's vision_engine) and how long it took, ms */
  readonly vision_engine: string;
  /** what runs the decoder (HubCaption's decoder_engine) */
  readonly decoder_engine: string;
  readonly ms: number;
  readonly image_note: string | null;
  /** performance.now() when the encoding began (run()'s `ms` counts from it) */
  readonly started: number;
}

export interface ToOptions {
  /** Compute like PyTorch's model in that dtype: every operation's result rounded to it (bfloat16 only). */
  readonly activations?: boolean;
}

const FP32: BlipVariant = { label: 'fp32', transform: null, storage: 'float32', bf16Activations: false };
const dtypeName = (d: DTypeLike): string => (typeof d === 'string' ? d.replace(/^torch\./, '') : d.name);
const MB = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;

export class BlipHubModel {
  readonly config: BlipHubConfig;
  #engines: BlipEngines | null = null;
  /** run()s one at a time: the WebAssembly engines' regions and onnxruntime's sessions serve one run */
  #runs: Promise<unknown> = Promise.resolve();

  constructor(readonly parts: BlipHubParts, readonly variant: BlipVariant = FP32, config?: BlipHubConfig) {
    this.config = config ?? parseBlipConfig(parts.config);
  }

  get id(): string {
    return this.parts.id;
  }

  /** The checkpoint from_pretrained read (format, tensors, aliases). */
  get checkpoint(): PretrainedBlip['checkpoint'] {
    if (this.parts.pretrained === undefined) throw new TypeError(`${this.id}: this model was not loaded by from_pretrained, so it has no checkpoint`);
    return this.parts.pretrained.checkpoint;
  }

  /** `model.num_parameters()`: parameters only, as transformers counts them (the position_ids buffer is not one). */
  num_parameters(): number {
    if (this.parts.pretrained === undefined) throw new TypeError(`${this.id}: num_parameters() needs the config from_pretrained read`);
    return blipCounts(this.parts.pretrained.config).parameters;
  }

  #with(variant: BlipVariant): BlipHubModel {
    return new BlipHubModel(this.parts, variant, this.config);
  }

  /** Bytes of parameters and buffers as stored (transformers 4.x's count for float variants). */
  get_memory_footprint(): number {
    return variantFootprint(this.parts, this.config, this.variant);
  }

  /**
   * Weights stored as torch.float16 / torch.bfloat16 (or back to float32), computed in float32;
   * `{ activations: true }` with bfloat16 also rounds every operation's result to bfloat16, as
   * PyTorch's bfloat16 model computes. "wasm" is where it already runs.
   */
  to(dtype: DTypeLike, options: ToOptions = {}): BlipHubModel {
    for (const key of Object.keys(options)) if (key !== 'activations') throw new TypeError(`to(): unknown option '${key}' (only { activations: true } is supported)`);
    const name = dtypeName(dtype);
    if (name === 'wasm') return this;
    if (name === 'webgpu' || name === 'auto') throw new TypeError(`to("${name}"): BLIP runs on WASM here`);
    const activations = options.activations === true;
    if (name === 'float32') {
      if (activations) throw new TypeError('to(torch.float32, { activations: true }): float32 is already what it computes in');
      return this.#with(FP32);
    }
    if (name !== 'float16' && name !== 'bfloat16') throw new TypeError(`to(${name}): BLIP's weights can go to torch.float16 or torch.bfloat16 (or back to torch.float32)`);
    if (activations && name === 'float16') throw new TypeError('to(torch.float16, { activations: true }): float16 computation is not built (PyTorch on the CPU cannot run BLIP in float16 either); activations: true works with torch.bfloat16');
    return this.#with({
      label: activations ? `${name} (weights and activations)` : `${name} weights`,
      transform: { default: name }, storage: name, bf16Activations: activations,
    });
  }

  /** Weight-only int8 of every Linear and the patch Conv (DequantizeLinear, folded at load). */
  quantize(options: QuantizeOptions = {}): BlipHubModel {
    for (const key of Object.keys(options)) if (!['dtype', 'scheme', 'symmetric', 'keep'].includes(key)) throw new TypeError(`quantize(): unknown option '${key}'`);
    const dtype = dtypeName(options.dtype ?? 'qint8');
    if (dtype !== 'qint8') throw new TypeError(`quantize: dtype ${dtype} is not supported here; use torch.qint8`);
    const granularity = (options.scheme ?? 'per_channel') === 'per_channel' ? 'channel' : 'tensor';
    const symmetric = options.symmetric ?? true;
    const label = `int8 ${granularity === 'channel' ? 'per-channel' : 'per-tensor'} ${symmetric ? 'symmetric' : 'affine'}`;
    return this.transform({ default: { kind: 'int8', granularity, symmetric }, layers: keep(options.keep) }, label);
  }

  /** ONNX Runtime's quantize_dynamic on the Linear layers (MatMul): int8 weights, activations quantized per run. */
  quantize_dynamic(options: DynamicOptions = {}): BlipHubModel {
    for (const key of Object.keys(options)) if (!['op_types', 'keep', 'reduce_range'].includes(key)) throw new TypeError(`quantize_dynamic(): unknown option '${key}'`);
    const format = dynamicFormat(options, 'quantize_dynamic()');
    const ops = options.op_types ?? ['MatMul'];
    if (ops.includes('Conv')) throw new TypeError("quantize_dynamic(): op_types 'Conv' is not built for BLIP (its one Conv, the patch embedding, stays float32); use ['MatMul']");
    return this.transform({ byOp: { MatMul: format }, layers: keep(options.keep), default: 'fp32' }, dynamicLabel(['MatMul'], format.reduceRange));
  }

  /** Any mix (app/onnx/plan.ts's TransformConfig); layers are the checkpoint's Linear/Conv weight names. */
  transform(config: TransformConfig, label = 'custom'): BlipHubModel {
    const variant: BlipVariant = { label, transform: config, storage: 'float32', bf16Activations: false };
    planBlipWeights(this.config, config); // a wrong layer name fails here, not at the first run
    return this.#with(variant);
  }

  /** This variant's engines (built on first use, kept until dispose). */
  #built(): BlipEngines {
    return (this.#engines ??= new BlipEngines(this.parts.tensors, this.config, this.variant, this.parts.runtime));
  }

  /** onnxruntime's three sessions (its vision graph built too). */
  sessions(): Promise<{ vision: OrtSession; cross: OrtSession; decoder: OrtSession }> {
    return this.#built().sessions();
  }

  /** Which engines this variant has built so far (tests, the bench). */
  get engines_built(): BlipEngines['built'] {
    return this.#built().built;
  }

  /**
   * Caption one image, with transformers' generate() defaults. The image: ImageData, a File/Blob,
   * an image URL, or a sample (app/models/image/read-image.ts: PNG decoded as Pillow does).
   * Runs of one model go one at a time, in the order they were asked for.
   */
  run(input: unknown, options: RunOptions = {}): Promise<HubCaption> {
    const next = this.#runs.then(async () => {
      const image = await this.image_decoder(input, options);
      const result = await generateCaption(image.decoder, image.generate);
      return this.#caption(result, performance.now() - image.started, image, image.image_note);
    });
    this.#runs = next.catch(() => undefined);
    return next;
  }

  /**
   * What run() does before generating: the image read, encoded (by `vision_engine`) and handed
   * to the decoder (by `decoder_engine`), whose steps give the logits (tests and the bench read
   * them). Engines are built first, outside the timings. The WebAssembly decoder holds one
   * image at a time: a later image_decoder() or run() retires this one's stepper.
   */
  async image_decoder(input: unknown, options: RunOptions = {}): Promise<ImageDecoder> {
    const generate = parseGenerateOptions(options, this.parts.tokenizer, this.config.text);
    const { runtime } = this.parts;
    const vision = chooseEngine(generate.visionEngine, 'vision_engine', this.config, this.variant, runtime);
    const decoder = generate.useCache ? chooseEngine(generate.decoderEngine, 'decoder_engine', this.config, this.variant, runtime) : 'onnxruntime';
    const image = await readImage(input, this.parts.context ?? localModelContext());
    const pixels = preprocessBlip(image.pixels, hubPreprocessor(this.parts.preprocessor));
    const engines = this.#built();
    await engines.prepare(vision, decoder, !generate.useCache);
    const started = performance.now();
    const encoded = await engines.encode(vision, pixels.data, pixels.dims);
    const stepper = await engines.stepper(decoder, encoded.embeds, !generate.useCache);
    return {
      decoder: stepper,
      generate: generate.config,
      vision_engine: encoded.label,
      decoder_engine: engines.decoderLabel(decoder, !generate.useCache),
      ms: encoded.ms,
      image_note: image.note,
      started,
    };
  }

  #caption(result: Generated, ms: number, vision: { readonly ms: number; readonly vision_engine: string; readonly decoder_engine: string }, imageNote: string | null): HubCaption {
    const tokenizer = this.parts.tokenizer;
    // transformers' decode(skip_special_tokens=True): ids the tokenizer does not know ([DEC]) are dropped too.
    const known = result.ids.filter((id) => tokenizer.id_to_token(id) !== undefined);
    const caption = known.length === 0 ? '' : tokenizer.decode(known, { skip_special_tokens: true });
    const text = (id: number) => tokenizer.id_to_token(id) ?? `[${id}]`;
    const tokens = result.steps.map((s) => ({ id: s.id, text: text(s.id), probability: s.probability, top: s.top.map((c) => ({ id: c.id, text: text(c.id), probability: c.probability })) }));
    return { caption, ids: result.ids, tokens, sequence_score: result.score, ms, vision_ms: vision.ms, vision_engine: vision.vision_engine, decoder_engine: vision.decoder_engine, image_note: imageNote, toString: () => `'${caption}'` };
  }

  /** Releases the sessions and the WebAssembly engines (their workers end, their memory is dropped: freed by the engine). */
  async dispose(): Promise<void> {
    const engines = this.#engines;
    this.#engines = null;
    await engines?.dispose();
  }

  /** The dtype the weights are stored in (`float32`, `float16`, `bfloat16`, …), as transformers' `model.dtype`. */
  get dtype(): StorageDType {
    return this.variant.storage;
  }

  toString(): string {
    const p = this.parts.pretrained;
    if (p === undefined) {
      const stored = new Set([...this.parts.tensors.values()].map(storedDType));
      return `BlipHubModel(${this.id}, ${this.variant.label}, checkpoint ${[...stored].join('/')}, weights ${MB(this.get_memory_footprint())})`;
    }
    const v = p.config.vision_config;
    const t = p.config.text_config;
    // float32 (label 'fp32'), or 16-bit weights alone: the dtype says it all.
    const plain = this.variant === FP32 || this.variant.label === this.dtype || this.variant.label === `${this.dtype} weights`;
    return (
      `BlipForConditionalGeneration from ${p.source} (${p.checkpoint.format}, ${this.dtype}${plain ? '' : `; ${this.variant.label}`}): ` +
      `vision ${v.num_hidden_layers}×${v.hidden_size} at ${v.image_size}px, text ${t.num_hidden_layers}×${t.hidden_size}, vocab ${t.vocab_size}; ` +
      `${this.num_parameters().toLocaleString('en-US')} parameters, footprint ${MB(this.get_memory_footprint())}`
    );
  }
}

const keep = (names: readonly string[] = []): Record<string, 'fp32'> => Object.fromEntries(names.map((k) => [k, 'fp32' as const]));
