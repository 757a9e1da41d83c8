// LinearF32 in Node (SIMD128 mul + add: Node 20 validates relaxed SIMD only behind a flag; the
// relaxed kernel is tested in Chromium, tests/e2e/wasm-linear.spec.ts): seeded shapes against a
// float64 reference, one BLIP shape against onnxruntime-web's Gemm(transB = 1), the errors.
import * as ortWeb from 'onnxruntime-web/wasm';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../onnx/build.ts';
import { intAttr, makeNode } from '../onnx/graph.ts';
import { saveModel } from '../onnx/model.ts';
import { float32Tensor } from '../onnx/tensor.ts';
import { seededRandom } from '../shared/seeded-random.ts';
import { GemmMemory } from './gemm-memory.ts';
import { LinearF32, type LinearSpec } from './linear-f32.ts';
import { linearReference, relativeError } from './linear-reference.ts';

const TOLERANCE = 1e-5;

interface Case {
  readonly seed: number;
  readonly M: number;
  readonly K: number;
  readonly N: number;
  readonly bias: boolean;
}

/** Uniform in [-1, 1) from a seeded generator. */
function uniform(random: () => number, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => random() * 2 - 1);
}

function data({ seed, M, K, N, bias }: Case): { x: Float32Array; spec: LinearSpec } {
  const random = seededRandom(seed);
  const weight = uniform(random, N * K);
  return {
    x: uniform(random, M * K),
    spec: { name: `case-${seed}`, inFeatures: K, outFeatures: N, weight, bias: bias ? uniform(random, N) : null },
  };
}

/** Shapes drawn from the seed: odd sizes on purpose (M across 1..200: the leftover-row kernels and MC = 96; K across 1..600: the K step of 4 and kc = 256; N across 1..70: nr = 8). */
function drawn(seed: number): Case {
  const random = seededRandom(seed * 7919);
  const pick = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  return { seed, M: pick(1, 200), K: pick(1, 600), N: pick(1, 70), bias: random() < 0.5 };
}

const CHOSEN: readonly Case[] = [
  { seed: 101, M: 1, K: 768, N: 2304, bias: true }, // the decoder's case: one row
  { seed: 102, M: 1, K: 3, N: 1, bias: false },
  { seed: 103, M: 97, K: 257, N: 13, bias: true }, // rows across MC, K across kc by one, N not a multiple of 8
  { seed: 104, M: 6, K: 5, N: 8, bias: false },
  { seed: 105, M: 61, K: 770, N: 176, bias: true }, // K not a multiple of 4
];
const CASES = [...CHOSEN, ...Array.from({ length: 12 }, (_, i) => drawn(i + 1))];
const caseName = (c: Case): string => `seed ${c.seed}: M ${c.M}, K ${c.K}, N ${c.N}, ${c.bias ? 'bias' : 'no bias'}`;

describe('LinearF32, SIMD128 kernel, against a float64 reference', () => {
  const memory = new GemmMemory();
  for (const block of [
    { mr: 4, nr: 8 },
    { mr: 6, nr: 8 },
  ]) {
    it.each(CASES.map((c) => [caseName(c), c] as const))(`block ${block.mr}x${block.nr}, %s`, (_, c) => {
      const { x, spec } = data(c);
      const linear = new LinearF32(memory, spec, { kernel: 'f32-plain', block });
      expect(linear.kernel).toBe('f32-plain');
      const y = linear.run(x);
      expect(y.length).toBe(c.M * c.N);
      expect(relativeError(y, linearReference(x, spec.weight, spec.bias ?? null, c.K, c.N))).toBeLessThan(TOLERANCE);
      // the same Linear again (scratch reused, other Linears' weights added since), into a given buffer: the same bits
      const out = new Float32Array(c.M * c.N).fill(Number.NaN);
      expect(linear.run(x, out)).toBe(out);
      expect(out).toEqual(y);
    });
  }

  it('runs on a memory that is not shared, with the same bits', () => {
    const c = CHOSEN[2]!;
    const { x, spec } = data(c);
    const shared = new LinearF32(new GemmMemory({ shared: true }), spec, { kernel: 'f32-plain' }).run(x);
    const plain = new LinearF32(new GemmMemory({ shared: false }), spec, { kernel: 'f32-plain' }).run(x);
    expect(plain).toEqual(shared);
  });

  it('fails when one packed weight is wrong (the test can fail), and passes again once it is restored', () => {
    const c = CHOSEN[4]!;
    const { x, spec } = data(c);
    const memory = new GemmMemory();
    const linear = new LinearF32(memory, spec, { kernel: 'f32-plain' });
    const ref = linearReference(x, spec.weight, spec.bias ?? null, c.K, c.N);
    expect(relativeError(linear.run(x), ref)).toBeLessThan(TOLERANCE);
    const f32 = new Float32Array(memory.buffer);
    const at = linear.layout.weightAt / 4 + 3 * linear.layout.kPad * linear.layout.nr + 100; // panel 3, somewhere inside
    const kept = f32[at]!;
    f32[at] = -kept;
    expect(relativeError(linear.run(x), ref)).toBeGreaterThan(1e-3);
    f32[at] = kept;
    expect(relativeError(linear.run(x), ref)).toBeLessThan(TOLERANCE);
  });

  it('repack: another weight of the same shape in place gives the bits of a fresh Linear with it (the bias kept); a wrong size is refused', () => {
    const c = CHOSEN[2]!; // K 257, N 13: the pad rows and columns must stay 0
    const { x, spec } = data(c);
    const other = data({ ...c, seed: 203 }).spec.weight;
    const memory = new GemmMemory();
    const linear = new LinearF32(memory, spec, { kernel: 'f32-plain' });
    const before = memory.scratchStart;
    linear.repack(other);
    expect(memory.scratchStart).toBe(before);
    const fresh = new LinearF32(new GemmMemory(), { ...spec, weight: other }, { kernel: 'f32-plain' }).run(x);
    expect(linear.run(x)).toEqual(fresh);
    expect(relativeError(fresh, linearReference(x, other, spec.bias ?? null, c.K, c.N))).toBeLessThan(TOLERANCE);
    expect(() => linear.repack(new Float32Array(5))).toThrow(
      "Linear 'case-103' (in_features 257, out_features 13): repack needs a Float32Array of [out_features, in_features] = [13, 257] = 3341 elements",
    );
  });

  it('picks relaxed SIMD only where the engine validates it, and says so when it is asked for and missing', () => {
    const memory = new GemmMemory();
    const { spec } = data(CHOSEN[3]!);
    const relaxed = memory.validates('f32-relaxed', { mr: 4, nr: 8 });
    expect(memory.validates('f32-plain', { mr: 4, nr: 8 })).toBe(true);
    expect(new LinearF32(memory, spec).kernel).toBe(relaxed ? 'f32-relaxed' : 'f32-plain');
    if (relaxed) expect(new LinearF32(memory, spec, { kernel: 'f32-relaxed' }).kernel).toBe('f32-relaxed');
    else expect(() => new LinearF32(memory, spec, { kernel: 'f32-relaxed' })).toThrow(/does not validate relaxed SIMD/);
  });
});

describe('LinearF32 against onnxruntime-web (1 thread) on a BLIP shape', () => {
  it('577 × 768 → 2304 (QKV) with bias: within 1e-5 of Gemm(transB = 1) and of float64', async () => {
    const c: Case = { seed: 577, M: 577, K: 768, N: 2304, bias: true };
    const { x, spec } = data(c);
    const y = new LinearF32(new GemmMemory(), spec, { kernel: 'f32-plain' }).run(x);
    ortWeb.env.wasm.numThreads = 1;
    ortWeb.env.wasm.wasmPaths = new URL('../../node_modules/onnxruntime-web/dist/', import.meta.url).href;
    const model = buildModel({
      inputs: [{ name: 'x', shape: [c.M, c.K] }],
      outputs: [{ name: 'y', shape: [c.M, c.N] }],
      nodes: [makeNode('Gemm', ['x', 'W', 'b'], ['y'], [intAttr('transB', 1)])],
      initializers: [float32Tensor('W', [c.N, c.K], spec.weight), float32Tensor('b', [c.N], spec.bias!)],
      name: 'linear_baseline',
    });
    const session = await ortWeb.InferenceSession.create(saveModel(model));
    const out = await session.run({ x: new ortWeb.Tensor('float32', x, [c.M, c.K]) });
    await session.release();
    const ort = out['y']?.data;
    if (!(ort instanceof Float32Array)) throw new Error('onnxruntime-web gave no float32 y');
    expect(relativeError(y, Float64Array.from(ort))).toBeLessThan(TOLERANCE);
    const ref = linearReference(x, spec.weight, spec.bias ?? null, c.K, c.N);
    expect(relativeError(y, ref)).toBeLessThan(TOLERANCE);
    expect(relativeError(ort, ref)).toBeLessThan(TOLERANCE);
  }, 60_000);
});

describe('LinearF32 errors name the Linear and the shapes', () => {
  const memory = new GemmMemory();
  const weight = new Float32Array(6 * 4);
  it('a weight, bias or input of the wrong size', () => {
    expect(() => new LinearF32(memory, { name: 'fc1', inFeatures: 4, outFeatures: 6, weight: new Float32Array(23) })).toThrow(
      "Linear 'fc1' (in_features 4, out_features 6): the weight has 23 elements; [out_features, in_features] = [6, 4] is 24 (nn.Linear's layout)",
    );
    expect(() => new LinearF32(memory, { name: 'fc1', inFeatures: 4, outFeatures: 6, weight, bias: new Float32Array(4) })).toThrow(
      "Linear 'fc1' (in_features 4, out_features 6): the bias has 4 elements, not out_features = 6",
    );
    expect(() => new LinearF32(memory, { inFeatures: 0, outFeatures: 6, weight })).toThrow(
      "Linear 'Linear(0, 6)' (in_features 0, out_features 6): in_features and out_features must be positive integers",
    );
    const linear = new LinearF32(memory, { name: 'fc1', inFeatures: 4, outFeatures: 6, weight });
    expect(() => linear.run(new Float32Array(10))).toThrow(
      "Linear 'fc1' (in_features 4, out_features 6): the input has 10 elements, not M × 4 for any M ≥ 1 ([M, in_features])",
    );
    expect(() => linear.run(new Float32Array(0))).toThrow(/the input has 0 elements/);
    expect(() => linear.run(new Float32Array(8), new Float32Array(6))).toThrow(
      "Linear 'fc1' (in_features 4, out_features 6): the output buffer has 6 floats, not M × out_features = 2 × 6 Float32Array",
    );
  });

  it('out of memory says how much was needed', () => {
    const small = new GemmMemory({ maxPages: 4 }); // 256 KiB
    expect(() => new LinearF32(small, { name: 'big', inFeatures: 256, outFeatures: 512, weight: new Float32Array(256 * 512) })).toThrow(
      "out of WebAssembly memory: Linear 'big' (in_features 256, out_features 512)'s weights (0.5 MiB) needs 0.5 MiB in all (0.1 MiB now, at most 0.3 MiB): more than the maximum",
    );
    const fits = new LinearF32(small, { name: 'fits', inFeatures: 64, outFeatures: 64, weight: new Float32Array(64 * 64) });
    expect(() => fits.run(new Float32Array(1000 * 64))).toThrow(
      /^out of WebAssembly memory: Linear 'fits' \(in_features 64, out_features 64\) on 1000 rows \(scratch for x and y\) needs 0\.5 MiB in all/,
    );
  });
});
