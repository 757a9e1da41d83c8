/**
 * Scalar emulation of avx_mathfun.h (Cephes-based log256_ps / sincos256_ps) that PyTorch's
 * AVX2 `normal_fill_16_AVX2` uses for float32 randn with >= 16 elements. Every operation is
 * rounded to float32. GCC contracts the intrinsics' multiply-then-add into FMA instructions
 * (-mfma with -ffp-contract=fast), so `fused` selects whether a*b+c is rounded once.
 */
import { f32Bits, f32FromBits } from './half.ts';

const f = Math.fround;

/** float32 fused multiply-add, exactly rounded (a*b is exact in double; the sum is corrected). */
export function fmaf(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const bb = s - p;
  const err = p - (s - bb) + (c - bb);
  const r = f(s);
  const diff = s - r;
  if (err === 0 || diff === 0) return r;
  const other = f32FromBits(f32Bits(r) + (diff > 0 === r > 0 ? 1 : -1));
  if (Math.abs(s - r) * 2 === Math.abs(other - r)) return err > 0 === diff > 0 ? other : r;
  return r;
}

const C = {
  one: 1,
  half: 0.5,
  sqrthf: f(0.7071067811865476) /* C: 0.707106781186547524 */,
  logP: [
    7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1,
    -2.4999993993e-1, 3.3333331174e-1,
  ].map(f),
  logQ1: f(-2.1219444e-4),
  logQ2: f(0.693359375),
  dp1: f(-0.78515625),
  dp2: f(-2.4187564849853515625e-4),
  dp3: f(-3.774894977445941e-8) /* C: -3.77489497744594108e-8 */,
  sincof: [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(f),
  coscof: [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(f),
  fopi: f(1.27323954473516),
};

export interface MathfunOps {
  /** a*b + c */
  madd(a: number, b: number, c: number): number;
  /** c - a*b */
  nmadd(a: number, b: number, c: number): number;
  /** Where two products meet in one add (a*b + c*d), which product GCC fused: 'first' or 'second'. */
  logQ1Fuse: 'first' | 'second';
  cosHalfFuse: 'first' | 'second';
}

export const FUSED: MathfunOps = { madd: fmaf, nmadd: (a, b, c) => fmaf(-a, b, c), logQ1Fuse: 'first', cosHalfFuse: 'first' };
export const UNFUSED: MathfunOps = {
  madd: (a, b, c) => f(f(a * b) + c),
  nmadd: (a, b, c) => f(c - f(a * b)),
  logQ1Fuse: 'first',
  cosHalfFuse: 'first',
};

/** log256_ps for one lane (inputs are in (0, 1] here). */
export function log256(input: number, ops: MathfunOps): number {
  if (!(input > 0)) return NaN; // the invalid mask turns x <= 0 into NaN
  const clamped = Math.max(input, 2 ** -126);
  const bits = f32Bits(clamped);
  let x = f32FromBits((bits & ~0x7f800000) | 0x3f000000);
  let e = f((bits >>> 23) - 0x7f + 1);
  const below = x < C.sqrthf;
  const tmp = below ? x : 0;
  x = f(x - 1);
  e = f(e - (below ? 1 : 0));
  x = f(x + tmp);
  const z = f(x * x);
  let y = C.logP[0]!;
  for (let i = 1; i < 9; i++) y = ops.madd(y, x, C.logP[i]!);
  y = f(y * x);
  // y*z + e*q1: GCC fuses one of the two products into an FMA
  y = ops.logQ1Fuse === 'second' ? ops.madd(e, C.logQ1, f(y * z)) : ops.madd(y, z, f(e * C.logQ1));
  y = ops.nmadd(z, C.half, y);
  x = f(x + y);
  x = ops.madd(e, C.logQ2, x);
  return x;
}

/** sincos256_ps for one lane: [sin, cos]. */
export function sincos256(input: number, ops: MathfunOps): [number, number] {
  const signSin = input < 0 || Object.is(input, -0) ? -1 : 1;
  let x = Math.abs(input);
  let j = Math.trunc(f(x * C.fopi));
  j = (j + 1) & ~1;
  const y = j; // exact small integer
  const swapSin = (j & 4) !== 0;
  const polyIsSin = (j & 2) === 0;
  const swapCos = ((j - 2) & 4) === 0;
  x = ops.madd(y, C.dp1, x);
  x = ops.madd(y, C.dp2, x);
  x = ops.madd(y, C.dp3, x);
  const z = f(x * x);
  let yc = ops.madd(C.coscof[0]!, z, C.coscof[1]!);
  yc = ops.madd(yc, z, C.coscof[2]!);
  yc = f(yc * z);
  // yc*z - z*0.5 (z*0.5 is exact): fused as fma(yc, z, -z/2) or rounded product minus z/2
  yc = ops.cosHalfFuse === 'second' ? ops.nmadd(z, C.half, f(yc * z)) : ops.madd(yc, z, -f(z * C.half));
  yc = f(yc + 1);
  let ys = ops.madd(C.sincof[0]!, z, C.sincof[1]!);
  ys = ops.madd(ys, z, C.sincof[2]!);
  ys = f(ys * z);
  ys = ops.madd(ys, x, x);
  const sinMagnitude = polyIsSin ? ys : yc;
  const cosMagnitude = polyIsSin ? yc : ys;
  const sin = (swapSin ? -1 : 1) * signSin * sinMagnitude;
  const cos = (swapCos ? -1 : 1) * cosMagnitude;
  return [sin, cos];
}
