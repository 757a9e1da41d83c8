// Generator of the exact int8 GEMM micro-kernels of linear-int8.ts (runs in the page, workers and
// Node): C[mr, nr] (+)= A[mr, kc] · Bpanel[kc, nr] in int32, the loop structure of gemm-kernels.ts
// (mr × nr/4 i32x4 accumulators in locals, A broadcast 4 k at a time, B from a packed panel of
// k quads, UNROLL steps) with one inner step of its own:
//   i8-shift-relaxed  i16x8.relaxed_dot_i8x16_i7x16_s(A s8, B "i7"), then i32x4.dot_i16x8_s by i16 ones
//                     held in a local, + acc (gemm-kernels.ts's i8-relaxed16 form: bench/wasm-gemm found it
//                     ≈ 1.3x the fused i32x4.relaxed_dot_i8x16_i7x16_add_s, which V8 rebuilds the ones for
//                     at every instruction on x64). The SIGNED operand is the activation shifted by
//                     −128 (x_q − 128 ∈ [−128, 127]), the "i7" one the reduce_range weight as
//                     64 + s_n·w_q capped at 127 (s_n = ±1 per column, the sign whose 64 is rarer there;
//                     the rare 128s are fixed afterwards: linear-int8-rows.ts). With the i7 operand's top
//                     bit clear the relaxed instruction's result is defined exactly (no i16 saturation:
//                     a pair sum is at most 2 · 128 · 127 = 32512), so every engine gives the same bits.
//   i8-shift-fused    the same operands in one i32x4.relaxed_dot_i8x16_i7x16_add_s: exact on every engine
//                     too; faster where the engine has a native 4-way dot (x86 VNNI's vpdpbusd: ≈ 3.5x
//                     float32 relaxed_madd here, against 1.9x for the split form), slower on x86 without it
//   i8-u8-fused       i32x4.relaxed_dot_i8x16_i7x16_add_s(B s8 = w_q, A = x_q as u8): the u8 activations
//                     sit in the "i7" operand outside its defined range, so this kernel is exact only where
//                     relaxed-dot-probe.ts finds the engine reading that operand unsigned without
//                     saturation ('u8s8': x86 with VNNI); there it takes any int8 weights, 8-bit ones too.
// gemm-kernels.ts's `i8-dot16` (u8 A × s8 B widened to i16, i32x4.dot_i16x8_s; SIMD128) is the
// exact kernel for 8-bit weights elsewhere and for engines without relaxed SIMD.
// Each module (int8ModuleBytes) also exports `epilogue`: the int32 sums to ONNX Runtime's float32
// y in place, 4 columns at a time (linear-int8-rows.ts's formula, SIMD128 only: the same bits anywhere).
import { closeKernel, KERNEL_PARAMS, macroKernel, microKernel, openKernel, startKernel, UNROLL, type Block } from './gemm-kernels.ts';
import { FunctionBuilder, I32, V128 } from './wasm-emit.ts';
import { moduleBytes } from './wasm-module.ts';

/** k values one step of the kernel consumes (a quad) and the k padding of A and of the panels (UNROLL quads). */
export const SHIFT_K_GROUP = 4;
export const SHIFT_K_STEP = SHIFT_K_GROUP * UNROLL;

// kernel parameters: gemm-kernels.ts's micro-kernels' (a, b, c, kc, lda, ldc, first); its frame opens and closes this one too
const B = 1;
const MACRO_PARAMS = 10;

/** The quad kernels' inner step: the split relaxed form, or the fused instruction with either operand order. */
type QuadStep = 'shift-split' | 'shift-fused' | 'u8-fused';

function quadKernel(mr: number, nr: number, step: QuadStep): FunctionBuilder {
  const nv = nr / 4;
  const frame = openKernel(mr, nv);
  const { f, rowPtr, k, acc } = frame;
  const bv = Array.from({ length: nv }, () => f.local(V128));
  const av = f.local(V128);
  const ones = f.local(V128);
  if (step === 'shift-split') f.i16x8Ones().set(ones);
  startKernel(frame);
  f.loopVoid();
  const bStepBytes = nr * SHIFT_K_GROUP;
  for (let u = 0; u < UNROLL; u++) {
    for (let v = 0; v < nv; v++)
      f.get(B)
        .v128Load(u * bStepBytes + v * 16)
        .set(bv[v]!);
    for (let r = 0; r < mr; r++) {
      f.get(rowPtr[r]!)
        .load32Splat(u * SHIFT_K_GROUP)
        .set(av);
      for (let v = 0; v < nv; v++) {
        const c = acc[r]![v]!;
        switch (step) {
          case 'shift-split':
            // first operand signed (the shifted activations), second the "i7" one (the shifted weights, 0..127):
            // i16 pair sums (|·| ≤ 32512: exact), then pairs of those by a vector of i16 ones held in a local
            f.get(c).get(av).get(bv[v]!).i16x8RelaxedDotI8x16I7x16S().get(ones).i32x4DotI16x8S().i32x4Add().set(c);
            break;
          case 'shift-fused':
            // the same operands, one instruction (vpdpbusd with VNNI, sdot on ARM)
            f.get(av).get(bv[v]!).get(c).i32x4RelaxedDotI8x16I7x16AddS().set(c);
            break;
          case 'u8-fused':
            // the weights (s8) signed, the u8 activations in the "i7" operand: exact only where the engine
            // reads it unsigned without saturating (relaxed-dot-probe.ts's 'u8s8')
            f.get(bv[v]!).get(av).get(c).i32x4RelaxedDotI8x16I7x16AddS().set(c);
            break;
        }
      }
    }
  }
  for (let r = 0; r < mr; r++) f.addImm(rowPtr[r]!, SHIFT_K_GROUP * UNROLL);
  f.addImm(B, bStepBytes * UNROLL);
  f.get(k).i32(SHIFT_K_STEP).sub().tee(k).brIf(0);
  f.end();
  return closeKernel(frame);
}

// epilogue parameters (all i32; pointers are byte offsets, those of columns already at the first column):
//   c (the first row's first column), ldc (bytes), rows, groups (of 4 columns), rowTerms (i32 per row),
//   colTerms (i32 per column), signs (i32 per column), scales (f32 per column), bias (f32 per column, or 0: none)
// y = float32(s_n · (acc + rowTerm_m) + colTerm_n) · scale_n (+ bias_n), each step rounded to float32.
const [EC, ELDC, EROWS, EGROUPS, EROWT, ECOLT, ESIGNS, ESCALES, EBIAS] = [0, 1, 2, 3, 4, 5, 6, 7, 8] as const;
const EPILOGUE_PARAMS = 9;

function epilogue(): FunctionBuilder {
  const f = new FunctionBuilder(EPILOGUE_PARAMS);
  const m = f.local(I32);
  const j = f.local(I32);
  const ap = f.local(I32);
  const o = f.local(I32);
  const rt = f.local(V128);
  const at = (base: number): FunctionBuilder => f.get(base).get(o).add().v128Load(0);
  const columns = (withBias: boolean): void => {
    f.get(EC).set(ap).i32(0).set(o).get(EGROUPS).set(j);
    f.loopVoid();
    f.get(ap);
    f.get(ap).v128Load(0).get(rt).i32x4Add();
    at(ESIGNS).i32x4Mul();
    at(ECOLT).i32x4Add();
    f.f32x4ConvertI32x4S();
    at(ESCALES).f32x4Mul();
    if (withBias) at(EBIAS).f32x4Add();
    f.v128Store(0);
    f.addImm(ap, 16).addImm(o, 16);
    f.get(j).i32(1).sub().tee(j).brIf(0);
    f.end();
  };
  f.get(EROWS).set(m);
  f.loopVoid();
  f.get(EROWT).load32Splat(0).set(rt);
  f.get(EBIAS).ifVoid();
  columns(true);
  f.else();
  columns(false);
  f.end();
  f.get(EC).get(ELDC).add().set(EC);
  f.addImm(EROWT, 4);
  f.get(m).i32(1).sub().tee(m).brIf(0);
  f.end();
  return f;
}

// quantize parameters (i32): src (x as float32 rows of kPad floats), dst (rows of kPad bytes), rows,
//   groups (of 16 values a row), consts (5 v128: scale ×4 f32, zero point ×4 f32, 0 ×4 f32, 255 ×4 f32,
//   −shift ×4 i32), sums (one i32x4 a row: the row's Σ (x_q − shift) in 4 lanes)
// x_q − shift = clamp(nearest(x / scale) + zp, 0, 255) − shift: dynamic-quantize.ts's quantizeRow, 16 at a time.
const [QSRC, QDST, QROWS, QGROUPS, QCONSTS, QSUMS] = [0, 1, 2, 3, 4, 5] as const;
const QUANTIZE_PARAMS = 6;

function quantize(signed: boolean): FunctionBuilder {
  const f = new FunctionBuilder(QUANTIZE_PARAMS);
  const m = f.local(I32);
  const j = f.local(I32);
  const sum = f.local(V128);
  const v = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  const c = (i: number): FunctionBuilder => f.get(QCONSTS).v128Load(i * 16);
  f.get(QROWS).set(m);
  f.loopVoid();
  f.v128Zero().set(sum);
  f.get(QGROUPS).set(j);
  f.loopVoid();
  for (let t = 0; t < 4; t++) {
    f.get(QSRC).v128Load(t * 16);
    c(0).f32x4Div().f32x4Nearest();
    c(1).f32x4Add();
    c(2).f32x4Max();
    c(3).f32x4Min();
    f.i32x4TruncSatF32x4S();
    c(4).i32x4Add().tee(v[t]!);
    f.get(sum).i32x4Add().set(sum);
  }
  f.get(QDST);
  f.get(v[0]!).get(v[1]!).i16x8NarrowI32x4S();
  f.get(v[2]!).get(v[3]!).i16x8NarrowI32x4S();
  if (signed) f.i8x16NarrowI16x8S();
  else f.i8x16NarrowI16x8U();
  f.v128Store(0);
  f.addImm(QSRC, 64).addImm(QDST, 16);
  f.get(j).i32(1).sub().tee(j).brIf(0);
  f.end();
  f.get(QSUMS).get(sum).v128Store(0);
  f.addImm(QSUMS, 16);
  f.get(m).i32(1).sub().tee(m).brIf(0);
  f.end();
  return f;
}

// minmax parameters (i32): src (float32), groups (of 4), out (2 v128: the lane-wise min and max, NaN if any)
function minmax(): FunctionBuilder {
  const f = new FunctionBuilder(3);
  const [src, groups, out] = [0, 1, 2];
  const lo = f.local(V128);
  const hi = f.local(V128);
  f.v128Zero().set(lo).v128Zero().set(hi); // the range always holds 0
  f.loopVoid();
  f.get(src).v128Load(0).get(lo).f32x4Min().set(lo);
  f.get(src).v128Load(0).get(hi).f32x4Max().set(hi);
  f.addImm(src, 16);
  f.get(groups).i32(1).sub().tee(groups).brIf(0);
  f.end();
  f.get(out).get(lo).v128Store(0);
  f.get(out).get(hi).v128Store(16);
  return f;
}

/** The exports of an int8 module: the GEMM's `macro` and the `epilogue` (parameters as above). */
export type Int8ModuleKernel = 'i8-dot16' | 'i8-shift-relaxed' | 'i8-shift-fused' | 'i8-u8-fused';

/** How a kernel's operands are laid out: k values per packing group, and whether A is x_q − 128 with shifted weights. */
export function int8KernelForm(kernel: Int8ModuleKernel): { readonly group: 2 | 4; readonly shifted: boolean } {
  switch (kernel) {
    case 'i8-dot16':
      return { group: 2, shifted: false };
    case 'i8-shift-relaxed':
    case 'i8-shift-fused':
      return { group: 4, shifted: true };
    case 'i8-u8-fused':
      return { group: 4, shifted: false };
  }
}

function kernelBody(kernel: Int8ModuleKernel, mr: number, nr: number): FunctionBuilder {
  switch (kernel) {
    case 'i8-dot16':
      return microKernel(mr, nr, 'i8-dot16');
    case 'i8-shift-relaxed':
      return quadKernel(mr, nr, 'shift-split');
    case 'i8-shift-fused':
      return quadKernel(mr, nr, 'shift-fused');
    case 'i8-u8-fused':
      return quadKernel(mr, nr, 'u8-fused');
  }
}

/**
 * Module bytes for one int8 kernel and block: imports env.mem (shared or not, at most maxPages),
 * exports `macro` (gemm-kernels.ts's macro over this kernel), `epilogue`, `quantize` (its A's form:
 * u8 for i8-dot16 and i8-u8-fused, x_q − 128 as s8 for the shift kernels) and `minmax`.
 */
export function int8ModuleBytes(kernel: Int8ModuleKernel, { mr, nr }: Block, maxPages: number, shared: boolean): Uint8Array<ArrayBuffer> {
  if (nr % 8 !== 0) throw new Error(`${kernel}: nr = ${nr} must be a multiple of 8`);
  const kernels = Array.from({ length: mr }, (_, r) => ({
    type: 0,
    body: kernelBody(kernel, r + 1, nr),
  }));
  return moduleBytes({
    types: [KERNEL_PARAMS, MACRO_PARAMS, EPILOGUE_PARAMS, QUANTIZE_PARAMS, 3],
    functions: [
      ...kernels,
      { type: 1, body: macroKernel(mr, nr) },
      { type: 2, body: epilogue() },
      { type: 3, body: quantize(int8KernelForm(kernel).shifted) },
      { type: 4, body: minmax() },
    ],
    exportName: 'macro',
    exportIndex: mr,
    moreExports: [
      { name: 'epilogue', index: mr + 1 },
      { name: 'quantize', index: mr + 2 },
      { name: 'minmax', index: mr + 3 },
    ],
    maxPages,
    shared,
  });
}
