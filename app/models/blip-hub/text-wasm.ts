// BLIP's text decoder (BlipTextLMHeadModel, a BERT decoder) on app/wasm's kernels, with a KV
// cache, computing what decoder-graph.ts's `cross` + `cached` graphs compute for a float32 variant
// whose Linears are float32 or dynamic int8 (quantize_dynamic; per layer, text-wasm-linears.ts)
// (runs in the calling thread: the kernel's worker later, a page, Node; float32 products optionally
// on a LinearPool). Built once per model: every Linear packed into the GemmMemory (query | key |
// value fused into one Linear a layer, the cross-attention key | value of every layer fused likewise), the
// embeddings and LayerNorms copied. `forImage(image_embeds)` computes each layer's
// cross-attention keys/values once (M = N rows) and packs them per head (text-wasm-cross.ts);
// the stepper it returns (text-wasm-stepper.ts) runs the layers on batch × new-token rows:
// LayerNorm(word + position), post-LN causal self-attention (text-wasm-self.ts), cross-attention,
// exact-GELU MLP, LM head (dense, GELU, LayerNorm, decoder + bias) on each sequence's last row.
import { Activations } from '../../wasm/activations.ts';
import { GemmMemory } from '../../wasm/gemm-memory.ts';
import { DEFAULT_BLOCK, pickKernel, type LinearKernel } from '../../wasm/linear-f32.ts';
import { LinearDynamicInt8, type Int8Kernel } from '../../wasm/linear-int8.ts';
import type { LinearPool } from '../../wasm/linear-pool.ts';
import type { CheckpointTensors } from './checkpoint-weights.ts';
import type { BlipTextSizes } from './config.ts';
import type { BlipVariant } from './blip-hub-sessions.ts';
import { CrossAttentionHeads } from './text-wasm-cross.ts';
import { causalSelfAttention, type HeadCache } from './text-wasm-self.ts';
import { WasmTextStepper, type WasmKvState } from './text-wasm-stepper.ts';
import { type ProductRoute, TextLinear, type TextLinearBuild, type TextLinearPart } from './text-wasm-linears.ts';
import { requireTextVariant, textFloats } from './text-wasm-weights.ts';
import type { FormatOf } from './weight-plan.ts';

export interface TextWasmOptions {
  /** default: a new memory (shared when SharedArrayBuffer exists); pass the vision encoder's to share one pool */
  readonly memory?: GemmMemory;
  /** default 'auto' (relaxed SIMD when the engine validates it) */
  readonly kernel?: 'auto' | LinearKernel;
  /**
   * BlipHubModel's variant: float32 storage and computation (16-bit ones are refused by name); with
   * a transform its Linears follow `formatOf`, which must then be given too.
   */
  readonly variant?: BlipVariant;
  /**
   * Each Linear's format (weight-plan.ts's `planBlipWeights(config, variant.transform)`): `fp32` or
   * `dynamic` (ONNX Runtime's quantize_dynamic MatMul, exactly); any other refused by layer name.
   * Default: every Linear float32.
   */
  readonly formatOf?: FormatOf;
  /** the dynamic int8 Linears' kernel: default 'auto' (app/wasm/linear-int8.ts's chooseInt8Kernel: i8-u8-fused where relaxed_dot reads u8 × s8 exactly, else i8-shift-relaxed for reduce_range, else i8-dot16) */
  readonly int8Kernel?: 'auto' | Int8Kernel;
  /**
   * With a pool, float32 Linears with at least this many weights (in × out) go through it, smaller
   * ones (and every int8 one) run in the calling thread (at M = 1 a 768 × 768 GEMV is cheaper than a message round trip:
   * app/wasm/CONTEXT.md). Default 1,000,000: BLIP-base's qkv, MLP and LM head and the cross K/V.
   */
  readonly poolMinWeights?: number;
}

/** Where a run's time went, ms (summed over the steps since `resetSplit`). */
export interface TextSplit {
  /** the layers' Linears and the LM head's dense */
  linear: number;
  /** the LM head's decoder (vocab × hidden) */
  lmHead: number;
  /** the cross-attention products and softmax (per head, in the calling thread) */
  cross: number;
  /** the causal self-attention on the cache (TypeScript) */
  self: number;
  /** LayerNorm, GELU, embeddings, residual adds */
  other: number;
  /** forImage: the cross keys/values' Linears and packing per head */
  image: number;
}

interface Layer {
  readonly qkv: TextLinear;
  readonly selfOut: TextLinear;
  readonly ln1: readonly [Float32Array, Float32Array];
  readonly crossQuery: TextLinear;
  readonly crossOut: TextLinear;
  readonly ln2: readonly [Float32Array, Float32Array];
  readonly fc1: TextLinear;
  readonly fc2: TextLinear;
  readonly ln3: readonly [Float32Array, Float32Array];
  /** image_embeds rows → this layer's cross key | value [N, 2·D] */
  readonly crossKv: TextLinear;
}

const P = 'text_decoder';

export class WasmTextDecoder {
  readonly memory: GemmMemory;
  readonly sizes: BlipTextSizes;
  /** N: the image tokens image_embeds must have */
  readonly tokens: number;
  readonly split: TextSplit = { linear: 0, lmHead: 0, cross: 0, self: 0, other: 0, image: 0 };
  readonly #words: Float32Array;
  readonly #positions: Float32Array;
  readonly #embedNorm: readonly [Float32Array, Float32Array];
  readonly #layers: Layer[] = [];
  readonly #headDense: TextLinear;
  readonly #headNorm: readonly [Float32Array, Float32Array];
  readonly #decoder: TextLinear;
  readonly #kernel: LinearKernel;
  readonly #cross: CrossAttentionHeads;
  readonly #activations: Activations;
  readonly #poolMin: number;
  /** which image the cross heads hold (a stepper of an earlier one refuses to step) */
  #image = 0;

  constructor(tensors: CheckpointTensors, t: BlipTextSizes, imageTokens: number, options: TextWasmOptions = {}) {
    requireTextVariant(options.variant, options.formatOf);
    if (t.hidden % t.heads !== 0) throw new Error(`text hidden_size ${t.hidden} is not a multiple of num_attention_heads ${t.heads}`);
    if (!Number.isInteger(imageTokens) || imageTokens < 1) throw new Error(`the image token count must be a positive integer, got ${imageTokens}`);
    this.sizes = t;
    this.tokens = imageTokens;
    this.memory = options.memory ?? new GemmMemory();
    this.#poolMin = options.poolMinWeights ?? 1_000_000;
    const kernel = options.kernel ?? 'auto';
    this.#kernel = pickKernel(this.memory, DEFAULT_BLOCK, kernel);
    const D = t.hidden;
    const floats = (name: string, shape: readonly number[]): Float32Array => textFloats(tensors, name, shape);
    const build: TextLinearBuild = {
      memory: this.memory, tensors, kernel, int8Kernel: options.int8Kernel ?? 'auto',
      formatOf: options.formatOf ?? (() => ({ kind: 'fp32' })), variantLabel: options.variant?.label ?? null,
    };
    const linear = (label: string, names: readonly string[], inF: number, outEach: number, rows: 'few' | 'many' = 'few'): TextLinear =>
      new TextLinear(build, label, names.map((prefix): TextLinearPart => ({ prefix, outFeatures: outEach })), inF, rows);
    const norm = (name: string): readonly [Float32Array, Float32Array] => [floats(`${name}.weight`, [D]), floats(`${name}.bias`, [D])];
    this.#words = floats(`${P}.bert.embeddings.word_embeddings.weight`, [t.vocab, D]);
    this.#positions = floats(`${P}.bert.embeddings.position_embeddings.weight`, [t.maxPositions, D]);
    this.#embedNorm = norm(`${P}.bert.embeddings.LayerNorm`);
    for (let l = 0; l < t.layers; l++) {
      const L = `${P}.bert.encoder.layer.${l}`;
      const self = `${L}.attention.self`;
      const cross = `${L}.crossattention`;
      this.#layers.push({
        qkv: linear(`${self}.query|key|value`, [`${self}.query`, `${self}.key`, `${self}.value`], D, D),
        selfOut: linear(`${L}.attention.output.dense`, [`${L}.attention.output.dense`], D, D),
        ln1: norm(`${L}.attention.output.LayerNorm`),
        crossQuery: linear(`${cross}.self.query`, [`${cross}.self.query`], D, D),
        crossOut: linear(`${cross}.output.dense`, [`${cross}.output.dense`], D, D),
        ln2: norm(`${cross}.output.LayerNorm`),
        fc1: linear(`${L}.intermediate.dense`, [`${L}.intermediate.dense`], D, t.intermediate),
        fc2: linear(`${L}.output.dense`, [`${L}.output.dense`], t.intermediate, D),
        ln3: norm(`${L}.output.LayerNorm`),
        crossKv: linear(`${cross}.self.key|value`, [`${cross}.self.key`, `${cross}.self.value`], t.encoderHidden, D, 'many'),
      });
    }
    const head = `${P}.cls.predictions`;
    this.#headDense = linear(`${head}.transform.dense`, [`${head}.transform.dense`], D, D);
    this.#headNorm = norm(`${head}.transform.LayerNorm`);
    this.#decoder = new TextLinear(build, `${head}.decoder`, [{ prefix: `${head}.decoder`, outFeatures: t.vocab, bias: `${head}.bias` }], D);
    this.#cross = new CrossAttentionHeads(this.memory, { layers: t.layers, heads: t.heads, headDim: D / t.heads, tokens: imageTokens }, kernel);
    this.#activations = new Activations(this.memory);
  }

  /** Which inner step the float32 Linears (and the cross-attention products, always float32) run. */
  get kernel(): LinearKernel {
    return this.#kernel;
  }

  /** The dynamic int8 Linears' kernel, or null when every Linear is float32. */
  get int8Kernel(): Int8Kernel | null {
    const all = [...this.#layers.flatMap((l) => [l.qkv, l.selfOut, l.crossQuery, l.crossOut, l.fc1, l.fc2, l.crossKv]), this.#headDense, this.#decoder];
    const int8 = all.flatMap((l) => l.products).find((p) => p instanceof LinearDynamicInt8);
    return int8 instanceof LinearDynamicInt8 ? int8.kernel : null;
  }

  /** Each Linear's products by label (the fused ones as one), for tests and inspection. */
  linears(): ReadonlyMap<string, TextLinear> {
    const out = new Map<string, TextLinear>();
    for (const [l, layer] of this.#layers.entries()) for (const [key, linear] of Object.entries(layer)) if (linear instanceof TextLinear) out.set(`layer ${l} ${key}`, linear);
    out.set('head dense', this.#headDense).set('head decoder', this.#decoder);
    return out;
  }

  /** Sets every entry of `split` to 0. */
  resetSplit(): void {
    for (const key of Object.keys(this.split) as (keyof TextSplit)[]) this.split[key] = 0;
  }

  /**
   * image_embeds [1, N, D_vision] (row-major, as WasmVisionEncoder.run and the vision graph give
   * them) → a DecoderStepper for that image: each layer's cross-attention keys/values computed
   * here, once. With a pool (on this decoder's memory) the large products of this call and of the
   * stepper's steps are split between its threads (the same bits). One image at a time: a later
   * forImage repacks the heads, and the earlier stepper then refuses to step.
   */
  async forImage(imageEmbeds: Float32Array, pool?: LinearPool): Promise<WasmTextStepper> {
    const t = this.sizes;
    const N = this.tokens;
    const expected = N * t.encoderHidden;
    if (!(imageEmbeds instanceof Float32Array) || imageEmbeds.length !== expected)
      throw new Error(
        `image_embeds: expected a Float32Array [1, ${N}, ${t.encoderHidden}] (${expected} floats), got ${imageEmbeds instanceof Float32Array ? `${imageEmbeds.length} floats` : 'another type'}`,
      );
    const t0 = performance.now();
    const image = ++this.#image;
    const kv = new Float32Array(N * 2 * t.hidden);
    for (const [l, layer] of this.#layers.entries()) {
      await this.#product(layer.crossKv, imageEmbeds, kv, pool);
      this.#cross.load(l, kv);
    }
    this.split.image += performance.now() - t0;
    return new WasmTextStepper(
      { layers: t.layers, heads: t.heads, headDim: t.hidden / t.heads, vocab: t.vocab, maxPositions: t.maxPositions },
      (ids, T, keys, values) => {
        if (this.#image !== image) throw new Error('blip: this decoder stepper was made for an earlier image; forImage was called again since (one image at a time)');
        return this.#forward(ids, T, keys, values, pool);
      },
    );
  }

  #product(linear: TextLinear, x: Float32Array, out: Float32Array, pool: LinearPool | undefined): Promise<void> {
    const route: ProductRoute = { pool, poolMinWeights: this.#poolMin };
    return linear.run(x, out, route);
  }

  /** ids [B·T] (sequence-major) at positions P … P+T−1 of each sequence → logits [B, vocab] of each one's last row, and the caches with this step appended. */
  async #forward(ids: readonly number[], T: number, keys: readonly HeadCache[], values: readonly HeadCache[], pool: LinearPool | undefined): Promise<WasmKvState & { logits: Float32Array }> {
    const t = this.sizes;
    const D = t.hidden;
    const R = ids.length;
    const B = R / T;
    const Pst = keys[0]!.length;
    const s = this.split;
    const act = this.#activations;
    let clock = performance.now();
    const lap = (key: keyof TextSplit): void => {
      const now = performance.now();
      s[key] += now - clock;
      clock = now;
    };
    const x = new Float32Array(R * D);
    ids.forEach((id, r) => {
      const w = id * D;
      const p = (Pst + (r % T)) * D;
      for (let i = 0; i < D; i++) x[r * D + i] = this.#words[w + i]! + this.#positions[p + i]!;
    });
    const h = new Float32Array(R * D);
    act.layerNorm(x, D, this.#embedNorm[0], this.#embedNorm[1], t.eps, h);
    const qkv = new Float32Array(R * 3 * D);
    const y = new Float32Array(R * D);
    const q = new Float32Array(R * D);
    const ctx = new Float32Array(R * D);
    const mlp = new Float32Array(R * t.intermediate);
    const shape = { heads: t.heads, headDim: D / t.heads };
    const newKeys: HeadCache[] = [];
    const newValues: HeadCache[] = [];
    /** h ← LayerNorm(y + h) (BERT's post-LN residual) */
    const residualNorm = (norm: readonly [Float32Array, Float32Array]): void => {
      for (let i = 0; i < y.length; i++) y[i] = y[i]! + h[i]!;
      act.layerNorm(y, D, norm[0], norm[1], t.eps, h);
    };
    lap('other');
    for (const [l, layer] of this.#layers.entries()) {
      await this.#product(layer.qkv, h, qkv, pool);
      lap('linear');
      const self = causalSelfAttention(qkv, keys[l]!, values[l]!, T, shape);
      newKeys.push(self.keys);
      newValues.push(self.values);
      lap('self');
      await this.#product(layer.selfOut, self.context, y, pool);
      lap('linear');
      residualNorm(layer.ln1);
      lap('other');
      await this.#product(layer.crossQuery, h, q, pool);
      lap('linear');
      this.#cross.attend(l, q, act, ctx);
      lap('cross');
      await this.#product(layer.crossOut, ctx, y, pool);
      lap('linear');
      residualNorm(layer.ln2);
      lap('other');
      await this.#product(layer.fc1, h, mlp, pool);
      lap('linear');
      act.geluInPlace(mlp);
      lap('other');
      await this.#product(layer.fc2, mlp, y, pool);
      lap('linear');
      residualNorm(layer.ln3);
      lap('other');
    }
    // Only each sequence's last row's logits choose its next token.
    const last = new Float32Array(B * D);
    for (let b = 0; b < B; b++) last.set(h.subarray(((b + 1) * T - 1) * D, (b + 1) * T * D), b * D);
    const dense = new Float32Array(B * D);
    await this.#product(this.#headDense, last, dense, pool);
    lap('linear');
    act.geluInPlace(dense);
    act.layerNorm(dense, D, this.#headNorm[0], this.#headNorm[1], t.eps, last);
    lap('other');
    const logits = new Float32Array(B * t.vocab);
    await this.#product(this.#decoder, last, logits, pool);
    lap('lmHead');
    return { batch: B, length: Pst + T, keys: newKeys, values: newValues, logits };
  }
}
