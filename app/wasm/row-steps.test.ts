// row-steps.ts in Node (one thread; the pool's split of them: linear-pool.test.ts): attention read
// from qkv rows in the memory against a float64 reference, any split of its rows giving the same
// bits; LayerNorm, GELU, copy and the residual add on rows in place giving the bits of Activations
// (and of float32 addition); errors that name the step and its rows. Seeded, the seed in each name.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../shared/seeded-random.ts';
import { Activations } from './activations.ts';
import { GemmMemory } from './gemm-memory.ts';
import { relativeError } from './linear-reference.ts';
import { attentionScratchBytes, runRowSteps, type AttentionStep, type RowStep, type ThreadKernels } from './row-steps.ts';

const BLOCK = { mr: 4, nr: 8 };
const uniform = (random: () => number, n: number, spread = 1): Float32Array =>
  Float32Array.from({ length: n }, () => (random() * 2 - 1) * spread);

/** A memory with `floats` floats of room from the scratch start, the thread's kernels, and a bump allocator over that room (byte offsets). */
function setup(floats: number): {
  memory: GemmMemory;
  kernels: ThreadKernels;
  key: string;
  take: (n: number) => number;
  f32: () => Float32Array;
} {
  const memory = new GemmMemory({ shared: false });
  let at = memory.scratchStart;
  memory.ensure(at + floats * 4 + (1 << 16), 'test');
  const kernel = memory.kernel('f32-plain', BLOCK);
  return {
    memory,
    key: kernel.key,
    kernels: { macro: () => kernel.macro, activations: memory.activations().fns },
    take: (n) => {
      const from = at;
      at += Math.ceil((n * 4) / 64) * 64;
      return from;
    },
    f32: () => new Float32Array(memory.buffer),
  };
}

/** softmax(Q_h·K_hᵀ · scale)·V_h for every head, in float64 from the float32 qkv [T, 3D]. */
function attention64(qkv: Float32Array, T: number, heads: number, hd: number, scale: number): Float64Array {
  const D = heads * hd;
  const out = new Float64Array(T * D);
  const s = new Float64Array(T);
  const sc = Math.fround(scale);
  for (let h = 0; h < heads; h++)
    for (let i = 0; i < T; i++) {
      let max = -Infinity;
      for (let j = 0; j < T; j++) {
        let dot = 0;
        for (let k = 0; k < hd; k++) dot += qkv[i * 3 * D + h * hd + k]! * qkv[j * 3 * D + D + h * hd + k]!;
        s[j] = dot * sc;
        max = Math.max(max, s[j]!);
      }
      let sum = 0;
      for (let j = 0; j < T; j++) sum += s[j] = Math.exp(s[j]! - max);
      for (let d = 0; d < hd; d++) {
        let acc = 0;
        for (let j = 0; j < T; j++) acc += (s[j]! / sum) * qkv[j * 3 * D + 2 * D + h * hd + d]!;
        out[i * D + h * hd + d] = acc;
      }
    }
  return out;
}

describe('row steps (one thread)', () => {
  it.each([
    [13, 2, 8, 101],
    [97, 3, 16, 102],
    [200, 2, 8, 103],
  ])(
    'attention, %i tokens, %i heads of %i, seed %i: within 1e-5 of float64, and rows split anywhere on 4 give the same bits',
    (T, heads, hd, seed) => {
      const D = heads * hd;
      const random = seededRandom(seed);
      const qkv = uniform(random, T * 3 * D, 2);
      const env = setup(T * 3 * D + 2 * T * D + (2 * attentionScratchBytes(T, hd, 8)) / 4 + 64);
      const at = env.take(T * 3 * D);
      const whole = env.take(T * D);
      const parts = env.take(T * D);
      const scratch = [env.take(attentionScratchBytes(T, hd, 8) / 4), env.take(attentionScratchBytes(T, hd, 8) / 4)];
      env.f32().set(qkv, at / 4);
      const step = (ctx: number, taker: number): AttentionStep => ({
        op: 'attention',
        label: 'test',
        key: env.key,
        nr: 8,
        qkv: at,
        qkvStride: 3 * D,
        heads,
        headDim: hd,
        tokens: T,
        ctx,
        ctxStride: D,
        scaleBits: new Int32Array(new Float32Array([hd ** -0.5]).buffer)[0]!,
        scratch: scratch[taker]!,
      });
      runRowSteps(env.kernels, env.memory.buffer, [step(whole, 0)], 0, T);
      const cut = Math.floor(T / 8) * 4; // a multiple of 4, as a pool deals rows
      runRowSteps(env.kernels, env.memory.buffer, [step(parts, 1)], cut, T);
      runRowSteps(env.kernels, env.memory.buffer, [step(parts, 0)], 0, cut);
      const y = env.f32().slice(whole / 4, whole / 4 + T * D);
      expect(relativeError(y, attention64(qkv, T, heads, hd, hd ** -0.5))).toBeLessThan(1e-5);
      expect(env.f32().slice(parts / 4, parts / 4 + T * D)).toEqual(y);
      expect(env.f32().slice(at / 4, at / 4 + T * 3 * D)).toEqual(qkv); // qkv is only read
    },
  );

  it('LayerNorm, GELU, copy and add on rows [r0, r1) in place, seed 5: the bits of Activations and of float32 addition; other rows untouched', () => {
    const rows = 11;
    const width = 24;
    const random = seededRandom(5);
    const h = uniform(random, rows * width, 3);
    const y = uniform(random, rows * width, 3);
    const w = uniform(random, width);
    const b = uniform(random, width);
    const env = setup(6 * rows * width);
    const [hAt, yAt, xAt, wAt, bAt] = [
      env.take(rows * width),
      env.take(rows * width),
      env.take(rows * width),
      env.take(width),
      env.take(width),
    ];
    const mem = env.f32();
    mem.set(h, hAt / 4);
    mem.set(y, yAt / 4);
    mem.fill(7, xAt / 4, xAt / 4 + rows * width);
    mem.set(w, wAt / 4);
    mem.set(b, bAt / 4);
    const eps = 1e-5;
    const steps: RowStep[] = [
      { op: 'add', label: 'residual', acc: hAt, y: yAt, width },
      { op: 'copy', label: 'ln', from: hAt, to: xAt, width },
      {
        op: 'layernorm',
        label: 'ln',
        x: xAt,
        width,
        dim: width,
        weight: wAt,
        bias: bAt,
        epsBits: new Int32Array(new Float32Array([eps]).buffer)[0]!,
      },
      { op: 'gelu', label: 'mlp', x: yAt, width },
    ];
    const [r0, r1] = [4, 9];
    runRowSteps(env.kernels, env.memory.buffer, steps, r0, r1);
    const rowsOf = (a: Float32Array): Float32Array => a.slice(r0 * width, r1 * width);
    const sum = Float32Array.from(rowsOf(h), (v, i) => v + rowsOf(y)[i]!);
    const ln = new Float32Array(sum.length);
    const act = new Activations(new GemmMemory({ shared: false }));
    act.layerNorm(sum, width, w, b, eps, ln);
    const gelu = rowsOf(y);
    act.geluInPlace(gelu);
    const now = env.f32();
    expect(now.slice(hAt / 4 + r0 * width, hAt / 4 + r1 * width)).toEqual(sum);
    expect(now.slice(xAt / 4 + r0 * width, xAt / 4 + r1 * width)).toEqual(ln);
    expect(now.slice(yAt / 4 + r0 * width, yAt / 4 + r1 * width)).toEqual(gelu);
    expect(now.slice(hAt / 4, hAt / 4 + r0 * width)).toEqual(h.slice(0, r0 * width));
    expect(now.slice(yAt / 4 + r1 * width, yAt / 4 + rows * width)).toEqual(y.slice(r1 * width));
    expect(now.slice(xAt / 4, xAt / 4 + r0 * width).every((v) => v === 7)).toBe(true);
  });

  it('errors name the step and its rows', () => {
    const env = setup(64);
    const end = env.memory.bytes;
    expect(() =>
      runRowSteps(env.kernels, env.memory.buffer, [{ op: 'add', label: 'layer 2 mlp residual', acc: end - 64, y: 64, width: 8 }], 0, 5),
    ).toThrow(
      `add (layer 2 mlp residual), rows [0, 5): rows up to 5 of width 8 at byte ${end - 64} are not within the memory's ${end} bytes`,
    );
    expect(() => runRowSteps(env.kernels, env.memory.buffer, [{ op: 'gelu', label: 'mlp', x: 64, width: 6 }], 0, 1)).toThrow(
      'gelu (mlp), rows [0, 1): width 6 is not a multiple of 4',
    );
    const attention: AttentionStep = {
      op: 'attention',
      label: 'layer 0 self_attn',
      key: env.key,
      nr: 8,
      qkv: 64,
      qkvStride: 36,
      heads: 3,
      headDim: 4,
      tokens: 5,
      ctx: 1024,
      ctxStride: 12,
      scaleBits: 0,
      scratch: 2048,
    };
    expect(() => runRowSteps(env.kernels, env.memory.buffer, [attention], 0, 5)).toThrow(
      "attention (layer 0 self_attn), rows [0, 5): head_dim 4 is not a multiple of the kernel's 8 columns",
    );
    expect(() => runRowSteps(env.kernels, env.memory.buffer, [], 3, 3)).toThrow('rows [3, 3) are not a range of rows');
  });
});
