// Generator of the register-blocked GEMM micro-kernels (runs in the page, workers and Node):
// C[mr, nr] (+)= A[mr, kc] · Bpanel[kc, nr], with mr × nr/4 v128 accumulators held in locals across
// the K loop (unrolled UNROLL steps), A broadcast from memory, B read from a packed column panel.
// The variants, one blocking:
//   f32-plain    f32x4.mul + f32x4.add                       (SIMD128)
//   f32-relaxed  f32x4.relaxed_madd                          (relaxed SIMD; an FMA on x86 with FMA3)
//   i8-dot16     u8 A × s8 B → i32: both widened to i16 (i16x8.extend_*), i32x4.dot_i16x8_s, i32x4.add (SIMD128)
//   i8-relaxed   i32x4.relaxed_dot_i8x16_i7x16_add_s(B s8, A "i7", acc)  (relaxed SIMD)
//   i8-relaxed16 i16x8.relaxed_dot_i8x16_i7x16_s(B, A) then i32x4.dot_i16x8_s(·, ones held in a local) + add:
//                the same sum as i8-relaxed in 3 instructions, in case the fused form lowers to more
//   i16-dot16    the same u8/s8 values stored widened to i16 (A as quantized, B as packed): dot_i16x8_s + add
//                with no extends: SIMD128's best case, at twice the bytes of int8
// The fp32 two are what linear-f32.ts runs; the int8 ones are bench/wasm-gemm's (they share the
// loop structure, so they live in the one generator).
import { FunctionBuilder, I32, V128 } from './wasm-emit.ts';
import { moduleBytes } from './wasm-module.ts';

export type Variant = 'f32-plain' | 'f32-relaxed' | 'i8-dot16' | 'i8-relaxed' | 'i8-relaxed16' | 'i16-dot16';
export const VARIANTS: readonly Variant[] = ['f32-plain', 'f32-relaxed', 'i8-dot16', 'i8-relaxed', 'i8-relaxed16', 'i16-dot16'];

export interface Block {
  readonly mr: number;
  readonly nr: number;
}

export const UNROLL = 4;

/** How a variant lays out its operands: bytes per element, and k values consumed per step (the packing group). */
export function variantLayout(variant: Variant): { readonly elementBytes: 1 | 2 | 4; readonly kGroup: 1 | 2 | 4 } {
  switch (variant) {
    case 'f32-plain':
    case 'f32-relaxed':
      return { elementBytes: 4, kGroup: 1 };
    case 'i8-dot16':
      return { elementBytes: 1, kGroup: 2 };
    case 'i8-relaxed':
    case 'i8-relaxed16':
      return { elementBytes: 1, kGroup: 4 };
    case 'i16-dot16':
      return { elementBytes: 2, kGroup: 2 };
  }
}

// kernel parameters (all i32): a, b (packed panel at the current k block), c, kc, lda (bytes), ldc (bytes), first
const [A, B, C, KC, LDA, LDC, FIRST] = [0, 1, 2, 3, 4, 5, 6] as const;
export const KERNEL_PARAMS = 7;

/** A micro-kernel's frame: its parameters (KERNEL_PARAMS), each row's A pointer, the k counter and the mr × nv accumulators. */
export interface KernelFrame {
  readonly f: FunctionBuilder;
  readonly rowPtr: readonly number[];
  readonly k: number;
  readonly acc: readonly (readonly number[])[];
}

/**
 * Opens a micro-kernel (shared with int8-kernels.ts): the row pointers A + r·lda, the
 * accumulators zeroed on the first K block (`first`) or loaded from C, and the k loop counter set to kc.
 */
export function openKernel(mr: number, nv: number): KernelFrame {
  const f = new FunctionBuilder(KERNEL_PARAMS);
  const rowPtr = [A as number];
  for (let r = 1; r < mr; r++) rowPtr.push(f.local(I32));
  const k = f.local(I32);
  const acc = Array.from({ length: mr }, () => Array.from({ length: nv }, () => f.local(V128)));
  return { f, rowPtr, k, acc };
}

/** The row pointers and the accumulators (zero, or C's values when not the first K block), then k = kc. */
export function startKernel({ f, rowPtr, k, acc }: KernelFrame): void {
  for (let r = 1; r < rowPtr.length; r++) f.get(A).get(LDA).i32(r).mul().add().set(rowPtr[r]!);
  f.get(FIRST).ifVoid();
  for (const row of acc) for (const a of row) f.v128Zero().set(a);
  f.else();
  for (const [r, row] of acc.entries())
    for (const [v, a] of row.entries())
      f.get(C)
        .get(LDC)
        .i32(r)
        .mul()
        .add()
        .v128Load(v * 16)
        .set(a);
  f.end();
  f.get(KC).set(k);
}

/** The accumulators stored into C's rows. */
export function closeKernel({ f, acc }: KernelFrame): FunctionBuilder {
  for (const [r, row] of acc.entries())
    for (const [v, a] of row.entries())
      f.get(C)
        .get(LDC)
        .i32(r)
        .mul()
        .add()
        .get(a)
        .v128Store(v * 16);
  return f;
}

export function microKernel(mr: number, nr: number, variant: Variant): FunctionBuilder {
  const { elementBytes, kGroup } = variantLayout(variant);
  const nv = nr / 4; // accumulators per row (4 lanes of f32 or i32 each)
  const frame = openKernel(mr, nv);
  const { f, rowPtr, k, acc } = frame;
  const bv = Array.from({ length: nv }, () => f.local(V128));
  const av = f.local(V128);
  const loaded = f.local(V128);
  const ones = f.local(V128);
  if (variant === 'i8-relaxed16') f.i16x8Ones().set(ones);
  startKernel(frame);
  f.loopVoid();
  const bStepBytes = nr * kGroup * elementBytes;
  const aStepBytes = kGroup * elementBytes;
  for (let u = 0; u < UNROLL; u++) {
    const bOffset = u * bStepBytes;
    if (variant === 'i8-dot16') {
      // 16 bytes = 8 columns × 2 k (s8); each half widens to an i16x8 of 4 columns × 2 k.
      for (let l = 0; l < nv / 2; l++) {
        f.get(B)
          .v128Load(bOffset + l * 16)
          .tee(loaded)
          .i16x8ExtendLowI8x16S()
          .set(bv[2 * l]!);
        f.get(loaded)
          .i16x8ExtendHighI8x16S()
          .set(bv[2 * l + 1]!);
      }
    } else {
      for (let v = 0; v < nv; v++)
        f.get(B)
          .v128Load(bOffset + v * 16)
          .set(bv[v]!);
    }
    for (let r = 0; r < mr; r++) {
      const aOffset = u * aStepBytes;
      if (variant === 'i8-dot16') f.get(rowPtr[r]!).load16Splat(aOffset).i16x8ExtendLowI8x16U().set(av);
      else f.get(rowPtr[r]!).load32Splat(aOffset).set(av);
      for (let v = 0; v < nv; v++) {
        const c = acc[r]![v]!;
        switch (variant) {
          case 'f32-plain':
            f.get(c).get(av).get(bv[v]!).f32x4Mul().f32x4Add().set(c);
            break;
          case 'f32-relaxed':
            f.get(av).get(bv[v]!).get(c).f32x4RelaxedMadd().set(c);
            break;
          case 'i8-dot16':
          case 'i16-dot16':
            f.get(c).get(av).get(bv[v]!).i32x4DotI16x8S().i32x4Add().set(c);
            break;
          case 'i8-relaxed':
            // first operand signed i8 (the weights), second the "i7" one (the activations)
            f.get(bv[v]!).get(av).get(c).i32x4RelaxedDotI8x16I7x16AddS().set(c);
            break;
          case 'i8-relaxed16':
            f.get(c).get(bv[v]!).get(av).i16x8RelaxedDotI8x16I7x16S().get(ones).i32x4DotI16x8S().i32x4Add().set(c);
            break;
        }
      }
    }
  }
  for (let r = 0; r < mr; r++) f.addImm(rowPtr[r]!, aStepBytes * UNROLL);
  f.addImm(B, bStepBytes * UNROLL);
  f.get(k)
    .i32(kGroup * UNROLL)
    .sub()
    .tee(k)
    .brIf(0);
  f.end();
  return closeKernel(frame);
}

// macro parameters: a, bp, c, mrows, npanels, kc, lda, ldc, first, bstride (bytes from one panel to the next)
const MACRO_PARAMS = 10;

/**
 * For each B panel (outer, so the kc × nr panel stays in L1) and each mr-row block of A (inner),
 * call the micro-kernel; the last mrows % mr rows use a smaller one. Kernel r (1..mr) is function r-1.
 */
export function macroKernel(mr: number, nr: number): FunctionBuilder {
  const f = new FunctionBuilder(MACRO_PARAMS);
  const [a, bp, c, mrows, npanels, kc, lda, ldc, first, bstride] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
  const j = f.local(I32);
  const i = f.local(I32);
  const bj = f.local(I32);
  const cj = f.local(I32);
  const ai = f.local(I32);
  const ci = f.local(I32);
  const args = (): FunctionBuilder => f.get(ai).get(bj).get(ci).get(kc).get(lda).get(ldc).get(first);
  f.get(bp).set(bj).get(c).set(cj).get(npanels).set(j);
  f.loopVoid();
  f.get(a).set(ai).get(cj).set(ci).get(mrows).set(i);
  f.blockVoid().loopVoid();
  f.get(i).i32(mr).ltS().brIf(1);
  args().call(mr - 1);
  f.get(ai).get(lda).i32(mr).mul().add().set(ai);
  f.get(ci).get(ldc).i32(mr).mul().add().set(ci);
  f.get(i).i32(mr).sub().set(i);
  f.br(0).end().end();
  for (let r = 1; r < mr; r++) {
    f.get(i).i32(r).eq().ifVoid();
    args().call(r - 1);
    f.end();
  }
  f.get(bj).get(bstride).add().set(bj);
  f.get(cj)
    .i32(nr * 4)
    .add()
    .set(cj); // C is f32 or i32: 4 bytes a column
  f.get(j).i32(1).sub().tee(j).brIf(0);
  f.end();
  return f;
}

/** Module bytes for one variant and block: imports env.mem (shared or not, at most maxPages), exports `macro`. */
export function gemmModuleBytes(variant: Variant, { mr, nr }: Block, maxPages: number, shared: boolean): Uint8Array<ArrayBuffer> {
  if (nr % (variant === 'i8-dot16' ? 8 : 4) !== 0)
    throw new Error(`${variant}: nr = ${nr} must be a multiple of ${variant === 'i8-dot16' ? 8 : 4}`);
  const kernels = Array.from({ length: mr }, (_, r) => ({ type: 0, body: microKernel(r + 1, nr, variant) }));
  return moduleBytes({
    types: [KERNEL_PARAMS, MACRO_PARAMS],
    functions: [...kernels, { type: 1, body: macroKernel(mr, nr) }],
    exportName: 'macro',
    exportIndex: mr,
    maxPages,
    shared,
  });
}
