// Row-local steps of a model's forward pass on the one memory (runs in the calling thread and in
// each pool worker): a list of operations that each read and write rows [r0, r1) of matrices that
// live in the memory (byte offsets, row strides in floats), so that a thread can run a whole stretch
// of a layer on its rows without a message in between: a Linear (x·Wᵀ + b into C, where the next
// step reads it), a copy, a residual add, LayerNorm, exact GELU, and attention (every head's
// softmax(Q_h·K_hᵀ · scale)·V_h for its query rows, read from the qkv Linear's output and written
// into the head's columns of the context). Each row's result does not depend on which rows a
// thread takes (a Linear's k order and the kernels' lanes do not change), so any split of the rows
// gives the bits of one thread. Steps are structured-cloneable: they travel to workers as they are.
import type { ActivationFns } from './activation-kernels.ts';
import { runGemm, type MacroFn } from './gemm-run.ts';
import {
  quantizeDynamicInt8Rows,
  runDynamicInt8Rows,
  type Int8Instance,
  type Int8LinearLayout,
  type Int8RowsJob,
} from './linear-int8-rows.ts';
import { runLinearRows, type LinearJob, type LinearLayout } from './linear-rows.ts';

/** Rows of A per attention chunk: its scores ([chunk, tokens] floats) stay in L2 between the two products. */
export const ATTENTION_CHUNK = 96;
/** K block of the attention products (LinearF32's). */
const KC = 256;

export interface AttentionStep {
  readonly op: 'attention';
  readonly label: string;
  /** the GEMM kernel's key (its instance in the thread runs both products) and its panel width */
  readonly key: string;
  readonly nr: number;
  /** qkv [tokens, qkvStride]: Q in columns [0, D), K in [D, 2D), V in [2D, 3D), D = heads · headDim, head h at h · headDim in each */
  readonly qkv: number;
  readonly qkvStride: number;
  readonly heads: number;
  readonly headDim: number;
  readonly tokens: number;
  /** context [tokens, ctxStride]: head h's output into columns [h · headDim, (h + 1) · headDim) */
  readonly ctx: number;
  readonly ctxStride: number;
  /** the scale's float32 bits (head_dim^-0.5) */
  readonly scaleBits: number;
  /** this thread's own bytes (attentionScratchBytes): K_h and V_h packed as panels, a chunk's scores */
  readonly scratch: number;
}

export type RowStep =
  /** rows of C = A·Wᵀ + b for the Linear of that layout (job.a: A [M, kPad], job.c: C [M, nPad]) */
  | { readonly op: 'linear'; readonly key: string; readonly layout: LinearLayout; readonly job: LinearJob }
  /** rows of to ← rows of from, both [·, width] */
  | { readonly op: 'copy'; readonly label: string; readonly from: number; readonly to: number; readonly width: number }
  /** rows of acc += rows of y, both [·, width] (the residual connection) */
  | { readonly op: 'add'; readonly label: string; readonly acc: number; readonly y: number; readonly width: number }
  /** LayerNorm of rows of x [·, width] in place over their first dim floats (weight and bias: width floats, pads 0; eps's float32 bits) */
  | {
      readonly op: 'layernorm';
      readonly label: string;
      readonly x: number;
      readonly width: number;
      readonly dim: number;
      readonly weight: number;
      readonly bias: number;
      readonly epsBits: number;
    }
  /** exact GELU of rows of x [·, width] in place (width a multiple of 4) */
  | { readonly op: 'gelu'; readonly label: string; readonly x: number; readonly width: number }
  | AttentionStep
  /**
   * the lane-wise min and max (2 v128, the range holding 0) of rows of x [·, width] into `out`: one
   * thread's share of a dynamic-int8 Linear's per-tensor range (each thread its own `out`; the caller
   * combines them and plans the run between two rounds: LinearDynamicInt8.planRun)
   */
  | {
      readonly op: 'minmax';
      readonly label: string;
      readonly key: string;
      readonly x: number;
      readonly width: number;
      readonly out: number;
    }
  /** rows of a dynamic-int8 Linear's run (its job planned): x quantized with the run's parameters, then the integer GEMM and ORT's float steps into C */
  | { readonly op: 'int8-linear'; readonly key: string; readonly layout: Int8LinearLayout; readonly job: Int8RowsJob };

export type RowOp = RowStep['op'];

/** Milliseconds per kind of work, added to by runRowSteps (the calling thread's share of a pool's run, or a whole one-thread run). */
export interface StepTimes {
  linear: number;
  /** attention's products and the packing of K_h and V_h (its softmax is under softmax) */
  attention: number;
  softmax: number;
  layerNorm: number;
  gelu: number;
  residual: number;
}

/** What one thread has to run steps: its instance of each GEMM kernel (by key) and of the activations module. */
export interface ThreadKernels {
  macro(key: string): MacroFn;
  readonly activations: ActivationFns;
  /** its instance of each int8 module (by key: LinearDynamicInt8's `compiled().key`), for int8 steps */
  int8?(key: string): Int8Instance;
}

const pad = (n: number, m: number): number => Math.ceil(n / m) * m;
const KIND: Record<RowOp, keyof StepTimes> = {
  linear: 'linear',
  copy: 'layerNorm',
  add: 'residual',
  layernorm: 'layerNorm',
  gelu: 'gelu',
  attention: 'attention',
  minmax: 'linear',
  'int8-linear': 'linear',
};

/** The bytes one thread's attention scratch takes for `tokens` rows of keys and a head of `headDim`. */
export function attentionScratchBytes(tokens: number, headDim: number, nr: number): number {
  return (pad(tokens, nr) * headDim + pad(tokens, 4) * headDim + ATTENTION_CHUNK * pad(tokens, nr)) * 4;
}

function int8Of(kernels: ThreadKernels, key: string): Int8Instance {
  if (kernels.int8 === undefined) throw new Error(`no int8 kernel ${key} in this thread (it has none)`);
  return kernels.int8(key);
}

/** Runs `steps` in order on rows [r0, r1) in this thread; an error names the step. */
export function runRowSteps(
  kernels: ThreadKernels,
  buffer: ArrayBuffer | SharedArrayBuffer,
  steps: readonly RowStep[],
  r0: number,
  r1: number,
  times?: StepTimes,
): void {
  if (!(Number.isInteger(r0) && Number.isInteger(r1) && 0 <= r0 && r0 < r1)) throw new Error(`rows [${r0}, ${r1}) are not a range of rows`);
  const f32 = new Float32Array(buffer);
  for (const step of steps) {
    const t = times === undefined ? 0 : performance.now();
    const softmaxBefore = times?.softmax ?? 0;
    try {
      runStep(kernels, buffer, f32, step, r0, r1, times);
    } catch (error) {
      const what = step.op === 'linear' || step.op === 'int8-linear' ? step.layout.label : `${step.op} (${step.label})`;
      throw new Error(`${what}, rows [${r0}, ${r1}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    // attention's softmax was counted under softmax already
    if (times !== undefined) times[KIND[step.op]] += performance.now() - t - (times.softmax - softmaxBefore);
  }
}

function runStep(
  kernels: ThreadKernels,
  buffer: ArrayBuffer | SharedArrayBuffer,
  f32: Float32Array,
  step: RowStep,
  r0: number,
  r1: number,
  times: StepTimes | undefined,
): void {
  switch (step.op) {
    case 'linear':
      runLinearRows(kernels.macro(step.key), buffer, step.layout, step.job, r0, r1);
      return;
    case 'int8-linear': {
      const kernel = int8Of(kernels, step.key);
      quantizeDynamicInt8Rows(kernel, buffer, step.layout, step.job, r0, r1);
      runDynamicInt8Rows(kernel, buffer, step.layout, step.job, r0, r1);
      return;
    }
    case 'minmax':
      if (step.width % 4 !== 0) throw new Error(`width ${step.width} is not a multiple of 4`);
      inBounds(f32, step.x, step.width, r1);
      int8Of(kernels, step.key).minmax(step.x + r0 * step.width * 4, ((r1 - r0) * step.width) / 4, step.out);
      return;
    case 'copy':
      inBounds(f32, step.from, step.width, r1);
      inBounds(f32, step.to, step.width, r1);
      f32.copyWithin(step.to / 4 + r0 * step.width, step.from / 4 + r0 * step.width, step.from / 4 + r1 * step.width);
      return;
    case 'add': {
      inBounds(f32, step.acc, step.width, r1);
      inBounds(f32, step.y, step.width, r1);
      const acc = step.acc / 4;
      const y = step.y / 4;
      // float32 + float32 in float64, stored as float32: the correctly rounded float32 sum (what f32.add gives)
      for (let i = r0 * step.width, end = r1 * step.width; i < end; i++) f32[acc + i] = f32[acc + i]! + f32[y + i]!;
      return;
    }
    case 'layernorm':
      if (step.width % 4 !== 0 || step.dim > step.width)
        throw new Error(`width ${step.width} is not a multiple of 4 holding dim ${step.dim}`);
      inBounds(f32, step.x, step.width, r1);
      kernels.activations.layernorm(step.x + r0 * step.width * 4, r1 - r0, step.width, step.dim, step.weight, step.bias, step.epsBits);
      return;
    case 'gelu':
      if (step.width % 4 !== 0) throw new Error(`width ${step.width} is not a multiple of 4`);
      inBounds(f32, step.x, step.width, r1);
      kernels.activations.gelu(step.x + r0 * step.width * 4, (r1 - r0) * step.width);
      return;
    case 'attention':
      attentionRows(kernels, f32, step, r0, r1, times);
      return;
  }
}

function inBounds(f32: Float32Array, at: number, width: number, r1: number): void {
  if (!(at % 4 === 0 && at >= 0 && at / 4 + r1 * width <= f32.length))
    throw new Error(`rows up to ${r1} of width ${width} at byte ${at} are not within the memory's ${f32.length * 4} bytes`);
}

/**
 * softmax(Q_h·K_hᵀ · scale)·V_h for query rows [r0, r1) of every head. Per head, K_h is packed as
 * the panels of a Linear weight [tokens, headDim] and V_h as those of [headDim, tokens] (into this
 * thread's scratch: each thread packs its own copy, so no thread waits for another); then per
 * chunk of rows the scores (C of Q_h read in place from qkv, pad columns set to -Infinity), their
 * softmax in place, and P·V_h (A = the scores, rows padded to a multiple of 4 with the softmax's
 * zeros) straight into the head's columns of ctx. The same products, padding and K blocks as
 * LinearF32 runs them.
 */
function attentionRows(
  kernels: ThreadKernels,
  f32: Float32Array,
  s: AttentionStep,
  r0: number,
  r1: number,
  times: StepTimes | undefined,
): void {
  const { tokens: T, headDim: hd, heads, nr, qkvStride: S } = s;
  const D = heads * hd;
  if (hd % nr !== 0) throw new Error(`head_dim ${hd} is not a multiple of the kernel's ${nr} columns`);
  if (r1 > T) throw new Error(`rows beyond the ${T} tokens`);
  inBounds(f32, s.qkv, S, T);
  inBounds(f32, s.ctx, s.ctxStride, T);
  const nPadT = pad(T, nr);
  const kPadT = pad(T, 4);
  const kp = s.scratch;
  const vp = kp + nPadT * hd * 4;
  const sc = vp + kPadT * hd * 4;
  if (!(sc / 4 + ATTENTION_CHUNK * nPadT <= f32.length)) throw new Error('the attention scratch is not within the memory');
  const macro = kernels.macro(s.key);
  const softmax = kernels.activations.softmax;
  const q0 = s.qkv / 4;
  // pad lanes of the last K panel and pad rows of the V panels: 0, never written below
  f32.fill(0, kp / 4 + (nPadT / nr - 1) * hd * nr, kp / 4 + nPadT * hd);
  for (let j = 0; j < hd / nr; j++) f32.fill(0, vp / 4 + (j * kPadT + T) * nr, vp / 4 + (j + 1) * kPadT * nr);
  for (let h = 0; h < heads; h++) {
    // K_h as weight [out = T, in = hd]: panel j, depth k, lane t ← K[j·nr + t][k]
    const kCol = q0 + D + h * hd;
    for (let n = 0; n < T; n++) {
      const base = kp / 4 + Math.floor(n / nr) * hd * nr + (n % nr);
      const src = kCol + n * S;
      for (let k = 0; k < hd; k++) f32[base + k * nr] = f32[src + k]!;
    }
    // V_hᵀ as weight [out = hd, in = T]: panel j, depth k, lane t ← V[k][j·nr + t]
    const vCol = q0 + 2 * D + h * hd;
    for (let k = 0; k < T; k++) {
      const src = vCol + k * S;
      for (let j = 0; j < hd / nr; j++) {
        const dst = vp / 4 + (j * kPadT + k) * nr;
        for (let t = 0; t < nr; t++) f32[dst + t] = f32[src + j * nr + t]!;
      }
    }
    for (let i0 = r0; i0 < r1; i0 += ATTENTION_CHUNK) {
      const m = Math.min(ATTENTION_CHUNK, r1 - i0);
      runGemm(macro, {
        M: m,
        K: hd,
        N: nPadT,
        nr,
        elementBytes: 4,
        kc: Math.min(KC, hd),
        a: s.qkv + (i0 * S + h * hd) * 4,
        aStride: S,
        b: kp,
        c: sc,
      });
      const t1 = times === undefined ? 0 : performance.now();
      if (nPadT !== T) for (let i = 0; i < m; i++) f32.fill(-Infinity, sc / 4 + i * nPadT + T, sc / 4 + (i + 1) * nPadT);
      softmax(sc, m, nPadT, s.scaleBits);
      if (times !== undefined) times.softmax += performance.now() - t1;
      runGemm(macro, {
        M: m,
        K: kPadT,
        N: hd,
        nr,
        elementBytes: 4,
        kc: Math.min(KC, kPadT),
        a: sc,
        aStride: nPadT,
        b: vp,
        c: s.ctx + (i0 * s.ctxStride + h * hd) * 4,
        cStride: s.ctxStride,
      });
    }
  }
}
