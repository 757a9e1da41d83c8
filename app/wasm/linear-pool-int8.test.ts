// LinearDynamicInt8 through LinearPool in Node, its workers in-process (linearWorkerHandler behind a
// port that answers on a later task, as a worker would): `run` (x quantized per tensor in the calling
// thread, the integer product's rows or panels split) and `runSteps` (a chain int8 → GELU → int8 split
// at each int8 Linear: each thread's min/max of its rows, the caller's planRun, then the quantization
// and the product on each thread's rows) give the bits of one thread's `run` (which are
// onnxruntime-web's: linear-int8.test.ts). Real nested workers in Chromium: tests/e2e/wasm-int8.spec.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../shared/seeded-random.ts';
import { Activations } from './activations.ts';
import { GemmMemory } from './gemm-memory.ts';
import { LinearDynamicInt8 } from './linear-int8.ts';
import { dynamicInt8Reference } from './linear-int8-reference.ts';
import type { ToLinearWorker } from './linear-pool-protocol.ts';
import { LinearPool, type SpawnLinearWorker } from './linear-pool.ts';
import { inProcessWorkers } from './in-process-workers.ts';
import type { RowStep } from './row-steps.ts';

const inProcess = inProcessWorkers;

const pools: LinearPool[] = [];
afterEach(() => {
  for (const p of pools.splice(0)) p.dispose();
});
async function pool(memory: GemmMemory, workers: number, callerShare: boolean, spawn: SpawnLinearWorker): Promise<LinearPool> {
  const p = await LinearPool.create(memory, { workers, spawn, callerShare });
  pools.push(p);
  return p;
}

/** A dynamic-int8 Linear with seeded weights in [-127, 127] (or [-64, 64] with reduce_range) and scales. */
function int8Linear(memory: GemmMemory, seed: number, K: number, N: number, channel: boolean, reduceRange: boolean): LinearDynamicInt8 {
  const random = seededRandom(seed);
  const bound = reduceRange ? 64 : 127;
  const q = Int8Array.from({ length: K * N }, () => Math.round((random() * 2 - 1) * bound));
  const scales = Float32Array.from({ length: channel ? N : 1 }, () => 0.001 + random() * 0.01);
  const bias = Float32Array.from({ length: N }, () => random() * 2 - 1);
  return new LinearDynamicInt8(memory, { name: `int8-${seed}`, inFeatures: K, outFeatures: N, q, scales, bias }, { reduceRange });
}

const uniform = (random: () => number, n: number, lo: number, hi: number): Float32Array =>
  Float32Array.from({ length: n }, () => lo + random() * (hi - lo));

describe('LinearPool.run on LinearDynamicInt8 (in-process workers)', () => {
  it.each([
    [1, false, 1, false, false],
    [2, false, 97, true, false],
    [3, false, 13, false, true],
    [3, false, 2, true, true],
    [1, true, 97, false, true],
    [2, true, 13, true, false],
    [1, true, 1, false, false],
  ])(
    '%i workers, callerShare %s, M = %i, per channel %s, reduce_range %s, seed 31: the bits of one thread and of the reference',
    async (workers, callerShare, M, channel, reduceRange) => {
      const memory = new GemmMemory();
      const seen: ToLinearWorker[] = [];
      const p = await pool(memory, workers, callerShare, inProcess(undefined, seen));
      const l = int8Linear(memory, 31, 37, 21, channel, reduceRange); // K = 37: pads; N = 21: 3 panels of 8
      const x = uniform(seededRandom(M), M * 37, -3, 5);
      const one = l.run(x);
      const { q, scales } = l.weights();
      const b = Float32Array.from({ length: 21 }, (_, n) => bias(l, n));
      expect(one).toEqual(dynamicInt8Reference(x, q, scales, b, M, 37, 21));
      const out = new Float32Array(M * 21);
      const y = await p.run(l, x, out);
      expect(y).toBe(out);
      expect(y).toEqual(one);
      const runs = seen.flatMap((m) => (m.type === 'int8-run' ? [m] : []));
      expect(runs.length).toBe(Math.min(workers, Math.max(Math.ceil(M / 4), 3)));
      expect(seen.filter((m) => m.type === 'int8-kernel').length).toBe(workers); // once per worker
      expect(await p.run(l, x)).toEqual(one); // a second run: the kernel is not sent again
      expect(seen.filter((m) => m.type === 'int8-kernel').length).toBe(workers);
    },
  );

  it("a worker's error names the Linear and its rows; the pool then still runs", async () => {
    const memory = new GemmMemory();
    let fail = true;
    const p = await pool(
      memory,
      2,
      false,
      inProcess((m, request) => (fail && request.type === 'int8-run' && request.r0 > 0 ? { type: 'error', id: m.id, message: 'boom' } : m)),
    );
    const l = int8Linear(memory, 32, 16, 8, false, false);
    const x = uniform(seededRandom(3), 9 * 16, -1, 1);
    await expect(p.run(l, x)).rejects.toThrow("dynamic int8 Linear 'int8-32' (in_features 16, out_features 8), rows [8, 9) of 9: boom");
    fail = false;
    expect(await p.run(l, x)).toEqual(l.run(x));
  });
});

/** The bias as the memory holds it (the Linear keeps no JS copy). */
function bias(l: LinearDynamicInt8, n: number): number {
  const at = l.layout.biasAt;
  if (at === null) return 0;
  return new Float32Array(l.memory.buffer, at, l.layout.nPad)[n]!;
}

describe('LinearPool.runSteps with int8 steps (in-process workers)', () => {
  it.each([
    [1, false, 9, false],
    [2, false, 97, true],
    [3, false, 13, false],
    [3, false, 2, true],
    [1, true, 97, true],
    [2, true, 13, false],
    [1, true, 1, false],
  ])(
    '%i workers, callerShare %s, %i rows, reduce_range %s, seed 41: int8 → GELU → int8 split at each int8 Linear gives the bits of one thread',
    async (workers, callerShare, rows, reduceRange) => {
      const memory = new GemmMemory();
      const p = await pool(memory, workers, callerShare, inProcess());
      const l1 = int8Linear(memory, 41, 32, 48, true, reduceRange);
      const l2 = int8Linear(memory, 42, 48, 21, false, reduceRange);
      const x = uniform(seededRandom(rows), rows * 32, -2, 3);
      // one thread: run, GELU (app/wasm's kernel), run
      const h = l1.run(x);
      new Activations(new GemmMemory({ shared: false })).geluInPlace(h);
      const expected = l2.run(h);

      memory.claim('test');
      try {
        const takers = p.takers;
        let at = memory.scratchStart;
        const take = (bytes: number): number => ((at += Math.ceil(bytes / 64) * 64), at - Math.ceil(bytes / 64) * 64);
        const x0 = take(rows * 32 * 4);
        const a = take(rows * 48);
        const rowTermsAt = take(rows * 4);
        const sums = take(rows * 16);
        const vectors = take(Math.max(l1.vectorBytes, l2.vectorBytes));
        const c1 = take(rows * 48 * 4);
        const c2 = take(rows * 24 * 4);
        const slots = take(takers * 32);
        memory.ensure(at, 'test');
        const f32 = new Float32Array(memory.buffer);
        f32.set(x, x0 / 4);
        const key = l1.compiled().key;
        const plan = (l: LinearDynamicInt8, from: number, width: number, c: number) => {
          const lanes = f32.subarray(slots / 4, slots / 4 + takers * 8);
          let [lo, hi] = [0, 0];
          for (let t = 0; t < takers; t++)
            for (let i = 0; i < 4; i++) [lo, hi] = [Math.min(lo, lanes[8 * t + i]!), Math.max(hi, lanes[8 * t + 4 + i]!)];
          const params = l.paramsOf(lo, hi, f32.subarray(from / 4, from / 4 + rows * width));
          return l.planRun(rows, params, { x: from, a, c, rowTermsAt, sums, vectors });
        };
        const minmax =
          (from: number, width: number) =>
          (t: number): RowStep[] => [{ op: 'minmax', label: 'range', key, x: from, width, out: slots + 32 * t }];
        const run = (label: string, steps: (t: number) => readonly RowStep[]) =>
          p.runSteps({ label, rows, kernel: memory.kernel('f32-plain', { mr: 4, nr: 8 }), int8: [l1.compiled()], steps });
        f32.fill(0, slots / 4, slots / 4 + takers * 8);
        await run('range of x', minmax(x0, 32));
        const job1 = plan(l1, x0, 32, c1);
        f32.fill(0, slots / 4, slots / 4 + takers * 8);
        await run('l1, gelu, range', (t) => [
          { op: 'int8-linear', key, layout: l1.layout, job: job1 },
          { op: 'gelu', label: 'gelu', x: c1, width: 48 },
          ...minmax(c1, 48)(t),
        ]);
        const job2 = plan(l2, c1, 48, c2);
        await run('l2', () => [{ op: 'int8-linear', key, layout: l2.layout, job: job2 }]);
        const y = new Float32Array(rows * 21);
        for (let i = 0; i < rows; i++) y.set(f32.subarray(c2 / 4 + i * 24, c2 / 4 + i * 24 + 21), i * 21);
        expect(y).toEqual(expected);
      } finally {
        memory.release();
      }
    },
  );

  it('an int8 step without its module in the run is refused, naming the run, the rows and the Linear', async () => {
    const memory = new GemmMemory();
    const p = await pool(memory, 1, false, inProcess());
    const l = int8Linear(memory, 43, 16, 8, false, false);
    const job = l.stage(new Float32Array(16 * 3));
    await expect(
      p.runSteps({
        label: 'layer 2',
        rows: 3,
        kernel: memory.kernel('f32-plain', { mr: 4, nr: 8 }),
        steps: () => [{ op: 'int8-linear', key: l.compiled().key, layout: l.layout, job }],
      }),
    ).rejects.toThrow(
      "layer 2, rows [0, 3) of 3: dynamic int8 Linear 'int8-43' (in_features 16, out_features 8), rows [0, 3): no int8 kernel i8-dot16 4x8 instantiated in this worker",
    );
  });
});
