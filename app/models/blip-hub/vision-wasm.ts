// BLIP's vision encoder (BlipVisionModel) in float32 on app/wasm's kernels, computing what
// vision-graph.ts's ONNX graph computes: the patch Conv as a Linear over im2col rows, class token,
// position embeddings, pre-LN layers (fused qkv, scores × head_dim^-0.5, softmax, P·V, projection,
// exact GELU MLP), post_layernorm. Every Linear, and attention's Q·Kᵀ and P·V per head, runs on
// LinearF32 (the per-head products repack one Linear's weight in place); softmax and GELU on
// app/wasm's SIMD128 Activations; the other operations are plain TypeScript (vision-wasm-ops.ts).
// Runs in the calling thread (a page, a worker, Node), or with a LinearPool's workers for the
// products.
// Not used by BlipHubModel yet (issue 13: this is the first step; bench/NOTES-blip-hub.md).
import { Activations } from '../../wasm/activations.ts';
import { GemmMemory } from '../../wasm/gemm-memory.ts';
import { LinearF32, type LinearKernel } from '../../wasm/linear-f32.ts';
import type { LinearPool } from '../../wasm/linear-pool.ts';
import { type CheckpointTensors, requireTensor, storedDType } from './checkpoint-weights.ts';
import { type BlipVisionSizes, visionTokens } from './config.ts';
import type { BlipVariant } from './blip-hub-sessions.ts';
import { addInPlace, columns, im2col, putColumns } from './vision-wasm-ops.ts';

/** Where a run's time went, ms (summed over the layers). */
export interface VisionSplit {
  /** the patch embedding, qkv, projection, fc1, fc2 */
  linear: number;
  /** Q·Kᵀ and P·V per head, with the per-head copies and repacking */
  attention: number;
  layerNorm: number;
  gelu: number;
  softmax: number;
  /** residual adds, class token and position embeddings */
  residual: number;
}

export interface VisionWasmOptions {
  /** default: a new memory (shared when SharedArrayBuffer exists) */
  readonly memory?: GemmMemory;
  /** default 'auto' (relaxed SIMD when the engine validates it) */
  readonly kernel?: 'auto' | LinearKernel;
  /** only BlipHubModel's float32 variant is built; any other is refused by name */
  readonly variant?: BlipVariant;
}

interface Layer {
  readonly ln1: readonly [Float32Array, Float32Array];
  readonly qkv: LinearF32;
  readonly projection: LinearF32;
  readonly ln2: readonly [Float32Array, Float32Array];
  readonly fc1: LinearF32;
  readonly fc2: LinearF32;
}

const P = 'vision_model';

/** A float32 copy of a checkpoint tensor (file-backed ones read once and released), refusing other dtypes. */
function floats(tensors: CheckpointTensors, name: string, shape: readonly number[]): Float32Array {
  const t = requireTensor(tensors, name, shape);
  const dtype = storedDType(t);
  if (dtype !== 'float32')
    throw new Error(`the WebAssembly vision encoder reads float32 weights only; tensor '${name}' is ${dtype}`);
  const bytes = t.bytes;
  const out = new Float32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes); // bytes may sit at any offset: copy rather than view
  t.stored?.file.release(bytes);
  return out;
}

export class WasmVisionEncoder {
  readonly memory: GemmMemory;
  readonly tokens: number;
  readonly split: VisionSplit = { linear: 0, attention: 0, layerNorm: 0, gelu: 0, softmax: 0, residual: 0 };
  readonly #v: BlipVisionSizes;
  readonly #patch: LinearF32;
  readonly #cls: Float32Array;
  readonly #positions: Float32Array;
  readonly #layers: Layer[] = [];
  readonly #post: readonly [Float32Array, Float32Array];
  /** Q_h·K_hᵀ: x = Q_h [N, hd], "weight" K_h [N, hd], repacked per head */
  readonly #scores: LinearF32;
  /** P·V_h: x = P [N, N], "weight" V_hᵀ [hd, N], repacked per head */
  readonly #context: LinearF32;
  /** softmax and exact GELU (SIMD128, on this memory's scratch) */
  readonly #activations: Activations;

  constructor(tensors: CheckpointTensors, v: BlipVisionSizes, options: VisionWasmOptions = {}) {
    const variant = options.variant;
    if (variant !== undefined && (variant.transform !== null || variant.storage !== 'float32' || variant.bf16Activations))
      throw new Error(`the WebAssembly vision encoder computes float32 only; variant '${variant.label}' is not built on it`);
    if (v.hidden % v.heads !== 0) throw new Error(`vision hidden_size ${v.hidden} is not a multiple of num_attention_heads ${v.heads}`);
    if (v.imageSize % v.patchSize !== 0) throw new Error(`vision image_size ${v.imageSize} is not a multiple of patch_size ${v.patchSize}`);
    this.#v = v;
    this.memory = options.memory ?? new GemmMemory();
    const kernel = options.kernel ?? 'auto';
    const D = v.hidden;
    const N = visionTokens(v);
    const hd = D / v.heads;
    this.tokens = N;
    const linear = (name: string, inF: number, outF: number, weightShape: readonly number[] = [outF, inF]): LinearF32 =>
      new LinearF32(
        this.memory,
        { name, inFeatures: inF, outFeatures: outF, weight: floats(tensors, `${name}.weight`, weightShape), bias: floats(tensors, `${name}.bias`, [outF]) },
        { kernel },
      );
    const norm = (name: string): readonly [Float32Array, Float32Array] => [floats(tensors, `${name}.weight`, [D]), floats(tensors, `${name}.bias`, [D])];
    const patchIn = v.channels * v.patchSize * v.patchSize;
    this.#patch = linear(`${P}.embeddings.patch_embedding`, patchIn, D, [D, v.channels, v.patchSize, v.patchSize]);
    this.#cls = floats(tensors, `${P}.embeddings.class_embedding`, [1, 1, D]);
    this.#positions = floats(tensors, `${P}.embeddings.position_embedding`, [1, N, D]);
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
    this.#scores = new LinearF32(this.memory, { name: 'attention Q·Kᵀ', inFeatures: hd, outFeatures: N, weight: new Float32Array(N * hd) }, { kernel });
    this.#activations = new Activations(this.memory);
    this.#context = new LinearF32(this.memory, { name: 'attention P·V', inFeatures: N, outFeatures: hd, weight: new Float32Array(hd * N) }, { kernel });
  }

  /** Which inner step the Linears run. */
  get kernel(): LinearKernel {
    return this.#patch.kernel;
  }

  /** Sets every entry of `split` to 0. */
  resetSplit(): void {
    for (const key of Object.keys(this.split) as (keyof VisionSplit)[]) this.split[key] = 0;
  }

  /**
   * pixel_values [1, C, S, S] → image_embeds [1, N, D] (row-major, as the graph's output); adds to
   * `split`. With a pool (on this encoder's memory) every product is split between its threads
   * (the same bits: LinearPool keeps each output's k order); without, all runs in this thread.
   */
  async run(pixels: Float32Array, pool?: LinearPool): Promise<Float32Array> {
    const v = this.#v;
    const D = v.hidden;
    const N = this.tokens;
    const hd = D / v.heads;
    const expected = v.channels * v.imageSize * v.imageSize;
    if (!(pixels instanceof Float32Array) || pixels.length !== expected)
      throw new Error(`pixel_values: expected a Float32Array [1, ${v.channels}, ${v.imageSize}, ${v.imageSize}] (${expected} floats), got ${pixels instanceof Float32Array ? `${pixels.length} floats` : 'another type'}`);
    const s = this.split;
    let t = performance.now();
    const lap = (key: keyof VisionSplit): void => {
      const now = performance.now();
      s[key] += now - t;
      t = now;
    };

    const product = async (linear: LinearF32, x: Float32Array, out: Float32Array): Promise<void> => {
      if (pool === undefined) linear.run(x, out);
      else await pool.run(linear, x, out);
    };
    const patches = im2col(pixels, v.channels, v.imageSize, v.patchSize);
    const h = new Float32Array(N * D);
    await product(this.#patch, patches, h.subarray(D));
    lap('linear');
    h.set(this.#cls, 0);
    addInPlace(h, this.#positions);
    lap('residual');

    const x = new Float32Array(N * D);
    const qkv = new Float32Array(N * 3 * D);
    const ctx = new Float32Array(N * D);
    const proj = new Float32Array(N * D);
    const mlp = new Float32Array(N * v.intermediate);
    const qh = new Float32Array(N * hd);
    const kh = new Float32Array(N * hd);
    const vt = new Float32Array(hd * N);
    const scores = new Float32Array(N * N);
    const head = new Float32Array(N * hd);
    const scale = hd ** -0.5;
    for (const layer of this.#layers) {
      this.#activations.layerNorm(h, D, layer.ln1[0], layer.ln1[1], v.eps, x);
      lap('layerNorm');
      await product(layer.qkv, x, qkv);
      lap('linear');
      for (let hIdx = 0; hIdx < v.heads; hIdx++) {
        // [N, 3, heads, hd]: q, k and v of head h are columns h·hd.. of the three D-wide thirds
        columns(qkv, 3 * D, hIdx * hd, hd, qh, false);
        columns(qkv, 3 * D, D + hIdx * hd, hd, kh, false);
        this.#scores.repack(kh);
        await product(this.#scores, qh, scores);
        lap('attention');
        this.#activations.scaledSoftmaxRows(scores, N, scale);
        lap('softmax');
        columns(qkv, 3 * D, 2 * D + hIdx * hd, hd, vt, true);
        this.#context.repack(vt);
        await product(this.#context, scores, head);
        putColumns(head, hd, ctx, D, hIdx * hd);
        lap('attention');
      }
      await product(layer.projection, ctx, proj);
      lap('linear');
      addInPlace(h, proj);
      lap('residual');
      this.#activations.layerNorm(h, D, layer.ln2[0], layer.ln2[1], v.eps, x);
      lap('layerNorm');
      await product(layer.fc1, x, mlp);
      lap('linear');
      this.#activations.geluInPlace(mlp);
      lap('gelu');
      await product(layer.fc2, mlp, proj);
      lap('linear');
      addInPlace(h, proj);
      lap('residual');
    }
    const out = new Float32Array(N * D);
    this.#activations.layerNorm(h, D, this.#post[0], this.#post[1], v.eps, out);
    lap('layerNorm');
    return out;
  }
}
