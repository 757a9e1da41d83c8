// nn.Linear under ONNX Runtime's quantize_dynamic, exactly, on the hand-written kernels (runs in the
// calling thread: the kernel's worker later, a page, Node): the weight as app/onnx quantizes a MatMul's
// for the dynamic format (Wᵀ [in, out], symmetric int8, per tensor or per output channel, optionally
// reduce_range; app/models/linear-dynamic-int8.ts does that from nn.Linear's W: app/wasm imports only
// app/shared) is packed into the memory; a run quantizes x per tensor (DynamicQuantizeLinear, dynamic-quantize.ts),
// runs the integer GEMM and ORT's float rescale and bias add (linear-int8-rows.ts). The result is
// the bits onnxruntime gives for the graph app/onnx builds (linear-int8.test.ts).
// Kernels (int8-kernel-choice.ts's pickInt8Kernel): where relaxed-dot-probe.ts finds relaxed_dot reading u8 × s8 exactly (x86
// VNNI), `i8-u8-fused` for any weights; else with reduce_range weights a shift kernel (int8-kernels.ts:
// exact on every engine, the operands kept in relaxed_dot's defined range; fused where the engine's dot
// is a native signed one, split where it saturates int16 pairs); else SIMD128's exact `i8-dot16`.
import type { Block } from './gemm-kernels.ts';
import type { GemmMemory } from './gemm-memory.ts';
import { dynamicQParams, qparamsOfRange, type DynamicQParams } from './dynamic-quantize.ts';
import { int8KernelForm, int8ModuleBytes, SHIFT_K_STEP } from './int8-kernels.ts';
import { pickInt8Kernel } from './int8-kernel-choice.ts';
import { DEFAULT_BLOCK } from './linear-f32.ts';
import { checkOutput, inputRows, isCount } from './linear-rows.ts';
import {
  quantizeDynamicInt8Rows,
  runDynamicInt8Rows,
  type Int8Instance,
  type Int8Kernel,
  type Int8LinearJob,
  type Int8LinearLayout,
  type Int8RowsJob,
} from './linear-int8-rows.ts';

export type { Int8Kernel } from './linear-int8-rows.ts';

/**
 * A Linear's weights as ONNX Runtime's quantize_dynamic stores a MatMul's (app/models/linear-dynamic-int8.ts
 * makes them from nn.Linear's float weight with app/onnx's quantizer): symmetric int8 (zero point 0).
 */
export interface QuantizedLinearSpec {
  /** named in every error; default "Linear(in, out)" */
  readonly name?: string;
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** w_q [in_features, out_features], row-major (Wᵀ: the MatMul weight) */
  readonly q: Int8Array;
  /** the weight scale: 1 value (per tensor) or out_features (per channel) */
  readonly scales: Float32Array;
  readonly bias?: Float32Array | null;
}

/** Where a run's data go (byte offsets in the memory; see Int8RowsJob and LinearDynamicInt8.planRun). */
export interface Int8RunRegions {
  readonly x: number;
  readonly a: number;
  readonly c: number;
  readonly rowTermsAt: number;
  readonly sums: number;
  /** 64-byte aligned, vectorBytes long */
  readonly vectors: number;
}

export interface DynamicInt8Options {
  /** ONNX Runtime's reduce_range: the weights are in [-64, 64] (checked; default false). */
  readonly reduceRange?: boolean;
  /** 'auto' (default): pickInt8Kernel's choice for this engine. */
  readonly kernel?: 'auto' | Int8Kernel;
  readonly block?: Block;
}

/** K block (bytes of a panel row group): 1024 k × nr 8 = 8 KiB of panel stay in L1, like LinearF32's 256 floats. */
const KC = 1024;
const ALIGN = 64;
const alignUp = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;

/** An int8 kernel's module compiled and instantiated on a memory in this thread; `key` names it for a pool's workers. */
export interface CompiledInt8 extends Int8Instance {
  readonly key: string;
  readonly module: WebAssembly.Module;
}

/** The instance of a compiled int8 module on `memory` (a worker makes its own from the module). */
export function instantiateInt8(module: WebAssembly.Module, memory: WebAssembly.Memory): Int8Instance {
  const { macro, epilogue, quantize, minmax } = new WebAssembly.Instance(module, { env: { mem: memory } }).exports;
  if (typeof macro !== 'function' || typeof epilogue !== 'function' || typeof quantize !== 'function' || typeof minmax !== 'function')
    throw new Error('the int8 module lacks one of its exports `macro`, `epilogue`, `quantize`, `minmax`');
  return {
    macro: (...args) => void macro(...args),
    epilogue: (...args) => void epilogue(...args),
    quantize: (...args) => void quantize(...args),
    minmax: (...args) => void minmax(...args),
  };
}

const compiled = new WeakMap<GemmMemory, Map<string, CompiledInt8>>();

/** The module of an int8 kernel and block on a memory, compiled and instantiated once in this thread. */
export function int8Kernel(memory: GemmMemory, kernel: Int8Kernel, block: Block): CompiledInt8 {
  const key = `${kernel} ${block.mr}x${block.nr}`;
  const perMemory = compiled.get(memory) ?? new Map<string, CompiledInt8>();
  compiled.set(memory, perMemory);
  let k = perMemory.get(key);
  if (k === undefined) {
    const module = new WebAssembly.Module(int8ModuleBytes(kernel, block, memory.maxPages, memory.shared));
    k = { key, module, ...instantiateInt8(module, memory.memory) };
    perMemory.set(key, k);
  }
  return k;
}

export class LinearDynamicInt8 {
  readonly layout: Int8LinearLayout;
  readonly kernel: Int8Kernel;
  readonly block: Block;
  readonly granularity: 'tensor' | 'channel';
  readonly reduceRange: boolean;
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** the Linear's name, as in its errors */
  readonly name: string;

  constructor(
    readonly memory: GemmMemory,
    spec: QuantizedLinearSpec,
    options: DynamicInt8Options = {},
  ) {
    const K = spec.inFeatures;
    const N = spec.outFeatures;
    this.name = spec.name ?? `Linear(${K}, ${N})`;
    const label = `dynamic int8 Linear '${this.name}' (in_features ${K}, out_features ${N})`;
    if (!isCount(K) || !isCount(N)) throw new Error(`${label}: in_features and out_features must be positive integers`);
    if (!(spec.q instanceof Int8Array) || spec.q.length !== K * N)
      throw new Error(
        `${label}: the quantized weight must be an Int8Array [in_features, out_features] = [${K}, ${N}] (the MatMul weight), got ${spec.q instanceof Int8Array ? `${spec.q.length} values` : 'another type'}`,
      );
    if (!(spec.scales instanceof Float32Array) || (spec.scales.length !== 1 && spec.scales.length !== N))
      throw new Error(`${label}: the weight scales must be a Float32Array of 1 (per tensor) or out_features = ${N} (per channel) values`);
    const bias = spec.bias ?? null;
    if (bias !== null && !(bias instanceof Float32Array))
      throw new Error(`${label}: the bias must be a Float32Array [out_features] or none`);
    if (bias !== null && bias.length !== N) throw new Error(`${label}: the bias has ${bias.length} elements, not out_features = ${N}`);
    this.granularity = spec.scales.length === N && N > 1 ? 'channel' : 'tensor';
    this.reduceRange = options.reduceRange ?? false;
    if (typeof this.reduceRange !== 'boolean')
      throw new Error(`${label}: reduceRange must be true or false, got ${String(this.reduceRange)}`);
    const bound = this.reduceRange ? 64 : 127;
    for (let i = 0; i < spec.q.length; i++)
      if (Math.abs(spec.q[i]!) > bound)
        throw new Error(
          `${label}: weight value ${spec.q[i]} at [${Math.floor(i / N)}, ${i % N}] is outside [-${bound}, ${bound}] (symmetric int8${this.reduceRange ? ', reduce_range' : ''})`,
        );
    this.block = options.block ?? DEFAULT_BLOCK;
    const { mr, nr } = this.block;
    if (!isCount(mr) || !isCount(nr) || nr % 8 !== 0) throw new Error(`${label}: block ${mr}x${nr}: nr must be a multiple of 8`);
    this.kernel = pickInt8Kernel(memory, this.block, this.reduceRange, options.kernel);
    this.inFeatures = K;
    this.outFeatures = N;
    const w = { q: spec.q, scales: spec.scales };

    const { group: g, shifted } = int8KernelForm(this.kernel);
    // the shift kernel's b = 64 + s_n·w_q must stay ≤ 127: s_n is the sign whose 64 is rarer in the column, the rest are fixes
    const signs = new Int32Array(N).fill(1);
    const fixes: number[] = [];
    if (shifted) {
      const [plus, minus] = [new Int32Array(N), new Int32Array(N)];
      for (let i = 0; i < w.q.length; i++) {
        if (w.q[i] === 64) plus[i % N]!++;
        else if (w.q[i] === -64) minus[i % N]!++;
      }
      for (let n = 0; n < N; n++) signs[n] = plus[n]! <= minus[n]! ? 1 : -1;
      for (let i = 0; i < w.q.length; i++) if (w.q[i] === 64 * signs[i % N]!) fixes.push(Math.floor(i / N), i % N);
    }

    const kPad = Math.ceil(K / SHIFT_K_STEP) * SHIFT_K_STEP;
    const nPad = Math.ceil(N / nr) * nr;
    const panelBytes = alignUp(kPad * nPad);
    const vectorBytes = alignUp(nPad * 4);
    const at = memory.allocWeights(panelBytes + vectorBytes * (bias === null ? 3 : 4) + fixes.length * 4, label);
    const colSumsAt = at + panelBytes;
    const signsAt = colSumsAt + vectorBytes;
    const scalesAt = signsAt + vectorBytes;
    const biasAt = bias === null ? null : scalesAt + vectorBytes;
    const fixAt = scalesAt + vectorBytes * (bias === null ? 1 : 2);
    this.layout = {
      label,
      kernel: this.kernel,
      K,
      N,
      kPad,
      nPad,
      nr,
      kc: Math.min(KC, kPad),
      weightAt: at,
      colSumsAt,
      signsAt,
      scalesAt,
      biasAt,
      fixAt,
      fixCount: fixes.length / 2,
    };
    // Panels: Bp[((j·kPad/g + q)·nr + t)·g + u] = B[q·g + u, j·nr + t] (gemm-run.ts's packB), B = w_q or min(64 + s_n·w_q, 127).
    const bytes = new Int8Array(memory.buffer);
    const colSums = new Int32Array(memory.buffer, colSumsAt, nPad);
    for (let k = 0; k < K; k++)
      for (let n = 0; n < N; n++) {
        const q = w.q[k * N + n]!;
        const j = Math.floor(n / nr);
        bytes[at + ((j * (kPad / g) + Math.floor(k / g)) * nr + (n % nr)) * g + (k % g)] = shifted ? Math.min(64 + signs[n]! * q, 127) : q;
        colSums[n] = colSums[n]! + q;
      }
    new Int32Array(memory.buffer, signsAt, N).set(signs);
    new Float32Array(memory.buffer, scalesAt, nPad).set(this.granularity === 'channel' ? w.scales : new Float32Array(N).fill(w.scales[0]!));
    if (bias !== null && biasAt !== null) new Float32Array(memory.buffer, biasAt, nPad).set(bias);
    new Int32Array(memory.buffer, fixAt, fixes.length).set(fixes);
  }

  /** The compiled kernel of this Linear (in this thread), e.g. for a pool: its key names what workers instantiate. */
  compiled(): CompiledInt8 {
    return int8Kernel(this.memory, this.kernel, this.block);
  }

  /**
   * What the memory holds, unpacked: w_q [in, out] (the MatMul weight's int8 values, as app/onnx
   * stores them) and the weight scales (1 per tensor, out per channel). For tests and inspection.
   */
  weights(): { readonly q: Int8Array; readonly scales: Float32Array } {
    const { K, N, kPad, nr, weightAt, scalesAt } = this.layout;
    const { group: g, shifted } = int8KernelForm(this.kernel);
    const bytes = new Int8Array(this.memory.buffer);
    const signs = new Int32Array(this.memory.buffer, this.layout.signsAt, N);
    const q = new Int8Array(K * N);
    for (let k = 0; k < K; k++)
      for (let n = 0; n < N; n++) {
        const b = bytes[weightAt + ((Math.floor(n / nr) * (kPad / g) + Math.floor(k / g)) * nr + (n % nr)) * g + (k % g)]!;
        q[k * N + n] = shifted ? signs[n]! * (b - 64) : b;
      }
    const fixes = new Int32Array(this.memory.buffer, this.layout.fixAt, 2 * this.layout.fixCount);
    for (let f = 0; f < fixes.length; f += 2) q[fixes[f]! * N + fixes[f + 1]!] = 64 * signs[fixes[f + 1]!]!;
    const all = new Float32Array(this.memory.buffer, scalesAt, N);
    return { q, scales: this.granularity === 'channel' ? Float32Array.from(all) : Float32Array.of(all[0]!) };
  }

  /** y [M, N] for x [M, K] (M ≥ 1 rows), in this thread; into `out` when given (M × N floats). */
  run(x: Float32Array, out?: Float32Array): Float32Array {
    this.memory.claim(this.layout.label);
    try {
      const job = this.stage(x);
      this.checkOut(job, out);
      runDynamicInt8Rows(this.compiled(), this.memory.buffer, this.layout, job, 0, job.M);
      return this.collect(job, out);
    } finally {
      this.memory.release();
    }
  }

  /** Throws unless `out` is none or M × N floats. */
  checkOut(job: Int8LinearJob, out: Float32Array | undefined): void {
    checkOutput(this.layout.label, job.M, this.layout.N, out);
  }

  /** Quantizes x (per tensor: DynamicQuantizeLinear) into the scratch region: the job a thread (or a pool) then runs. */
  stage(x: Float32Array): Int8RowsJob {
    const { K, kPad, label } = this.layout;
    const M = inputRows(label, K, x);
    // x into the scratch (rows of kPad floats, pads 0: they do not change the range, which holds 0),
    // its range and x_q (or x_q − 128) in SIMD; the pad bytes then set to 0 and taken out of the row sums
    const xf = this.memory.scratchStart;
    const a = alignUp(xf + M * kPad * 4);
    const rowTermsAt = alignUp(a + M * kPad);
    const vectors = alignUp(rowTermsAt + M * 4);
    const sums = vectors + this.vectorBytes;
    const rangeAt = sums + M * 16;
    const c = alignUp(rangeAt + 32);
    this.memory.ensure(c + M * this.layout.nPad * 4, `${label} on ${M} rows (scratch for x, x_q and y)`);
    const f32 = new Float32Array(this.memory.buffer);
    if (kPad === K) f32.set(x, xf / 4);
    else
      for (let i = 0; i < M; i++) {
        const row = xf / 4 + i * kPad;
        f32.set(x.subarray(i * K, (i + 1) * K), row);
        f32.fill(0, row + K, row + kPad);
      }
    const kernel = this.compiled();
    kernel.minmax(xf, (M * kPad) / 4, rangeAt);
    const lanes = f32.subarray(rangeAt / 4, rangeAt / 4 + 8);
    const params = this.paramsOf(Math.min(...lanes.subarray(0, 4)), Math.max(...lanes.subarray(4, 8)), x);
    const job = this.planRun(M, params, { x: xf, a, c, rowTermsAt, sums, vectors });
    quantizeDynamicInt8Rows(kernel, this.memory.buffer, this.layout, job, 0, M);
    return job;
  }

  /** Bytes of a run's vectors (column terms, scales, the quantizer's constants) from a 64-byte aligned offset. */
  get vectorBytes(): number {
    return alignUp(this.layout.nPad * 8) + 5 * 16;
  }

  /**
   * DynamicQuantizeLinear's parameters of x's range [lo, hi] (from the `minmax` lanes of all its rows:
   * min and max combine in any order); a non-finite range: the JS pass over x throws, naming the element.
   */
  paramsOf(lo: number, hi: number, x: Float32Array): DynamicQParams {
    return Number.isFinite(lo) && Number.isFinite(hi) ? qparamsOfRange(lo, hi) : dynamicQParams(x, this.layout.label);
  }

  /**
   * A run of M rows with x's parameters: writes the per-run vectors at `at.vectors` (vectorBytes) and
   * returns the job whose rows any thread then quantizes (quantizeDynamicInt8Rows) and multiplies
   * (runDynamicInt8Rows). x (float32 [M, kPad]) at `at.x`; A (M × kPad bytes), C (M × nPad floats),
   * the row terms (M int32) and sums (M × 4 int32) where `at` says.
   */
  planRun(M: number, params: DynamicQParams, at: Int8RunRegions): Int8RowsJob {
    const { N, nPad, colSumsAt } = this.layout;
    const colTermsAt = at.vectors;
    const scalesAt = colTermsAt + nPad * 4;
    const consts = at.vectors + alignUp(nPad * 8);
    const f32 = new Float32Array(this.memory.buffer);
    const shift = int8KernelForm(this.kernel).shifted ? 128 : 0;
    f32.fill(params.scale, consts / 4, consts / 4 + 4);
    f32.fill(params.zeroPoint, consts / 4 + 4, consts / 4 + 8);
    f32.fill(0, consts / 4 + 8, consts / 4 + 12);
    f32.fill(255, consts / 4 + 12, consts / 4 + 16);
    new Int32Array(this.memory.buffer, consts + 64, 4).fill(-shift);
    // ORT multiplies the two scales in float32; the zero point's share of Σ (x_q − x_zp)·w_q is per column
    const colFactor = shift === 128 ? 128 - params.zeroPoint : -params.zeroPoint;
    const colSums = new Int32Array(this.memory.buffer, colSumsAt, N);
    const colTerms = new Int32Array(this.memory.buffer, colTermsAt, nPad).fill(0);
    const wScales = new Float32Array(this.memory.buffer, this.layout.scalesAt, N);
    const scales = new Float32Array(this.memory.buffer, scalesAt, nPad).fill(0);
    for (let n = 0; n < N; n++) {
      colTerms[n] = colFactor * colSums[n]!;
      scales[n] = params.scale * wScales[n]!;
    }
    return {
      M,
      x: at.x,
      a: at.a,
      c: at.c,
      rowTermsAt: at.rowTermsAt,
      sums: at.sums,
      consts,
      colTermsAt,
      scalesAt,
      xScale: params.scale,
      xZeroPoint: params.zeroPoint,
    };
  }

  /** y [M, N] out of the scratch region (C's pad columns dropped), into `out` if given (see checkOut). */
  collect(job: Int8LinearJob, out?: Float32Array): Float32Array {
    const { N, nPad } = this.layout;
    const c = new Float32Array(this.memory.buffer, job.c, job.M * nPad);
    const y = out ?? new Float32Array(job.M * N);
    if (nPad === N) y.set(c);
    else for (let i = 0; i < job.M; i++) y.set(c.subarray(i * nPad, i * nPad + N), i * N);
    return y;
  }
}
