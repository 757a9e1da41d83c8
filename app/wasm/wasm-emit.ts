// A tiny WebAssembly binary writer (runs in the page, workers and Node): LEB128 and a function-body
// builder with the few scalar and SIMD instructions the GEMM kernels and activations.ts use (the
// int8 ones are bench/wasm-gemm's; the module around the bodies: wasm-module.ts). No text format and no dependency: gemm-kernels.ts generates every
// micro-kernel from code.

export function uleb(value: number): number[] {
  const out: number[] = [];
  let n = value >>> 0;
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(value: number): number[] {
  const out: number[] = [];
  let n = value | 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** A WebAssembly vector: its length, then its items. */
export const vec = (items: readonly (readonly number[])[]): number[] => [...uleb(items.length), ...items.flat()];

export const I32 = 0x7f;
export const V128 = 0x7b;
type ValType = typeof I32 | typeof V128;

const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  call: 0x10,
  void: 0x40,
  localGet: 0x20,
  globalGet: 0x23,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  i32Eq: 0x46,
  i32LtS: 0x48,
  i32GtU: 0x4b,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
} as const;

/** SIMD opcodes (after the 0xfd prefix, LEB128-encoded), from the SIMD128 and relaxed-SIMD specs. */
const SIMD = {
  v128Load: 0x00,
  load16Splat: 0x08,
  load32Splat: 0x09,
  v128Store: 0x0b,
  v128Const: 0x0c,
  i8x16Shuffle: 0x0d,
  i32x4Splat: 0x11,
  f32x4Splat: 0x13,
  f32x4Ge: 0x46,
  v128And: 0x4e,
  v128Bitselect: 0x52,
  f32x4DemoteF64x2Zero: 0x5e,
  f64x2PromoteLowF32x4: 0x5f,
  f32x4Nearest: 0x6a,
  i32x4Shl: 0xab,
  i16x8ExtendLowI8x16S: 0x87,
  i16x8ExtendHighI8x16S: 0x88,
  i16x8ExtendLowI8x16U: 0x89,
  i32x4Add: 0xae,
  i32x4DotI16x8S: 0xba,
  f32x4Abs: 0xe0,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  f32x4Min: 0xe8,
  f32x4Max: 0xe9,
  f32x4Pmin: 0xea,
  f32x4Pmax: 0xeb,
  f64x2Sqrt: 0xef,
  f64x2Add: 0xf0,
  f64x2Sub: 0xf1,
  f64x2Mul: 0xf2,
  f64x2Div: 0xf3,
  i32x4TruncSatF32x4S: 0xf8,
  f64x2ConvertLowI32x4S: 0xfe,
  f32x4RelaxedMadd: 0x105,
  i16x8RelaxedDotI8x16I7x16S: 0x112,
  i32x4RelaxedDotI8x16I7x16AddS: 0x113,
} as const;

/**
 * A module's v128 constants as mutable globals (wasm-module.ts's `globals`): TurboFan rebuilds a
 * v128.const at every use inside a loop (three instructions on x64), while a mutable global is one
 * load it cannot fold back into a constant. A FunctionBuilder given a pool emits its constants as
 * global.get of the pool's entries.
 */
export class ConstPool {
  readonly #keys = new Map<string, number>();
  readonly #values: (readonly number[])[] = [];

  /** The global index holding these 16 bytes (added once). */
  index(bytes: readonly number[]): number {
    const key = bytes.join(',');
    let i = this.#keys.get(key);
    if (i === undefined) {
      i = this.#values.length;
      this.#values.push([...bytes]);
      this.#keys.set(key, i);
    }
    return i;
  }
  /** Every entry's 16 bytes, by global index. */
  get values(): readonly (readonly number[])[] {
    return this.#values;
  }
}

/** A global section entry: a mutable v128 global initialised by v128.const of these 16 bytes (a ConstPool's entry). */
export function mutableV128Global(bytes: readonly number[]): number[] {
  return [V128, 0x01, 0xfd, ...uleb(SIMD.v128Const), ...bytes, OP.end];
}

/** One function body under construction; locals are numbered after the parameters. */
export class FunctionBuilder {
  private readonly locals: ValType[] = [];
  private readonly code: number[] = [];

  constructor(
    private readonly paramCount: number,
    private readonly pool: ConstPool | null = null,
  ) {}

  local(type: ValType): number {
    this.locals.push(type);
    return this.paramCount + this.locals.length - 1;
  }
  private op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }
  private simd(opcode: number, ...immediates: number[]): this {
    return this.op(0xfd, ...uleb(opcode), ...immediates);
  }
  /** A v128 constant: global.get of the pool's entry when there is a pool, else v128.const. */
  private v128Value(bytes: readonly number[]): this {
    if (this.pool) return this.op(OP.globalGet, ...uleb(this.pool.index(bytes)));
    return this.simd(SIMD.v128Const, ...bytes);
  }
  get(i: number): this {
    return this.op(OP.localGet, ...uleb(i));
  }
  set(i: number): this {
    return this.op(OP.localSet, ...uleb(i));
  }
  tee(i: number): this {
    return this.op(OP.localTee, ...uleb(i));
  }
  i32(n: number): this {
    return this.op(OP.i32Const, ...sleb(n));
  }
  add(): this {
    return this.op(OP.i32Add);
  }
  sub(): this {
    return this.op(OP.i32Sub);
  }
  mul(): this {
    return this.op(OP.i32Mul);
  }
  eq(): this {
    return this.op(OP.i32Eq);
  }
  ltS(): this {
    return this.op(OP.i32LtS);
  }
  /** unsigned a ≥ b (byte offsets: a memory may pass 2 GiB) */
  gtU(): this {
    return this.op(OP.i32GtU);
  }
  geU(): this {
    return this.op(OP.i32GeU);
  }
  /** local[i] += n */
  addImm(i: number, n: number): this {
    return this.get(i).i32(n).add().set(i);
  }
  ifVoid(): this {
    return this.op(OP.if, OP.void);
  }
  else(): this {
    return this.op(OP.else);
  }
  blockVoid(): this {
    return this.op(OP.block, OP.void);
  }
  loopVoid(): this {
    return this.op(OP.loop, OP.void);
  }
  end(): this {
    return this.op(OP.end);
  }
  br(depth: number): this {
    return this.op(OP.br, depth);
  }
  brIf(depth: number): this {
    return this.op(OP.brIf, depth);
  }
  call(fn: number): this {
    return this.op(OP.call, ...uleb(fn));
  }
  // Memory immediates: log2 of the alignment hint, then the static byte offset.
  v128Load(offset: number): this {
    return this.simd(SIMD.v128Load, 4, ...uleb(offset));
  }
  v128Store(offset: number): this {
    return this.simd(SIMD.v128Store, 4, ...uleb(offset));
  }
  load32Splat(offset: number): this {
    return this.simd(SIMD.load32Splat, 2, ...uleb(offset));
  }
  load16Splat(offset: number): this {
    return this.simd(SIMD.load16Splat, 1, ...uleb(offset));
  }
  v128Zero(): this {
    return this.v128Value(new Array<number>(16).fill(0));
  }
  /** v128.const with every i16 lane = 1 */
  i16x8Ones(): this {
    return this.v128Value(Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? 1 : 0)));
  }
  /** v128.const with every f32 lane = value (rounded to float32) */
  f32x4Const(value: number): this {
    return this.v128Value([...new Uint8Array(new Float32Array(4).fill(value).buffer)]);
  }
  /** v128.const with every i32 lane = value */
  i32x4Const(value: number): this {
    return this.v128Value([...new Uint8Array(new Int32Array(4).fill(value).buffer)]);
  }
  /** v128.const with both f64 lanes = value */
  f64x2Const(value: number): this {
    return this.v128Value([...new Uint8Array(new Float64Array(2).fill(value).buffer)]);
  }
  /** i8x16.shuffle(a, b) with lane i = (a ‖ b)[lanes[i]]; given as 4 f32/i32 lanes (each 0..7) */
  shuffle32(lanes: readonly [number, number, number, number]): this {
    return this.simd(SIMD.i8x16Shuffle, ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]));
  }
  /** i32 on the stack → every i32 lane (its bits are an f32 lane's too) */
  i32x4Splat(): this {
    return this.simd(SIMD.i32x4Splat);
  }
  f32x4Splat(): this {
    return this.simd(SIMD.f32x4Splat);
  }
  /** lanes all ones where a ≥ b (false for NaN) */
  f32x4Ge(): this {
    return this.simd(SIMD.f32x4Ge);
  }
  v128And(): this {
    return this.simd(SIMD.v128And);
  }
  /** bitselect(a, b, mask) = (a & mask) | (b & ~mask) */
  v128Bitselect(): this {
    return this.simd(SIMD.v128Bitselect);
  }
  /** f64x2 → f32 lanes 0, 1 (lanes 2, 3 zero) */
  f32x4DemoteF64x2Zero(): this {
    return this.simd(SIMD.f32x4DemoteF64x2Zero);
  }
  /** f32 lanes 0, 1 → f64x2 */
  f64x2PromoteLowF32x4(): this {
    return this.simd(SIMD.f64x2PromoteLowF32x4);
  }
  /** round to the nearest integer, ties to even */
  f32x4Nearest(): this {
    return this.simd(SIMD.f32x4Nearest);
  }
  /** lanes << the i32 on the stack */
  i32x4Shl(): this {
    return this.simd(SIMD.i32x4Shl);
  }
  f32x4Abs(): this {
    return this.simd(SIMD.f32x4Abs);
  }
  f32x4Add(): this {
    return this.simd(SIMD.f32x4Add);
  }
  f32x4Sub(): this {
    return this.simd(SIMD.f32x4Sub);
  }
  f32x4Mul(): this {
    return this.simd(SIMD.f32x4Mul);
  }
  f32x4Div(): this {
    return this.simd(SIMD.f32x4Div);
  }
  /** NaN-propagating minimum */
  f32x4Min(): this {
    return this.simd(SIMD.f32x4Min);
  }
  /** NaN-propagating maximum */
  f32x4Max(): this {
    return this.simd(SIMD.f32x4Max);
  }
  /** pseudo-minimum b < a ? b : a (one minps on x64; f32x4.min's NaN and ±0 rules cost ≈ 8 instructions) */
  f32x4Pmin(): this {
    return this.simd(SIMD.f32x4Pmin);
  }
  /** pseudo-maximum a < b ? b : a */
  f32x4Pmax(): this {
    return this.simd(SIMD.f32x4Pmax);
  }
  f64x2Add(): this {
    return this.simd(SIMD.f64x2Add);
  }
  f64x2Sub(): this {
    return this.simd(SIMD.f64x2Sub);
  }
  f64x2Mul(): this {
    return this.simd(SIMD.f64x2Mul);
  }
  f64x2Div(): this {
    return this.simd(SIMD.f64x2Div);
  }
  f64x2Sqrt(): this {
    return this.simd(SIMD.f64x2Sqrt);
  }
  /** i32 lanes 0, 1 → f64x2 */
  f64x2ConvertLowI32x4S(): this {
    return this.simd(SIMD.f64x2ConvertLowI32x4S);
  }
  /** f32 lanes → i32, truncated toward zero, saturating (NaN → 0) */
  i32x4TruncSatF32x4S(): this {
    return this.simd(SIMD.i32x4TruncSatF32x4S);
  }
  /** relaxed_madd(a, b, c) = a·b + c (fused or not: implementation-defined) */
  f32x4RelaxedMadd(): this {
    return this.simd(SIMD.f32x4RelaxedMadd);
  }
  i16x8ExtendLowI8x16S(): this {
    return this.simd(SIMD.i16x8ExtendLowI8x16S);
  }
  i16x8ExtendHighI8x16S(): this {
    return this.simd(SIMD.i16x8ExtendHighI8x16S);
  }
  i16x8ExtendLowI8x16U(): this {
    return this.simd(SIMD.i16x8ExtendLowI8x16U);
  }
  i32x4Add(): this {
    return this.simd(SIMD.i32x4Add);
  }
  /** lane i = a[2i]·b[2i] + a[2i+1]·b[2i+1] (i16 × i16 → i32, exact) */
  i32x4DotI16x8S(): this {
    return this.simd(SIMD.i32x4DotI16x8S);
  }
  /** lane i = a[2i]·b[2i] + a[2i+1]·b[2i+1] as i16, a signed i8, b "i7" (pmaddubsw on x86: the pair sum saturates) */
  i16x8RelaxedDotI8x16I7x16S(): this {
    return this.simd(SIMD.i16x8RelaxedDotI8x16I7x16S);
  }
  /** lane i = Σ_{j<4} a[4i+j]·b[4i+j] + c[i], a signed i8, b "i7": deterministic only for b in [0, 127] */
  i32x4RelaxedDotI8x16I7x16AddS(): this {
    return this.simd(SIMD.i32x4RelaxedDotI8x16I7x16AddS);
  }
  // linear-int8.ts's epilogue (int8-kernels.ts): i32x4.mul (0xb5) and f32x4.convert_i32x4_s (0xfa, round to nearest)
  i32x4Mul(): this {
    return this.simd(0xb5);
  }
  f32x4ConvertI32x4S(): this {
    return this.simd(0xfa);
  }
  // and its activation quantizer: i16x8.narrow_i32x4_s (0x85), i8x16.narrow_i16x8_s / _u (0x65 / 0x66)
  i16x8NarrowI32x4S(): this {
    return this.simd(0x85);
  }
  i8x16NarrowI16x8S(): this {
    return this.simd(0x65);
  }
  i8x16NarrowI16x8U(): this {
    return this.simd(0x66);
  }

  /** The body as it goes in the code section: size, local declarations, code, end. */
  bytes(): number[] {
    const body = [...vec(this.locals.map((t) => [1, t])), ...this.code, OP.end];
    return [...uleb(body.length), ...body];
  }
}
