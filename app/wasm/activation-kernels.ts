// Generator of the element-wise WebAssembly kernels (runs in the page, workers and Node): exp,
// row softmax and exact (erf) GELU in SIMD128 only (no relaxed instructions: the same bits on
// every engine, and Node 20 runs them), four float32 lanes at a time, in place on the one memory.
// Every function takes i32 parameters (byte offsets, counts, an f32's bits) and returns nothing;
// counts of floats are multiples of 4 (activations.ts pads).
//   exp(p, n)                      x ← exp(x)
//   softmax(p, rows, cols, scale)  each row of [rows, cols] ← softmax(scale · row), the row max first
//   gelu(p, n)                     x ← x · ½ · (1 + erf(x / √2))
//   layernorm(p, rows, stride, dim, w, b, eps)  each row ← (x − mean) / √(var + eps) · w + b
import { ConstPool, FunctionBuilder, I32, V128 } from './wasm-emit.ts';
import { moduleBytes } from './wasm-module.ts';

// exp by range reduction: x = n·ln2 + r, |r| ≤ ln2 / 2, e^r by Cephes expf's degree-7 polynomial
// (1 + r + r²·P(r)), 2^n built in the exponent bits. ln2 in two parts (Cody–Waite): n·LN2_HI is
// exact in float32 for |n| ≤ 127, so r carries no cancellation error.
const LOG2E = Math.LOG2E;
const LN2_HI = 0.693359375;
const LN2_LO = -2.1219444e-4;
export const EXP_POLY = [1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1] as const;
/** Below ln(2^-126) the result would be subnormal: it is 0 (so is every NaN lane); n ≥ -126 keeps 2^n's bits normal. */
export const EXP_LOW = -87.33654;
/** Above, the result is exp(EXP_HIGH) ≈ 1.65e38 rather than Inf (n ≤ 127 keeps 2^n finite). */
export const EXP_HIGH = 88;

// erfc(z) = t · exp(-z² + Q(t)), t = 1 / (1 + z/2): Numerical Recipes' Chebyshev fit (≈ 1.2e-7
// relative for every z ≥ 0), what vision-wasm-ops.ts's TypeScript erf uses; erf = 1 - erfc.
export const ERFC_POLY = [
  0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368,
] as const;
const ERFC_C0 = -1.26551223;

/** 1.5 · 2^23: y + ROUND_MAGIC rounds y to the nearest integer, ties to even (as f32x4.nearest), for |y| < 2^22, and its low bits hold it. */
const ROUND_MAGIC = 12582912;

interface ExpLocals {
  readonly clamped: number;
  readonly n: number;
  readonly r: number;
}

function expLocals(f: FunctionBuilder): ExpLocals {
  return { clamped: f.local(V128), n: f.local(V128), r: f.local(V128) };
}

/**
 * Pushes exp(local x) (+ the low part `lo` of x, when x = hi + lo from an exact subtraction: it
 * is added to r, where it is small against |r| and costs no rounding of note). The clamp uses the
 * pseudo min/max (one instruction each on x64) and n its magic-number rounding (two adds, no
 * convert): for every non-NaN x both give f32x4.min/max's and f32x4.nearest's values, and a NaN
 * lane is zeroed by the last step either way.
 */
function emitExp(f: FunctionBuilder, x: number, t: ExpLocals, lo: number | null): void {
  f.get(x).f32x4Const(EXP_LOW).f32x4Pmax().f32x4Const(EXP_HIGH).f32x4Pmin().set(t.clamped);
  // n + ROUND_MAGIC, its bits 0x4B400000 + n (n ∈ [-126, 127] after the clamp)
  f.get(t.clamped).f32x4Const(LOG2E).f32x4Mul().f32x4Const(ROUND_MAGIC).f32x4Add().set(t.n);
  f.get(t.clamped);
  f.get(t.n).f32x4Const(ROUND_MAGIC).f32x4Sub().tee(t.r).f32x4Const(LN2_HI).f32x4Mul().f32x4Sub();
  f.get(t.r).f32x4Const(LN2_LO).f32x4Mul().f32x4Sub();
  if (lo !== null) f.get(lo).f32x4Add();
  f.set(t.r);
  f.f32x4Const(EXP_POLY[0]);
  for (const c of EXP_POLY.slice(1)) f.get(t.r).f32x4Mul().f32x4Const(c).f32x4Add();
  // 1 + r + r²·P(r)
  f.get(t.r).f32x4Mul().get(t.r).f32x4Mul().get(t.r).f32x4Add().f32x4Const(1).f32x4Add();
  // · 2^n: (n + 127) << 23 are its bits; 0x4B400000's bits are all shifted out
  f.get(t.n).i32x4Const(127).i32x4Add().i32(23).i32x4Shl().f32x4Mul();
  // 0 below EXP_LOW and for NaN (the comparison is false)
  f.get(x).f32x4Const(EXP_LOW).f32x4Ge().v128And();
}

/**
 * Vectors per loop step of the element-wise kernels: independent vectors in one step overlap their
 * dependency chains and share each constant's load. The constants are the module's mutable globals
 * (wasm-emit.ts's ConstPool): as v128.const, TurboFan rebuilds each at its use (three instructions
 * on x64, and a GELU step has ≈ 25); in Chromium 150 the globals took GELU 14.7–18.2 → 9.7–12.3 ms,
 * softmax 8.4–10.7 → 6.1–8.3, exp 5.0–5.5 → 2.8–4.0 (577 × 3072 floats; softmax 3,056 rows of 580),
 * the same bits. (Node 20's older V8 runs them a little slower with the globals.)
 */
export const VECTORS_PER_STEP = 3;

/**
 * for (p = from; p < end; p += 16·u) body(p, j) for j < u: u vectors a step while u fit, then one
 * at a time (body(p, 0)); `end`, `p` i32 locals or parameters, body reads and writes at p + 16·j.
 */
function forVectorSteps(f: FunctionBuilder, p: number, from: number, end: number, u: number, body: (j: number) => void): void {
  f.get(from).set(p);
  if (u > 1) {
    f.blockVoid().loopVoid();
    f.get(p)
      .i32(16 * u)
      .add()
      .get(end)
      .gtU()
      .brIf(1);
    for (let j = 0; j < u; j++) body(j);
    f.addImm(p, 16 * u)
      .br(0)
      .end()
      .end();
  }
  f.blockVoid().loopVoid();
  f.get(p).get(end).geU().brIf(1);
  body(0);
  f.addImm(p, 16).br(0).end().end();
}

/** for (p = from; p < end; p += 16) body(p) — `end` and `p` are i32 locals (or parameters). */
function forVectors(f: FunctionBuilder, p: number, from: number, end: number, body: () => void): void {
  forVectorSteps(f, p, from, end, 1, body);
}

/** exp(P, N): the N floats at byte offset P, in place. */
function expFunction(pool: ConstPool | null): FunctionBuilder {
  const [P, N] = [0, 1];
  const f = new FunctionBuilder(2, pool);
  const p = f.local(I32);
  const end = f.local(I32);
  const lanes = Array.from({ length: VECTORS_PER_STEP }, () => ({ x: f.local(V128), t: expLocals(f) }));
  f.get(P).get(N).i32(4).mul().add().set(end);
  forVectorSteps(f, p, P, end, VECTORS_PER_STEP, (j) => {
    const { x, t } = lanes[j]!;
    f.get(p)
      .v128Load(16 * j)
      .set(x);
    f.get(p);
    emitExp(f, x, t, null);
    f.v128Store(16 * j);
  });
  return f;
}

/** lanes ← op(lanes, lanes shuffled [2,3,0,1]) then op(·, [1,0,3,2]): every lane holds the op of all four. */
function horizontal(f: FunctionBuilder, v: number, op: () => void): void {
  f.get(v).get(v).get(v).shuffle32([2, 3, 0, 1]);
  op();
  f.set(v);
  f.get(v).get(v).get(v).shuffle32([1, 0, 3, 2]);
  op();
  f.set(v);
}

/**
 * softmax(P, ROWS, COLS, SCALE): x ← scale · x (rounded to float32, as the graph's Mul), the row
 * max m subtracted exactly (x − m = d + lo by TwoSum: lo goes into exp's r), exp, the sum in
 * float64 (two f64x2 accumulators), then × 1/sum.
 */
function softmaxFunction(pool: ConstPool | null): FunctionBuilder {
  const [P, ROWS, COLS, SCALE] = [0, 1, 2, 3];
  const f = new FunctionBuilder(4, pool);
  const row = f.local(I32);
  const rowsEnd = f.local(I32);
  const end = f.local(I32);
  const p = f.local(I32);
  const scale = f.local(V128);
  const max = f.local(V128);
  const v = f.local(V128);
  const s0 = f.local(V128);
  const s1 = f.local(V128);
  const lanes = Array.from({ length: VECTORS_PER_STEP }, () => ({
    v: f.local(V128),
    d: f.local(V128),
    bb: f.local(V128),
    lo: f.local(V128),
    e: f.local(V128),
    t: expLocals(f),
  }));
  f.get(SCALE).i32x4Splat().set(scale);
  f.get(P).get(ROWS).get(COLS).mul().i32(4).mul().add().set(rowsEnd);
  f.get(P).set(row);
  f.blockVoid().loopVoid();
  f.get(row).get(rowsEnd).geU().brIf(1);
  f.get(row).get(COLS).i32(4).mul().add().set(end);
  // pass 1: scale, store, max
  f.f32x4Const(-Infinity).set(max);
  forVectors(f, p, row, end, () => {
    f.get(p).get(p).v128Load(0).get(scale).f32x4Mul().tee(v).v128Store(0);
    f.get(max).get(v).f32x4Max().set(max);
  });
  horizontal(f, max, () => f.f32x4Max());
  // pass 2: e = exp(x − max), stored; the sum in float64, vector after vector (the order of the adds fixed)
  f.f64x2Const(0).set(s0).f64x2Const(0).set(s1);
  forVectorSteps(f, p, row, end, VECTORS_PER_STEP, (j) => {
    const { v, d, bb, lo, e, t } = lanes[j]!;
    f.get(p)
      .v128Load(16 * j)
      .set(v);
    // TwoSum: d = v − max, lo = (v − (d − bb)) − (max + bb) with bb = d − v
    f.get(v).get(max).f32x4Sub().set(d);
    f.get(d).get(v).f32x4Sub().set(bb);
    f.get(v).get(d).get(bb).f32x4Sub().f32x4Sub().get(max).get(bb).f32x4Add().f32x4Sub().set(lo);
    f.get(p);
    emitExp(f, d, t, lo);
    f.tee(e).v128Store(16 * j);
    // a step's vectors come in order, so the sums' adds keep the row's order
    f.get(s0).get(e).f64x2PromoteLowF32x4().f64x2Add().set(s0);
    f.get(s1).get(e).get(e).shuffle32([2, 3, 0, 1]).f64x2PromoteLowF32x4().f64x2Add().set(s1);
  });
  // 1 / (both lanes of s0 + s1), into every f32 lane
  f.get(s0).get(s1).f64x2Add().set(s0);
  f.get(s0).get(s0).get(s0).shuffle32([2, 3, 0, 1]).f64x2Add().set(s0);
  f.f64x2Const(1).get(s0).f64x2Div().f32x4DemoteF64x2Zero().set(v);
  f.get(v).get(v).shuffle32([0, 0, 0, 0]).set(v);
  // pass 3: × 1/sum
  forVectors(f, p, row, end, () => {
    f.get(p).get(p).v128Load(0).get(v).f32x4Mul().v128Store(0);
  });
  f.get(end).set(row);
  f.br(0).end().end();
  return f;
}

/** gelu(P, N): x ← x · (½ + ½·erf(x/√2)), erf's sign from x, |erf| = 1 − erfc(|x|/√2). */
function geluFunction(pool: ConstPool | null): FunctionBuilder {
  const [P, N] = [0, 1];
  const f = new FunctionBuilder(2, pool);
  const p = f.local(I32);
  const end = f.local(I32);
  const lanes = Array.from({ length: VECTORS_PER_STEP }, () => ({
    x: f.local(V128),
    z: f.local(V128),
    tt: f.local(V128),
    q: f.local(V128),
    t: expLocals(f),
  }));
  f.get(P).get(N).i32(4).mul().add().set(end);
  forVectorSteps(f, p, P, end, VECTORS_PER_STEP, (j) => {
    const { x, z, tt, q, t } = lanes[j]!;
    f.get(p)
      .v128Load(16 * j)
      .set(x);
    f.get(x).f32x4Abs().f32x4Const(Math.SQRT1_2).f32x4Mul().set(z);
    f.f32x4Const(1).f32x4Const(1).get(z).f32x4Const(0.5).f32x4Mul().f32x4Add().f32x4Div().set(tt);
    // q = (−z² + C0) + t·Q(t)
    f.f32x4Const(ERFC_POLY[0]);
    for (const c of ERFC_POLY.slice(1)) f.get(tt).f32x4Mul().f32x4Const(c).f32x4Add();
    f.get(tt).f32x4Mul().set(q);
    f.f32x4Const(ERFC_C0).get(z).get(z).f32x4Mul().f32x4Sub().get(q).f32x4Add().set(q);
    f.get(p);
    // x · (½ + ½·erf): erf = copysign(1 − t·exp(q), x)
    f.get(x);
    f.get(x);
    f.f32x4Const(1).get(tt);
    emitExp(f, q, t, null);
    f.f32x4Mul().f32x4Sub();
    f.i32x4Const(-0x80000000).v128Bitselect();
    f.f32x4Const(0.5).f32x4Mul().f32x4Const(0.5).f32x4Add().f32x4Mul();
    f.v128Store(16 * j);
  });
  return f;
}

/** Sum of the f32 lanes of `x` into the f64x2 accumulators lo (lanes 0, 1) and hi (lanes 2, 3); `d` (f64x2 or null) subtracted and the result squared first. */
function accumulate64(f: FunctionBuilder, x: number, lo: number, hi: number, d: number | null, tmp: number): void {
  for (const [acc, lanes] of [
    [lo, null],
    [hi, [2, 3, 0, 1]],
  ] as const) {
    f.get(acc).get(x);
    if (lanes !== null) f.get(x).shuffle32(lanes);
    f.f64x2PromoteLowF32x4();
    if (d !== null) f.get(d).f64x2Sub().tee(tmp).get(tmp).f64x2Mul();
    f.f64x2Add().set(acc);
  }
}

/**
 * layernorm(P, ROWS, STRIDE, DIM, W, B, EPS): each row of [ROWS, STRIDE] (DIM values, then pad
 * lanes holding 0) ← (x − mean) / √(var + eps) · w + b, mean and biased variance in float64 (two
 * passes; the pads' (0 − mean)² taken off the sum), (x − mean) · inv in float64 rounded once, then
 * × w + b in float32. W and B: STRIDE floats each; EPS: an f32's bits.
 */
function layerNormFunction(pool: ConstPool | null): FunctionBuilder {
  const [P, ROWS, STRIDE, DIM, W, B, EPS] = [0, 1, 2, 3, 4, 5, 6];
  const f = new FunctionBuilder(7, pool);
  const row = f.local(I32);
  const rowsEnd = f.local(I32);
  const end = f.local(I32);
  const p = f.local(I32);
  const k = f.local(I32);
  const x = f.local(V128);
  const s0 = f.local(V128);
  const s1 = f.local(V128);
  const mean = f.local(V128);
  const inv = f.local(V128);
  const dim = f.local(V128);
  const pads = f.local(V128);
  const eps = f.local(V128);
  const tmp = f.local(V128);
  const n0 = f.local(V128);
  f.get(DIM).i32x4Splat().f64x2ConvertLowI32x4S().set(dim);
  f.get(STRIDE).get(DIM).sub().i32x4Splat().f64x2ConvertLowI32x4S().set(pads);
  f.get(EPS).i32x4Splat().f64x2PromoteLowF32x4().set(eps);
  f.get(P).get(ROWS).get(STRIDE).mul().i32(4).mul().add().set(rowsEnd);
  f.get(P).set(row);
  f.blockVoid().loopVoid();
  f.get(row).get(rowsEnd).geU().brIf(1);
  f.get(row).get(STRIDE).i32(4).mul().add().set(end);
  // mean
  f.f64x2Const(0).set(s0).f64x2Const(0).set(s1);
  forVectors(f, p, row, end, () => {
    f.get(p).v128Load(0).set(x);
    accumulate64(f, x, s0, s1, null, tmp);
  });
  f.get(s0).get(s1).f64x2Add().set(s0);
  f.get(s0).get(s0).get(s0).shuffle32([2, 3, 0, 1]).f64x2Add().get(dim).f64x2Div().set(mean);
  // biased variance, less the pads' share, → inv = 1 / √(var + eps)
  f.f64x2Const(0).set(s0).f64x2Const(0).set(s1);
  forVectors(f, p, row, end, () => {
    f.get(p).v128Load(0).set(x);
    accumulate64(f, x, s0, s1, mean, tmp);
  });
  f.get(s0).get(s1).f64x2Add().set(s0);
  f.get(s0).get(s0).get(s0).shuffle32([2, 3, 0, 1]).f64x2Add();
  f.get(pads).get(mean).get(mean).f64x2Mul().f64x2Mul().f64x2Sub().get(dim).f64x2Div();
  f.get(eps).f64x2Add().f64x2Sqrt().set(inv);
  f.f64x2Const(1).get(inv).f64x2Div().set(inv);
  // out = f32((x − mean) · inv) · w + b
  f.get(W).set(k);
  forVectors(f, p, row, end, () => {
    f.get(p).v128Load(0).set(x);
    f.get(x).f64x2PromoteLowF32x4().get(mean).f64x2Sub().get(inv).f64x2Mul().f32x4DemoteF64x2Zero().set(n0);
    f.get(x).get(x).shuffle32([2, 3, 0, 1]).f64x2PromoteLowF32x4().get(mean).f64x2Sub().get(inv).f64x2Mul().f32x4DemoteF64x2Zero();
    f.get(n0).shuffle32([4, 5, 0, 1]).set(n0);
    f.get(p).get(n0).get(k).v128Load(0).f32x4Mul().get(k).get(B).add().get(W).sub().v128Load(0).f32x4Add().v128Store(0);
    f.addImm(k, 16);
  });
  f.get(end).set(row);
  f.br(0).end().end();
  return f;
}

/** The functions' names, in export order (their index too). */
export const ACTIVATIONS = ['exp', 'softmax', 'gelu', 'layernorm'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

/**
 * The module (imports env.mem with `maxPages` at most, shared or not): exports exp, softmax, gelu,
 * layernorm; its constants as mutable globals (the default) or inline v128.const (the same bits).
 */
export function activationModuleBytes(
  maxPages: number,
  shared: boolean,
  constants: 'globals' | 'inline' = 'globals',
): Uint8Array<ArrayBuffer> {
  const pool = constants === 'globals' ? new ConstPool() : null;
  const functions = [
    { type: 0, body: expFunction(pool) },
    { type: 1, body: softmaxFunction(pool) },
    { type: 0, body: geluFunction(pool) },
    { type: 2, body: layerNormFunction(pool) },
  ];
  return moduleBytes({
    types: [2, 4, 7],
    functions,
    globals: pool?.values ?? [],
    exportName: ACTIVATIONS[0],
    exportIndex: 0,
    moreExports: ACTIVATIONS.slice(1).map((name, i) => ({ name, index: i + 1 })),
    maxPages,
    shared,
  });
}

/** An f32 parameter of the kernels (softmax's scale, layernorm's eps) as the i32 of its bits, x rounded to float32 first. */
export function float32Bits(x: number): number {
  return new Int32Array(Float32Array.of(x).buffer)[0]!;
}

/** The module's functions on one memory, in this thread (i32 arguments as documented at the top). */
export type ActivationFns = Record<ActivationName, (...args: number[]) => void>;

/** An instance of activationModuleBytes' module on `memory` (each thread that runs the kernels makes its own). */
export function instantiateActivations(module: WebAssembly.Module, memory: WebAssembly.Memory): ActivationFns {
  const exports = new WebAssembly.Instance(module, { env: { mem: memory } }).exports;
  const pick = (name: ActivationName): ((...args: number[]) => void) => {
    const fn = exports[name];
    if (typeof fn !== 'function') throw new Error(`the activations module exports no function \`${name}\``);
    return (...args) => void fn(...args);
  };
  return { exp: pick('exp'), softmax: pick('softmax'), gelu: pick('gelu'), layernorm: pick('layernorm') };
}
