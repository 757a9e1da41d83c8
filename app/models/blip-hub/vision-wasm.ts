// BLIP's vision encoder (BlipVisionModel) in float32 on app/wasm's kernels, computing what
// vision-graph.ts's ONNX graph computes: the patch Conv as a Linear over im2col rows, class token,
// position embeddings, pre-LN layers (fused qkv, scores × head_dim^-0.5, softmax, P·V, projection,
// exact GELU MLP), post_layernorm. Every activation lives in the WebAssembly memory for the whole
// run (the residual stream h, LayerNorm's x, qkv, the context, the MLP's hidden rows): each
// Linear's output is where the next step reads it, and attention reads Q, K and V of each head
// straight from the qkv rows and writes the head's context into its columns (app/wasm/row-steps.ts).
// Everything between two attentions is row-local, so a run is 2 + layers rounds of row steps:
// in the calling thread (a page, a worker, Node), or each round's rows split over a LinearPool's
// threads (one message per worker a round; the same bits).
// Each Linear but the patch embedding is float32 or ONNX Runtime's dynamic int8 as the variant's
// per-layer formats say (vision-wasm-int8.ts: a round is split at each int8 Linear, whose activation
// is quantized per tensor over all tokens).
import { GemmMemory } from '../../wasm/gemm-memory.ts';
import { LinearF32, type LinearKernel } from '../../wasm/linear-f32.ts';
import { LinearDynamicInt8, type Int8Kernel } from '../../wasm/linear-int8.ts';
import type { LinearPool } from '../../wasm/linear-pool.ts';
import { attentionScratchBytes, runRowSteps, type RowStep, type StepTimes } from '../../wasm/row-steps.ts';
import type { FormatOf } from './weight-plan.ts';
import { int8Modules, int8ScratchBytes, splitAtInt8, visionLinear, type Int8Scratch, type Round, type RoundPart, type VisionLinear } from './vision-wasm-int8.ts';
import { type CheckpointTensors, float32Copy, withFloat32 } from './checkpoint-weights.ts';
import { type BlipVisionSizes, visionTokens } from './config.ts';
import type { BlipVariant } from './blip-hub-sessions.ts';
import { im2colInto } from './vision-wasm-ops.ts';

/** Where a run's time went, ms (summed over the layers). */
/**
 * StepTimes' parts (linear: the patch embedding with its im2col, qkv, projection, fc1, fc2;
 * attention: Q·Kᵀ and P·V per head with the packing of K_h and V_h; layerNorm with the copy of h
 * it normalises; residual: residual adds, class token and position embeddings); with a pool, the
 * calling thread's share of them only, and `wait`.
 */
export interface VisionSplit extends StepTimes {
  /** the time the calling thread waited for the workers once its share was done (0 without a pool) */
  wait: number;
}

export interface VisionWasmOptions {
  /** default: a new memory (shared when SharedArrayBuffer exists) */
  readonly memory?: GemmMemory;
  /** default 'auto' (relaxed SIMD when the engine validates it) */
  readonly kernel?: 'auto' | LinearKernel;
  /**
   * float32 storage without bf16 activations; a variant with a transform needs `formatOf` (its
   * per-layer formats); any other is refused by name
   */
  readonly variant?: BlipVariant;
  /**
   * each Linear's format (weight-plan.ts: `planBlipWeights(config, variant.transform)`): fp32 →
   * LinearF32, dynamic → LinearDynamicInt8 (ORT's quantize_dynamic); any other refused by the layer's
   * name; the patch embedding (Conv) must be fp32. Default: every Linear fp32.
   */
  readonly formatOf?: FormatOf;
  /** the dynamic-int8 Linears' kernel, default 'auto' (app/wasm/linear-int8.ts's chooseInt8Kernel: i8-u8-fused where relaxed_dot reads u8 × s8 exactly, else i8-shift-relaxed for reduce_range, else i8-dot16) */
  readonly int8Kernel?: 'auto' | Int8Kernel;
}

/** A LayerNorm's weight and bias: byte offsets of `hidden` floats each in the memory's weights region. */
interface Norm {
  readonly weight: number;
  readonly bias: number;
}

interface Layer {
  readonly ln1: Norm;
  readonly qkv: VisionLinear;
  readonly projection: VisionLinear;
  readonly ln2: Norm;
  readonly fc1: VisionLinear;
  readonly fc2: VisionLinear;
}

/** Byte offsets of one run's activations in the scratch region (64-byte aligned). */
interface Regions {
  /** the residual stream [N, D] */
  readonly h: number;
  /** LayerNorm's output, the next Linear's A [N, D] (then image_embeds) */
  readonly x: number;
  /** two, layer l's in qkv[l % 2]: a thread that is done with its rows of layer l writes its rows of l + 1's qkv while another still reads all of l's K and V */
  readonly qkv: readonly [number, number];
  readonly ctx: number;
  /** the projection's and fc2's output [N, D] */
  readonly y: number;
  readonly mlp: number;
  readonly patches: number;
  /** one attention scratch per thread */
  readonly attention: readonly number[];
  /** the int8 Linears' x_q, row terms, sums, run vectors and per-thread ranges (none without int8 Linears) */
  readonly int8: Int8Scratch;
  readonly end: number;
}

const floatBits = (x: number): number => new Int32Array(new Float32Array([x]).buffer)[0]!;

const P = 'vision_model';

/** A float32 copy of a checkpoint tensor (file-backed ones read once and released), refusing other dtypes. */
const WHO = 'the WebAssembly vision encoder';
const floats = (tensors: CheckpointTensors, name: string, shape: readonly number[]): Float32Array => float32Copy(tensors, name, shape, WHO);

export class WasmVisionEncoder {
  readonly memory: GemmMemory;
  readonly tokens: number;
  readonly split: VisionSplit = { linear: 0, attention: 0, layerNorm: 0, gelu: 0, softmax: 0, residual: 0, wait: 0 };
  readonly #v: BlipVisionSizes;
  readonly #patch: LinearF32;
  readonly #cls: Float32Array;
  /** position embeddings [N, D] in the weights region (byte offset) */
  readonly #positions: number;
  readonly #layers: Layer[] = [];
  readonly #post: Norm;

  constructor(tensors: CheckpointTensors, v: BlipVisionSizes, options: VisionWasmOptions = {}) {
    const variant = options.variant;
    if (variant !== undefined && (variant.storage !== 'float32' || variant.bf16Activations))
      throw new Error(`the WebAssembly vision encoder computes float32 only; variant '${variant.label}' is not built on it`);
    if (variant !== undefined && variant.transform !== null && options.formatOf === undefined)
      throw new Error(
        `the WebAssembly vision encoder computes float32 and dynamic int8 Linears; variant '${variant.label}' is not built on it without its per-layer formats (options.formatOf: planBlipWeights(config, variant.transform))`,
      );
    const formatOf = options.formatOf ?? (() => ({ kind: 'fp32' }) as const);
    const patchFormat = formatOf(`${P}.embeddings.patch_embedding.weight`, 'Conv');
    if (patchFormat.kind !== 'fp32')
      throw new Error(`the WebAssembly vision encoder computes the patch embedding (Conv) in float32 only; its format is ${patchFormat.kind}`);
    if (v.hidden % v.heads !== 0) throw new Error(`vision hidden_size ${v.hidden} is not a multiple of num_attention_heads ${v.heads}`);
    if (v.imageSize % v.patchSize !== 0) throw new Error(`vision image_size ${v.imageSize} is not a multiple of patch_size ${v.patchSize}`);
    // every activation's rows are then as wide as the Linears' padded A and C rows, and each head's context fills whole panels
    for (const [what, n] of [['hidden_size / num_attention_heads', v.hidden / v.heads], ['intermediate_size', v.intermediate]] as const)
      if (n % 8 !== 0) throw new Error(`the WebAssembly vision encoder needs ${what} to be a multiple of 8, got ${n}`);
    this.#v = v;
    this.memory = options.memory ?? new GemmMemory();
    const kernel = options.kernel ?? 'auto';
    const kernels = { kernel, int8Kernel: options.int8Kernel ?? 'auto' };
    const D = v.hidden;
    const N = visionTokens(v);
    this.tokens = N;
    const linear = (name: string, inF: number, outF: number): VisionLinear => {
      const bias = floats(tensors, `${name}.bias`, [outF]);
      return withFloat32(tensors, `${name}.weight`, [outF, inF], WHO, (weight) =>
        visionLinear(this.memory, { name, inFeatures: inF, outFeatures: outF, weight, bias }, formatOf(`${name}.weight`, 'MatMul'), kernels),
      );
    };
    const inMemory = (values: Float32Array, what: string): number => {
      const at = this.memory.allocWeights(values.length * 4, what);
      new Float32Array(this.memory.buffer, at, values.length).set(values);
      return at;
    };
    const norm = (name: string): Norm => ({
      weight: inMemory(floats(tensors, `${name}.weight`, [D]), `${name}.weight`),
      bias: inMemory(floats(tensors, `${name}.bias`, [D]), `${name}.bias`),
    });
    const patchIn = v.channels * v.patchSize * v.patchSize;
    const patchName = `${P}.embeddings.patch_embedding`;
    const patchWeight = floats(tensors, `${patchName}.weight`, [D, v.channels, v.patchSize, v.patchSize]);
    this.#patch = new LinearF32(this.memory, { name: patchName, inFeatures: patchIn, outFeatures: D, weight: patchWeight, bias: floats(tensors, `${patchName}.bias`, [D]) }, { kernel });
    this.#cls = floats(tensors, `${P}.embeddings.class_embedding`, [1, 1, D]);
    this.#positions = inMemory(floats(tensors, `${P}.embeddings.position_embedding`, [1, N, D]), 'position_embedding');
    for (let l = 0; l < v.layers; l++) {
      const L = `${P}.encoder.layers.${l}`;
      this.#layers.push({
        ln1: norm(`${L}.layer_norm1`),
        qkv: linear(`${L}.self_attn.qkv`, D, 3 * D),
        projection: linear(`${L}.self_attn.projection`, D, D),
        ln2: norm(`${L}.layer_norm2`),
        fc1: linear(`${L}.mlp.fc1`, D, v.intermediate),
        fc2: linear(`${L}.mlp.fc2`, v.intermediate, D),
      });
    }
    this.#post = norm(`${P}.post_layernorm`);
  }

  /** Which inner step the float32 Linears run. */
  get kernel(): LinearKernel {
    return this.#patch.kernel;
  }

  /** The kernels of the dynamic-int8 Linears (none for float32), e.g. ['i8-dot16']. */
  get int8Kernels(): Int8Kernel[] {
    return [...new Set(this.#linears().flatMap((l) => (l instanceof LinearDynamicInt8 ? [l.kernel] : [])))];
  }

  #linears(): VisionLinear[] {
    return this.#layers.flatMap((l) => [l.qkv, l.projection, l.fc1, l.fc2]);
  }

  /** Sets every entry of `split` to 0. */
  resetSplit(): void {
    for (const key of Object.keys(this.split) as (keyof VisionSplit)[]) this.split[key] = 0;
  }

  /** Where a run's activations go, from the scratch region's start, for `takers` threads. */
  #regions(takers: number): Regions {
    const v = this.#v;
    const D = v.hidden;
    const N = this.tokens;
    let at = this.memory.scratchStart;
    const take = (bytes: number): number => {
      const from = at;
      at += Math.ceil(bytes / 64) * 64;
      return from;
    };
    const h = take(N * D * 4);
    const x = take(N * D * 4);
    const qkv = [take(N * 3 * D * 4), take(N * 3 * D * 4)] as const;
    const ctx = take(N * D * 4);
    const y = take(N * D * 4);
    const mlp = take(N * v.intermediate * 4);
    const patches = take((N - 1) * this.#patch.layout.kPad * 4);
    const scratch = attentionScratchBytes(N, D / v.heads, this.#patch.block.nr);
    const attention = Array.from({ length: takers }, () => take(scratch));
    const int8s = this.#linears().flatMap((l) => (l instanceof LinearDynamicInt8 ? [l] : []));
    const widest = Math.max(0, ...int8s.map((l) => l.layout.kPad));
    const [a, rowTerms, sums, vectors, slots] = int8ScratchBytes(N, widest, Math.max(0, ...int8s.map((l) => l.vectorBytes)), takers).map(take);
    return { h, x, qkv, ctx, y, mlp, patches, attention, int8: { a: a!, rowTerms: rowTerms!, sums: sums!, vectors: vectors!, slots: slots!, takers }, end: at };
  }

  /**
   * The rounds of row steps of a run: the patch embedding (on the N − 1 patch rows), then on the N
   * token rows: positions, layer 0's LayerNorm and qkv; then for each layer its attention and the
   * rest of it, with the next layer's LayerNorm and qkv (or post_layernorm after the last).
   */
  #rounds(r: Regions): Round[] {
    const v = this.#v;
    const D = v.hidden;
    const N = this.tokens;
    const hd = D / v.heads;
    const key = this.memory.kernel(this.#patch.kernel, this.#patch.block).key;
    const linear = (l: VisionLinear, a: number, c: number, M = N): RoundPart =>
      l instanceof LinearDynamicInt8 ? { kind: 'int8', linear: l, a, c, M } : steps(() => [{ op: 'linear', key, layout: l.layout, job: { M, a, c } }]);
    const steps = (make: (taker: number) => RowStep[]): RoundPart => ({ kind: 'steps', steps: make });
    const epsBits = floatBits(v.eps);
    const normed = (n: Norm, label: string): RoundPart =>
      steps(() => [
        { op: 'copy', label, from: r.h, to: r.x, width: D },
        { op: 'layernorm', label, x: r.x, width: D, dim: D, weight: n.weight, bias: n.bias, epsBits },
      ]);
    const first = this.#layers[0];
    const rounds: { label: string; rows: number; parts: RoundPart[] }[] = [
      { label: 'vision patch embedding', rows: N - 1, parts: [linear(this.#patch, r.patches, r.h + D * 4, N - 1)] },
      {
        label: 'vision embeddings and layer 0 qkv',
        rows: N,
        parts: [
          steps(() => [{ op: 'add', label: 'position embeddings', acc: r.h, y: this.#positions, width: D }]),
          ...(first === undefined ? [] : [normed(first.ln1, 'layer 0 layer_norm1'), linear(first.qkv, r.x, r.qkv[0])]),
        ],
      },
    ];
    const scaleBits = floatBits(hd ** -0.5);
    const qkvOf = (l: number): number => (l % 2 === 0 ? r.qkv[0] : r.qkv[1]);
    for (const [l, layer] of this.#layers.entries()) {
      const next = this.#layers[l + 1];
      rounds.push({
        label: `vision layer ${l}`,
        rows: N,
        parts: [
          steps((taker) => [{
            op: 'attention',
            label: `layer ${l} self_attn`,
            key,
            nr: this.#patch.block.nr,
            qkv: qkvOf(l),
            qkvStride: 3 * D,
            heads: v.heads,
            headDim: hd,
            tokens: N,
            ctx: r.ctx,
            ctxStride: D,
            scaleBits,
            scratch: r.attention[taker]!,
          }]),
          linear(layer.projection, r.ctx, r.y),
          steps(() => [{ op: 'add', label: `layer ${l} attention residual`, acc: r.h, y: r.y, width: D }]),
          normed(layer.ln2, `layer ${l} layer_norm2`),
          linear(layer.fc1, r.x, r.mlp),
          steps(() => [{ op: 'gelu', label: `layer ${l} mlp`, x: r.mlp, width: v.intermediate }]),
          linear(layer.fc2, r.mlp, r.y),
          steps(() => [{ op: 'add', label: `layer ${l} mlp residual`, acc: r.h, y: r.y, width: D }]),
          ...(next === undefined ? [normed(this.#post, 'post_layernorm')] : [normed(next.ln1, `layer ${l + 1} layer_norm1`), linear(next.qkv, r.x, qkvOf(l + 1))]),
        ],
      });
    }
    if (first === undefined) rounds.push({ label: 'vision post_layernorm', rows: N, parts: [normed(this.#post, 'post_layernorm')] });
    return splitAtInt8(rounds, r.int8, () => this.memory.buffer);
  }

  /**
   * pixel_values [1, C, S, S] → image_embeds [1, N, D] (row-major, as the graph's output, in a
   * fresh Float32Array); adds to `split`. With a pool (on this encoder's memory) each round's rows
   * are split between its threads (the same bits: every row's result is computed the same way
   * whichever thread takes it); without, all runs in this thread. The memory's scratch is claimed
   * for the whole run.
   */
  async run(pixels: Float32Array, pool?: LinearPool): Promise<Float32Array> {
    const v = this.#v;
    const D = v.hidden;
    const N = this.tokens;
    const expected = v.channels * v.imageSize * v.imageSize;
    if (!(pixels instanceof Float32Array) || pixels.length !== expected)
      throw new Error(`pixel_values: expected a Float32Array [1, ${v.channels}, ${v.imageSize}, ${v.imageSize}] (${expected} floats), got ${pixels instanceof Float32Array ? `${pixels.length} floats` : 'another type'}`);
    if (pool !== undefined && pool.memory !== this.memory) throw new Error("the vision encoder's pool runs on another memory than the encoder's");
    const s = this.split;
    const label = 'the WebAssembly vision encoder';
    this.memory.claim(label);
    try {
      const r = this.#regions(pool?.takers ?? 1);
      this.memory.ensure(r.end, `${label}'s activations (${N} tokens)`);
      const t0 = performance.now();
      const f32 = new Float32Array(this.memory.buffer);
      im2colInto(pixels, v.channels, v.imageSize, v.patchSize, f32.subarray(r.patches / 4, r.patches / 4 + (N - 1) * this.#patch.layout.kPad), this.#patch.layout.kPad);
      f32.set(this.#cls, r.h / 4);
      s.linear += performance.now() - t0;
      const kernel = this.memory.kernel(this.#patch.kernel, this.#patch.block);
      const int8 = int8Modules(this.#linears());
      const local = {
        macro: (key: string) => {
          if (key !== kernel.key) throw new Error(`no kernel ${key} here (the encoder runs ${kernel.key})`);
          return kernel.macro;
        },
        activations: this.memory.activations().fns,
        int8: (key: string) => {
          const found = int8.find((k) => k.key === key);
          if (found === undefined) throw new Error(`no int8 kernel ${key} here`);
          return found;
        },
      };
      for (const round of this.#rounds(r)) {
        round.before?.();
        if (pool === undefined) {
          runRowSteps(local, this.memory.buffer, round.steps(0), 0, round.rows, s);
          continue;
        }
        const start = performance.now();
        const before = s.linear + s.attention + s.softmax + s.layerNorm + s.gelu + s.residual;
        await pool.runSteps({ label: round.label, rows: round.rows, steps: round.steps, kernel, int8, times: s });
        s.wait += performance.now() - start - (s.linear + s.attention + s.softmax + s.layerNorm + s.gelu + s.residual - before);
      }
      return new Float32Array(this.memory.buffer, r.x, N * D).slice();
    } finally {
      this.memory.release();
    }
  }
}
