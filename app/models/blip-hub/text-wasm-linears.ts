// The text decoder's Linears (text-wasm.ts; runs where it is built: the kernel's worker later, a
// page, Node) in each layer's planned format (weight-plan.ts's formatOf): float32 on app/wasm's
// LinearF32 / GemvLinearF32, or ONNX Runtime's quantize_dynamic MatMul on LinearDynamicInt8 —
// what graph-builder.ts's `linear` builds for that layer: Wᵀ quantized symmetric int8 by
// app/onnx's quantizeInt8 (per tensor or per output channel, reduce_range or not),
// DynamicQuantizeLinear of the input per tensor, MatMulInteger, Cast·Mul(x_scale·w_scale), then the
// Add of the float bias. Several Linears reading one input (query | key | value; the cross key |
// value) are fused into one product when they share a format: the graph quantizes that input once
// per MatMul, but DynamicQuantizeLinear is a function of the input alone, so one quantization gives
// each MatMul's x_q, x_scale and zero point; each part keeps its own weight scale (a per-tensor
// scale repeated over the part's columns: the per-column product x_scale·w_scale[n] is then the
// graph's scalar one, bit for bit). Parts of different formats (a `keep` on one of them) are run
// one group at a time and their columns put side by side. Any other format (int8 weight-only,
// float16, bfloat16) is refused by name. With a pool, large float32 products go through it; int8
// ones only for the image's cross keys/values (≥ 64 rows): at a step's M = 1 an int8 GEMV costs
// less than a message round trip.
import { quantizeInt8 } from '../../onnx/encode-weights.ts';
import type { WeightFormat } from '../../onnx/plan.ts';
import type { GemmMemory } from '../../wasm/gemm-memory.ts';
import { LinearF32, type LinearKernel } from '../../wasm/linear-f32.ts';
import { GemvLinearF32 } from '../../wasm/linear-gemv-f32.ts';
import { LinearDynamicInt8, type Int8Kernel } from '../../wasm/linear-int8.ts';
import type { LinearPool } from '../../wasm/linear-pool.ts';
import { type CheckpointTensors, withFloat32 } from './checkpoint-weights.ts';
import { concatRows, textFloats } from './text-wasm-weights.ts';
import type { FormatOf } from './weight-plan.ts';

/** One Linear of the checkpoint: `prefix`.weight [outFeatures, inFeatures] and its bias. */
export interface TextLinearPart {
  readonly prefix: string;
  readonly outFeatures: number;
  /** default `${prefix}.bias` (the LM head's decoder reads `cls.predictions.bias`) */
  readonly bias?: string;
}

export interface TextLinearBuild {
  readonly memory: GemmMemory;
  readonly tensors: CheckpointTensors;
  readonly formatOf: FormatOf;
  readonly kernel: 'auto' | LinearKernel;
  readonly int8Kernel: 'auto' | Int8Kernel;
  /** the variant's label, named in refusals */
  readonly variantLabel: string | null;
}

/** How a product is run: the pool and the size from which float32 products go through it. */
export interface ProductRoute {
  readonly pool: LinearPool | undefined;
  readonly poolMinWeights: number;
}

type Product = LinearF32 | LinearDynamicInt8;

const WHO = 'the WebAssembly text decoder';

/** A Linear's format as a refusal names it. */
function describeFormat(f: WeightFormat): string {
  switch (f.kind) {
    case 'fp32':
      return 'float32';
    case 'float16':
    case 'bfloat16':
      return `${f.kind} (weights stored 16-bit)`;
    case 'int8':
      return `int8 weight-only (per ${f.granularity}, ${f.symmetric ? 'symmetric' : 'affine'})`;
    case 'dynamic':
      return `dynamic int8 (per ${f.granularity}${f.reduceRange ? ', reduce_range' : ''})`;
  }
}

const sameFormat = (a: WeightFormat, b: WeightFormat): boolean =>
  a.kind === b.kind && (a.kind !== 'dynamic' || (b.kind === 'dynamic' && a.granularity === b.granularity && a.reduceRange === b.reduceRange));

/** The format of every part, checked: float32 or dynamic int8, anything else refused naming the layer. */
function formatsOf(b: TextLinearBuild, parts: readonly TextLinearPart[]): WeightFormat[] {
  return parts.map((p) => {
    const name = `${p.prefix}.weight`;
    const f = b.formatOf(name, 'MatMul');
    if (f.kind !== 'fp32' && f.kind !== 'dynamic')
      throw new Error(
        `${WHO} builds float32 and dynamic int8 (quantize_dynamic) Linears only; layer '${name}'${b.variantLabel === null ? '' : ` of variant '${b.variantLabel}'`} is ${describeFormat(f)}`,
      );
    return f;
  });
}

/** One product over parts of one format: their weights' rows (outputs) side by side. */
function product(b: TextLinearBuild, label: string, parts: readonly TextLinearPart[], format: WeightFormat, inF: number, rows: 'few' | 'many'): Product {
  // each part's weight read, the product built on them all, then each read released (withFloat32: no copy kept)
  const build = (weights: Float32Array[]): Product =>
    weights.length < parts.length
      ? withFloat32(b.tensors, `${parts[weights.length]!.prefix}.weight`, [parts[weights.length]!.outFeatures, inF], WHO, (w) => build([...weights, w]))
      : productOf(b, label, parts, format, inF, rows, weights);
  return build([]);
}

function productOf(b: TextLinearBuild, label: string, parts: readonly TextLinearPart[], format: WeightFormat, inF: number, rows: 'few' | 'many', weights: readonly Float32Array[]): Product {
  const bias = concatRows(parts.map((p) => textFloats(b.tensors, p.bias ?? `${p.prefix}.bias`, [p.outFeatures])));
  const N = parts.reduce((n, p) => n + p.outFeatures, 0);
  if (format.kind !== 'dynamic')
    // The steps' Linears multiply a few rows (M = 1, the beams, a prompt): K in one block
    // (GemvLinearF32, 1.3–1.9x at M = 1); the cross keys/values' (M = N) keep LinearF32's blocks.
    return new (rows === 'few' ? GemvLinearF32 : LinearF32)(b.memory, { name: label, inFeatures: inF, outFeatures: N, weight: concatRows(weights), bias }, { kernel: b.kernel });
  // Each part quantized as the graph quantizes its own MatMul weight (Wᵀ [in, out_p]), then its columns placed at its offset.
  const q = new Int8Array(inF * N);
  const scales = new Float32Array(N);
  let at = 0;
  parts.forEach((p, i) => {
    const n = p.outFeatures;
    const w = weights[i]!;
    const wt = new Float32Array(inF * n);
    for (let o = 0; o < n; o++) for (let k = 0; k < inF; k++) wt[k * n + o] = w[o * inF + k]!;
    const part = quantizeInt8(wt, [inF, n], { granularity: format.granularity, symmetric: true, axis: 1, reduceRange: format.reduceRange });
    for (let k = 0; k < inF; k++) q.set(part.q.subarray(k * n, (k + 1) * n), k * N + at);
    if (part.scales.length === 1) scales.fill(part.scales[0]!, at, at + n);
    else scales.set(part.scales, at);
    at += n;
  });
  return new LinearDynamicInt8(b.memory, { name: label, inFeatures: inF, outFeatures: N, q, scales, bias }, { reduceRange: format.reduceRange, kernel: b.int8Kernel });
}

/**
 * One or several Linears reading the same input, computed as one product per run of parts with the
 * same format; `run` writes their outputs side by side ([R, Σ out], the parts' order).
 */
export class TextLinear {
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** each group's product and its first column */
  readonly #groups: { readonly product: Product; readonly column: number }[] = [];

  constructor(b: TextLinearBuild, label: string, parts: readonly TextLinearPart[], inF: number, rows: 'few' | 'many' = 'few') {
    const formats = formatsOf(b, parts);
    this.inFeatures = inF;
    this.outFeatures = parts.reduce((n, p) => n + p.outFeatures, 0);
    let column = 0;
    for (let i = 0; i < parts.length; ) {
      let j = i + 1;
      while (j < parts.length && sameFormat(formats[j]!, formats[i]!)) j++;
      const group = parts.slice(i, j);
      const name = group.length === parts.length ? label : group.map((p) => p.prefix).join('|');
      this.#groups.push({ product: product(b, name, group, formats[i]!, inF, rows), column });
      column += group.reduce((n, p) => n + p.outFeatures, 0);
      i = j;
    }
  }

  /** 'fp32', 'dynamic', or 'mixed' when its parts have different formats. */
  get format(): 'fp32' | 'dynamic' | 'mixed' {
    const kinds = new Set(this.#groups.map((g) => (g.product instanceof LinearDynamicInt8 ? 'dynamic' : 'fp32')));
    return kinds.size > 1 ? 'mixed' : kinds.has('dynamic') ? 'dynamic' : 'fp32';
  }

  /** The products (one per group of parts of one format), for inspection and tests. */
  get products(): readonly Product[] {
    return this.#groups.map((g) => g.product);
  }

  /** y [R, outFeatures] for x [R, inFeatures] into `out`: float32 products of ≥ poolMinWeights weights through the pool when there is one. */
  async run(x: Float32Array, out: Float32Array, route: ProductRoute): Promise<void> {
    const single = this.#groups.length === 1 ? this.#groups[0]!.product : null;
    if (single !== null) return runProduct(single, x, out, route);
    const R = x.length / this.inFeatures;
    const N = this.outFeatures;
    for (const { product: p, column } of this.#groups) {
      const n = p.outFeatures;
      const y = new Float32Array(R * n);
      await runProduct(p, x, y, route);
      for (let r = 0; r < R; r++) out.set(y.subarray(r * n, (r + 1) * n), r * N + column);
    }
  }
}

/** Rows from which an int8 product goes through the pool: the image's cross keys/values (N rows), not a step's few (a round trip costs more than an int8 GEMV). */
const INT8_POOL_MIN_ROWS = 64;

async function runProduct(p: Product, x: Float32Array, out: Float32Array, route: ProductRoute): Promise<void> {
  const big = route.pool !== undefined && p.inFeatures * p.outFeatures >= route.poolMinWeights;
  if (big && route.pool !== undefined && (p instanceof LinearF32 || x.length / p.inFeatures >= INT8_POOL_MIN_ROWS)) await route.pool.run(p, x, out);
  else p.run(x, out);
}
