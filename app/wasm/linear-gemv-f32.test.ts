// GemvLinearF32 in Node (SIMD128 kernel): K in one block gives LinearF32's bits (which
// linear-f32.test.ts checks against float64) for few and many rows, K below, at and across the
// 256 block, with and without bias; a LinearPool (1 in-process worker + the caller) runs it with the
// same bits; repack keeps them.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../shared/seeded-random.ts';
import { GemmMemory } from './gemm-memory.ts';
import { LinearF32, type LinearSpec } from './linear-f32.ts';
import { GemvLinearF32 } from './linear-gemv-f32.ts';
import { linearReference, relativeError } from './linear-reference.ts';
import { LinearPool } from './linear-pool.ts';
import { inProcessWorkers } from './in-process-workers.ts';

const uniform = (random: () => number, n: number): Float32Array => Float32Array.from({ length: n }, () => random() * 2 - 1);

function spec(seed: number, K: number, N: number, bias: boolean): LinearSpec {
  const random = seededRandom(seed);
  return { name: `g${seed}`, inFeatures: K, outFeatures: N, weight: uniform(random, N * K), bias: bias ? uniform(random, N) : null };
}

const inProcess = inProcessWorkers();

describe('GemvLinearF32', () => {
  it.each([
    [1, 1, 5, 3, true],
    [2, 1, 768, 96, true],
    [3, 3, 1000, 37, false],
    [4, 1, 3072, 40, true],
    [5, 7, 257, 17, true],
    [6, 97, 600, 24, false],
  ])('seed %i: M %i, K %i, N %i, bias %s: LinearF32 bits, within 1e-5 of float64, one block of K', async (seed, M, K, N, bias) => {
    const memory = new GemmMemory();
    const s = spec(seed, K, N, bias);
    const blocked = new LinearF32(memory, s, { kernel: 'f32-plain' });
    const gemv = new GemvLinearF32(memory, s, { kernel: 'f32-plain' });
    expect(gemv.layout.kc).toBe(gemv.layout.kPad);
    expect(blocked.layout.kc).toBe(Math.min(256, blocked.layout.kPad));
    const x = uniform(seededRandom(seed + 100), M * K);
    const y = gemv.run(x);
    expect(y).toEqual(blocked.run(x));
    expect(relativeError(y, linearReference(x, s.weight, s.bias ?? null, K, N))).toBeLessThan(1e-5);
    const pool = await LinearPool.create(memory, { workers: 1, spawn: inProcess, callerShare: true });
    try {
      expect(await pool.run(gemv, x)).toEqual(y);
    } finally {
      pool.dispose();
    }
    const other = spec(seed + 1, K, N, bias);
    gemv.repack(other.weight);
    expect(gemv.run(x)).toEqual(new LinearF32(memory, { ...other, bias: s.bias ?? null }, { kernel: 'f32-plain' }).run(x));
  });
});
