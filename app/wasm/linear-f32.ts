// nn.Linear in float32 on the hand-written kernels (runs in the calling thread: the kernel's
// worker later, a page, Node): y = x·Wᵀ + b with W as PyTorch / Hugging Face store it, [out, in].
// The weight is packed once into the memory's weights region (column panels of nr, K padded with
// zeros to the kernel's k step of 4, N to nr), the bias next to it (padded with zeros). A run copies
// x into the scratch region (rows padded to kPad), fills C's rows with the bias, runs the GEMM
// (relaxed_madd when the engine validates relaxed SIMD, else SIMD128 mul + add) and copies y out.
import type { Block } from './gemm-kernels.ts';
import type { GemmMemory } from './gemm-memory.ts';
import { checkOutput, inputRows, isCount, runLinearRows, type LinearJob, type LinearLayout } from './linear-rows.ts';

/** Which inner step runs: `f32x4.relaxed_madd` (an FMA on x86 with FMA3) or SIMD128's `f32x4.mul` + `f32x4.add`. */
export type LinearKernel = 'f32-relaxed' | 'f32-plain';

/** 4 rows × 8 columns: bench/wasm-gemm's best fp32 block with 6x8 (within a few % on BLIP's shapes). */
export const DEFAULT_BLOCK: Block = { mr: 4, nr: 8 };
/** k values a kernel loop step consumes (UNROLL × 1 for fp32): K is padded to a multiple of it. */
const K_STEP = 4;
/** K block: 256 rows of a panel (8 KiB at nr = 8) stay in L1 while A's rows stream. */
const KC = 256;

export interface LinearSpec {
  /** named in every error (e.g. "vision_model.encoder.layers.0.mlp.fc1"); default "Linear(in, out)" */
  readonly name?: string;
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** [outFeatures, inFeatures], row-major */
  readonly weight: Float32Array;
  readonly bias?: Float32Array | null;
}

export interface LinearOptions {
  /** 'auto' (default): relaxed when the engine validates it, else plain. Asking for relaxed where it does not validate is an error. */
  readonly kernel?: 'auto' | LinearKernel;
  readonly block?: Block;
}

/** The kernel a memory's Linears get on this engine. */
export function pickKernel(memory: GemmMemory, block: Block, asked: 'auto' | LinearKernel = 'auto'): LinearKernel {
  if (asked === 'f32-plain' || (asked === 'auto' && !memory.validates('f32-relaxed', block))) {
    if (!memory.validates('f32-plain', block)) throw new Error('this WebAssembly engine does not validate SIMD128 (f32x4) code');
    return 'f32-plain';
  }
  if (!memory.validates('f32-relaxed', block))
    throw new Error('kernel f32-relaxed was asked for, but this WebAssembly engine does not validate relaxed SIMD (f32x4.relaxed_madd)');
  return 'f32-relaxed';
}

export class LinearF32 {
  readonly layout: LinearLayout;
  readonly kernel: LinearKernel;
  readonly block: Block;
  readonly inFeatures: number;
  readonly outFeatures: number;

  constructor(
    readonly memory: GemmMemory,
    spec: LinearSpec,
    options: LinearOptions = {},
  ) {
    const K = spec.inFeatures;
    const N = spec.outFeatures;
    const label = `Linear '${spec.name ?? `Linear(${K}, ${N})`}' (in_features ${K}, out_features ${N})`;
    if (!isCount(K) || !isCount(N)) throw new Error(`${label}: in_features and out_features must be positive integers`);
    if (!(spec.weight instanceof Float32Array)) throw new Error(`${label}: the weight must be a Float32Array [out_features, in_features]`);
    if (spec.weight.length !== N * K)
      throw new Error(
        `${label}: the weight has ${spec.weight.length} elements; [out_features, in_features] = [${N}, ${K}] is ${N * K} (nn.Linear's layout)`,
      );
    const bias = spec.bias ?? null;
    if (bias !== null && !(bias instanceof Float32Array))
      throw new Error(`${label}: the bias must be a Float32Array [out_features] or none`);
    if (bias !== null && bias.length !== N) throw new Error(`${label}: the bias has ${bias.length} elements, not out_features = ${N}`);
    this.block = options.block ?? DEFAULT_BLOCK;
    const { mr, nr } = this.block;
    if (!isCount(mr) || !isCount(nr) || nr % 4 !== 0) throw new Error(`${label}: block ${mr}x${nr}: nr must be a multiple of 4`);
    this.kernel = pickKernel(memory, this.block, options.kernel);
    this.inFeatures = K;
    this.outFeatures = N;

    const kPad = Math.ceil(K / K_STEP) * K_STEP;
    const nPad = Math.ceil(N / nr) * nr;
    const weightAt = memory.allocWeights(kPad * nPad * 4 + (bias === null ? 0 : nPad * 4), label);
    const biasAt = bias === null ? null : weightAt + kPad * nPad * 4;
    this.layout = { label, K, N, kPad, nPad, nr, kc: Math.min(KC, kPad), weightAt, biasAt };
    this.#pack(spec.weight, bias);
  }

  // Panel j holds W's rows j·nr .. j·nr+nr-1 as columns: Bp[(j·kPad + k)·nr + t] = W[(j·nr + t)·K + k]; pads stay 0.
  #pack(w: Float32Array, bias: Float32Array | null): void {
    const { K, N, kPad, nr, weightAt, biasAt } = this.layout;
    const f32 = new Float32Array(this.memory.buffer);
    for (let n = 0; n < N; n++) {
      const base = weightAt / 4 + Math.floor(n / nr) * kPad * nr + (n % nr);
      for (let k = 0; k < K; k++) f32[base + k * nr] = w[n * K + k]!;
    }
    if (bias !== null && biasAt !== null) f32.set(bias, biasAt / 4);
  }

  /**
   * Packs another weight of the same shape in place of this one (no new weights region): for
   * products whose "weight" changes every run, such as attention's Kᵀ and V per head. The bias
   * stays. Refused while a pool's run is in flight on the memory.
   */
  repack(weight: Float32Array): void {
    const { K, N, label } = this.layout;
    if (!(weight instanceof Float32Array) || weight.length !== N * K)
      throw new Error(`${label}: repack needs a Float32Array of [out_features, in_features] = [${N}, ${K}] = ${N * K} elements`);
    this.memory.claim(`${label} (repack)`);
    try {
      this.#pack(weight, null);
    } finally {
      this.memory.release();
    }
  }

  /**
   * y [M, N] for x [M, K] (M ≥ 1 rows), in this thread; into `out` when given (M × N floats: a
   * reused buffer saves allocating one per call, ≈ 3 ms of a 5 MB y's 50 ms here).
   */
  run(x: Float32Array, out?: Float32Array): Float32Array {
    // a synchronous run cannot interleave with another one in this thread, only with a pool's
    this.memory.claim(this.layout.label);
    try {
      const job = this.stage(x);
      this.checkOut(job, out);
      runLinearRows(this.memory.kernel(this.kernel, this.block).macro, this.memory.buffer, this.layout, job, 0, job.M);
      return this.collect(job, out);
    } finally {
      this.memory.release();
    }
  }

  /** Throws unless `out` is none or M × N floats. */
  checkOut(job: LinearJob, out: Float32Array | undefined): void {
    checkOutput(this.layout.label, job.M, this.layout.N, out);
  }

  /** Copies x into the scratch region (growing the memory if needed): the job a thread (or a pool) then runs. */
  stage(x: Float32Array): LinearJob {
    const { K, kPad, nPad, label } = this.layout;
    const M = inputRows(label, K, x);
    const a = this.memory.scratchStart;
    const c = a + Math.ceil((M * kPad * 4) / 64) * 64;
    this.memory.ensure(c + M * nPad * 4, `${label} on ${M} rows (scratch for x and y)`);
    const f32 = new Float32Array(this.memory.buffer);
    if (kPad === K) f32.set(x, a / 4);
    else
      for (let i = 0; i < M; i++) {
        const row = a / 4 + i * kPad;
        f32.set(x.subarray(i * K, (i + 1) * K), row);
        f32.fill(0, row + K, row + kPad);
      }
    return { M, a, c };
  }

  /** y [M, N] out of the scratch region (C's pad columns dropped), into `out` if given (see checkOut). */
  collect(job: LinearJob, out?: Float32Array): Float32Array {
    const { N, nPad } = this.layout;
    const c = new Float32Array(this.memory.buffer, job.c, job.M * nPad);
    const y = out ?? new Float32Array(job.M * N);
    if (nPad === N) y.set(c);
    else for (let i = 0; i < job.M; i++) y.set(c.subarray(i * nPad, i * nPad + N), i * N);
    return y;
  }
}
