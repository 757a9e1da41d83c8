// LinearPool's logic in Node, its workers in-process (linearWorkerHandler behind a port that
// answers on a later task, as a worker would): rows split in blocks of mr (or, at small M, the
// column panels) give the bits of one thread's run; a worker's error, a crash and a timeout reject with the Linear named; dispose.
// Real workers in Chromium: tests/e2e/wasm-linear.spec.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../shared/seeded-random.ts';
import { GemmMemory } from './gemm-memory.ts';
import { LinearF32 } from './linear-f32.ts';
import type { ToLinearWorker } from './linear-pool-protocol.ts';
import { LinearPool, type SpawnLinearWorker } from './linear-pool.ts';
import { inProcessWorkers } from './in-process-workers.ts';
import { attentionScratchBytes, runRowSteps, type RowStep } from './row-steps.ts';

const uniform = (random: () => number, n: number): Float32Array => Float32Array.from({ length: n }, () => random() * 2 - 1);

const inProcess = inProcessWorkers;

const pools: LinearPool[] = [];
afterEach(() => {
  for (const p of pools.splice(0)) p.dispose();
});
async function pool(memory: GemmMemory, workers: number, spawn: SpawnLinearWorker, timeoutMs?: number): Promise<LinearPool> {
  const p = await LinearPool.create(memory, { workers, spawn, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
  pools.push(p);
  return p;
}

function linear(memory: GemmMemory, seed: number, K: number, N: number): LinearF32 {
  const random = seededRandom(seed);
  return new LinearF32(
    memory,
    { name: `l${seed}`, inFeatures: K, outFeatures: N, weight: uniform(random, N * K), bias: uniform(random, N) },
    { kernel: 'f32-plain' },
  );
}

describe('LinearPool (in-process workers)', () => {
  it.each([
    [1, 3],
    [2, 1],
    [3, 97],
    [3, 2],
    [4, 61],
    [2, 5],
  ])(
    '%i workers, seed 7, M = %i: the bits of one thread; blocks of mr = 4 rows dealt evenly, or the 3 column panels when blocks are fewer than workers',
    async (workers, M) => {
      const memory = new GemmMemory();
      const seen: ToLinearWorker[] = [];
      const p = await pool(memory, workers, inProcess(undefined, seen));
      const l = linear(memory, 7, 37, 21); // N = 21: 3 panels of 8
      const x = uniform(seededRandom(M), M * 37);
      const y = await p.run(l, x);
      expect(y).toEqual(l.run(x));
      const runs = seen.flatMap((m) => (m.type === 'run' ? [m] : []));
      const blocks = Math.ceil(M / 4);
      const byRows = blocks >= workers;
      // the parts tile [0, M) × [0, 3 panels) without overlap, as evenly as they go
      const units = runs.map((r) => (byRows ? [r.r0 / 4, Math.ceil(r.r1 / 4)] : [r.p0, r.p1]));
      const total = byRows ? blocks : 3;
      expect(units[0]![0]).toBe(0);
      expect(units.at(-1)![1]).toBe(total);
      for (const [i, [from, to]] of units.entries()) {
        if (i > 0) expect(from).toBe(units[i - 1]![1]);
        expect(to! - from!).toBeGreaterThanOrEqual(Math.floor(total / workers));
        expect(to! - from!).toBeLessThanOrEqual(Math.ceil(total / workers));
      }
      expect(runs.length).toBe(Math.min(workers, total));
      for (const r of runs)
        if (byRows) expect([r.p0, r.p1]).toEqual([0, 3]);
        else expect([r.r0, r.r1]).toEqual([0, M]);
      const out = new Float32Array(M * 21);
      expect(await p.run(l, x, out)).toBe(out);
      expect(out).toEqual(y);
    },
  );

  it.each([
    [1, 1],
    [1, 9],
    [2, 97],
  ])('%i worker(s) and the calling thread, M = %i: the bits of one thread; the last share is not posted', async (workers, M) => {
    const memory = new GemmMemory();
    const seen: ToLinearWorker[] = [];
    const p = await LinearPool.create(memory, { workers, spawn: inProcess(undefined, seen), callerShare: true });
    pools.push(p);
    const l = linear(memory, 11, 37, 21);
    const x = uniform(seededRandom(M + 100), M * 37);
    expect(await p.run(l, x)).toEqual(l.run(x));
    const runs = seen.flatMap((m) => (m.type === 'run' ? [m] : []));
    const byRows = Math.ceil(M / 4) >= workers + 1;
    expect(runs.length).toBe(workers);
    // the workers' shares start at 0 and stop short of the end: the rest was the caller's
    const ends = runs.map((r) => (byRows ? r.r1 : r.p1));
    expect(runs.map((r) => (byRows ? r.r0 : r.p0))[0]).toBe(0);
    expect(Math.max(...ends)).toBeLessThan(byRows ? M : 3);
  });

  it('posts every worker its share before the calling thread computes its own (rows and column panels; runSteps too)', async () => {
    const memory = new GemmMemory();
    const seen: ToLinearWorker[] = [];
    const p = await LinearPool.create(memory, { workers: 2, spawn: inProcess(undefined, seen), callerShare: true });
    pools.push(p);
    const l = linear(memory, 13, 37, 21);
    // the calling thread's kernel notes how many shares had been posted when it first ran
    const real = memory.kernel('f32-plain', { mr: 4, nr: 8 });
    const postedAtCallerStart: number[] = [];
    let first = true;
    const kernel = {
      ...real,
      macro: (...args: Parameters<typeof real.macro>): void => {
        if (first) postedAtCallerStart.push(seen.filter((m) => m.type === 'run' || m.type === 'steps').length);
        first = false;
        real.macro(...args);
      },
    };
    memory.kernel = () => kernel;
    for (const M of [97, 1]) {
      first = true;
      seen.length = 0;
      const x = uniform(seededRandom(M), M * 37);
      expect(await p.run(l, x)).toEqual(l.run(x));
    }
    first = true;
    seen.length = 0;
    const at = memory.scratchStart;
    const c = at + 12 * l.layout.kPad * 4;
    memory.ensure(c + 12 * l.layout.nPad * 4, 'the steps test');
    await p.runSteps({
      label: 'a Linear on 12 rows',
      rows: 12,
      kernel,
      steps: () => [{ op: 'linear', key: kernel.key, layout: l.layout, job: { M: 12, a: at, c } }],
    });
    expect(postedAtCallerStart).toEqual([2, 2, 2]);
  });

  it('queues runs (they share the scratch) and refuses a one-thread run or new weights while one is in flight', async () => {
    const memory = new GemmMemory();
    const p = await pool(memory, 2, inProcess());
    const a = linear(memory, 1, 16, 8);
    const b = linear(memory, 2, 40, 24);
    const xa = uniform(seededRandom(3), 5 * 16);
    const xb = uniform(seededRandom(4), 9 * 40);
    const [ya, yb] = await Promise.all([p.run(a, xa), p.run(b, xb)]);
    expect(ya).toEqual(a.run(xa));
    expect(yb).toEqual(b.run(xb));
    const running = p.run(a, xa);
    await Promise.resolve();
    expect(() => b.run(xb)).toThrow(
      "Linear 'l2' (in_features 40, out_features 24): a run of Linear 'l1' (in_features 16, out_features 8) is in flight on this memory (it uses the scratch region)",
    );
    expect(() => linear(memory, 9, 4, 4)).toThrow(
      "Linear 'l9' (in_features 4, out_features 4): cannot add weights while a run of Linear 'l1' (in_features 16, out_features 8) is in flight on this memory (it would overwrite its scratch)",
    );
    await running;
  });

  it("a worker's error rejects the run with the Linear, its rows and the worker's message", async () => {
    const memory = new GemmMemory();
    const p = await pool(
      memory,
      2,
      inProcess((m, request, index) => (request.type === 'run' && index === 1 ? { type: 'error', id: m.id, message: 'boom' } : m)),
    );
    const l = linear(memory, 5, 12, 8);
    await expect(p.run(l, new Float32Array(10 * 12))).rejects.toThrow(
      "Linear 'l5' (in_features 12, out_features 8), rows [8, 10) of 10: boom",
    );
    // the pool still works after a refused request
    const x = uniform(seededRandom(6), 3 * 12);
    expect(await p.run(l, x)).toEqual(l.run(x));
  });

  it('a worker that stops answering: the run times out with the Linear named, and the pool has ended', async () => {
    const memory = new GemmMemory();
    const p = await pool(
      memory,
      2,
      inProcess((m, request) => (request.type === 'run' ? undefined : m)),
      200,
    );
    const l = linear(memory, 8, 8, 8);
    await expect(p.run(l, new Float32Array(8))).rejects.toThrow(
      "Linear 'l8' (in_features 8, out_features 8), rows [0, 1) of 1, columns [0, 8): linear worker 0 did not answer within 200 ms",
    );
    await expect(p.run(l, new Float32Array(8))).rejects.toThrow(
      "Linear 'l8' (in_features 8, out_features 8): the pool has ended: linear worker 0 did not answer within 200 ms",
    );
  });

  it('a message not of the protocol, a crash, and dispose end the pool', async () => {
    const memory = new GemmMemory();
    const garbled = await pool(
      memory,
      1,
      inProcess((m, request) => (request.type === 'run' ? { type: 'done' } : m)),
      1000,
    );
    const l = linear(memory, 9, 8, 8);
    await expect(garbled.run(l, new Float32Array(8))).rejects.toThrow('linear worker 0 posted a message that is not of the protocol');

    // the worker dies once it has the run's request
    const crashing: SpawnLinearWorker = (index, events) => {
      const port = inProcess()(index, events);
      return {
        post: (m) => (m.type === 'run' ? setTimeout(() => events.onCrash('out of memory')) : port.post(m)),
        terminate: port.terminate,
      };
    };
    const c = await pool(memory, 1, crashing);
    await expect(c.run(l, new Float32Array(8))).rejects.toThrow(
      "Linear 'l9' (in_features 8, out_features 8), rows [0, 1) of 1: linear worker 0 crashed: out of memory",
    );

    const d = await pool(memory, 2, inProcess());
    d.dispose();
    await expect(d.run(l, new Float32Array(8))).rejects.toThrow('the pool has ended: it was disposed');
  });

  it('refuses a memory that is not shared, and a Linear of another memory', async () => {
    await expect(LinearPool.create(new GemmMemory({ shared: false }), { workers: 2, spawn: inProcess() })).rejects.toThrow(
      /LinearPool: the memory is not shared/,
    );
    const p = await pool(new GemmMemory(), 1, inProcess());
    await expect(p.run(linear(new GemmMemory(), 1, 4, 4), new Float32Array(4))).rejects.toThrow(/lives in another memory than the pool's/);
  });
});

/**
 * A two-round program on `rows` rows (what a transformer layer's rounds are): qkv = x·Wᵀ + b; then
 * attention (2 heads of 8) → projection → residual add → copy + LayerNorm → fc1 → GELU, on
 * matrices in the memory. `regions(takers)` places them (one attention scratch per taker).
 */
function program(memory: GemmMemory, seed: number, rows: number) {
  const random = seededRandom(seed);
  const D = 16;
  const make = (name: string, K: number, N: number): LinearF32 =>
    new LinearF32(
      memory,
      { name, inFeatures: K, outFeatures: N, weight: uniform(random, N * K), bias: uniform(random, N) },
      { kernel: 'f32-plain' },
    );
  const qkv = make('qkv', D, 3 * D);
  const proj = make('proj', D, D);
  const fc1 = make('fc1', D, 40);
  const lnAt = memory.allocWeights(2 * D * 4, 'ln');
  new Float32Array(memory.buffer, lnAt, 2 * D).set(uniform(random, 2 * D));
  const inputs = Float32Array.from(uniform(random, 2 * rows * D), (v) => 2 * v);
  const key = memory.kernel('f32-plain', { mr: 4, nr: 8 }).key;
  return (takers: number) => {
    let at = memory.scratchStart;
    const take = (floats: number): number => {
      const from = at;
      at += Math.ceil((floats * 4) / 64) * 64;
      return from;
    };
    const [x, h, q, ctx, y, m] = [take(rows * D), take(rows * D), take(rows * 3 * D), take(rows * D), take(rows * D), take(rows * 40)];
    const scratch = Array.from({ length: takers }, () => take(attentionScratchBytes(rows, 8, 8) / 4));
    memory.ensure(at, 'test program');
    const f32 = new Float32Array(memory.buffer);
    f32.set(inputs, x / 4); // x, then h right after it
    f32.fill(0, q / 4, at / 4);
    const lin = (l: LinearF32, a: number, c: number): RowStep => ({ op: 'linear', key, layout: l.layout, job: { M: rows, a, c } });
    const rounds: ((taker: number) => RowStep[])[] = [
      () => [lin(qkv, x, q)],
      (taker) => [
        {
          op: 'attention',
          label: 'attn',
          key,
          nr: 8,
          qkv: q,
          qkvStride: 3 * D,
          heads: 2,
          headDim: 8,
          tokens: rows,
          ctx,
          ctxStride: D,
          scaleBits: 0x3eb504f3,
          scratch: scratch[taker]!,
        },
        lin(proj, ctx, y),
        { op: 'add', label: 'res', acc: h, y, width: D },
        { op: 'copy', label: 'ln', from: h, to: x, width: D },
        { op: 'layernorm', label: 'ln', x, width: D, dim: D, weight: lnAt, bias: lnAt + D * 4, epsBits: 0x3727c5ac },
        lin(fc1, x, m),
        { op: 'gelu', label: 'mlp', x: m, width: 40 },
      ],
    ];
    const result = (): Float32Array =>
      new Float32Array(memory.buffer).slice(x / 4, at / 4 - scratch.length * (attentionScratchBytes(rows, 8, 8) / 4));
    return { rounds, result };
  };
}

describe('LinearPool.runSteps (in-process workers)', () => {
  it.each([
    [1, false, 9],
    [2, false, 97],
    [3, false, 13],
    [3, false, 2],
    [1, true, 97],
    [2, true, 13],
    [1, true, 1],
  ])(
    '%i workers, callerShare %s, %i rows, seed 21: the bits of one thread running the steps on all rows; rows dealt in blocks of 4',
    async (workers, callerShare, rows) => {
      const memory = new GemmMemory();
      const seen: ToLinearWorker[] = [];
      const p = await LinearPool.create(memory, { workers, spawn: inProcess(undefined, seen), callerShare });
      pools.push(p);
      expect(p.takers).toBe(workers + (callerShare ? 1 : 0));
      const prog = program(memory, 21, rows);
      const kernel = memory.kernel('f32-plain', { mr: 4, nr: 8 });
      const one = prog(1);
      for (const steps of one.rounds)
        runRowSteps({ macro: () => kernel.macro, activations: memory.activations().fns }, memory.buffer, steps(0), 0, rows);
      const expected = one.result();
      const pooled = prog(p.takers);
      for (const [i, steps] of pooled.rounds.entries()) await p.runSteps({ label: `round ${i}`, rows, kernel, steps });
      expect(pooled.result()).toEqual(expected);
      const posted = seen.flatMap((m) => (m.type === 'steps' ? [m] : []));
      const blocks = Math.ceil(rows / 4);
      const shares = Math.min(blocks, p.takers);
      // per round: the workers' shares (the caller's is never posted), tiling from row 0 in blocks of 4
      const perRound = posted.length / 2;
      expect(perRound).toBe(Math.min(shares, workers)); // the first takers get the rows; the calling thread is the last
      const round = posted.slice(0, perRound);
      expect(round[0]?.r0).toBe(0);
      for (const [i, m] of round.entries()) {
        expect(m.r0 % 4).toBe(0);
        if (i > 0) expect(m.r0).toBe(round[i - 1]!.r1);
      }
      // the rest, if any, was the calling thread's
      if (!callerShare || blocks < p.takers) expect(round.at(-1)!.r1).toBe(rows);
      if (callerShare && blocks >= p.takers) expect(round.at(-1)!.r1).toBeLessThan(rows);
    },
  );

  it("a step's error in a worker rejects with the run's label, the rows and the step named", async () => {
    const memory = new GemmMemory();
    const p = await pool(memory, 2, inProcess());
    const kernel = memory.kernel('f32-plain', { mr: 4, nr: 8 });
    const at = memory.scratchStart;
    memory.ensure(at + 9 * 6 * 4, 'test');
    await expect(
      p.runSteps({ label: 'layer 3', rows: 9, kernel, steps: () => [{ op: 'gelu', label: 'mlp', x: at, width: 6 }] }),
    ).rejects.toThrow('layer 3, rows [0, 8) of 9: gelu (mlp), rows [0, 8): width 6 is not a multiple of 4');
    const refused = await pool(
      memory,
      1,
      inProcess((m, request) => (request.type === 'steps' ? { type: 'error', id: m.id, message: 'boom' } : m)),
    );
    await expect(refused.runSteps({ label: 'layer 4', rows: 3, kernel, steps: () => [] })).rejects.toThrow(
      'layer 4, rows [0, 3) of 3: boom',
    );
    refused.dispose();
    await expect(refused.runSteps({ label: 'layer 5', rows: 3, kernel, steps: () => [] })).rejects.toThrow(
      'layer 5: the pool has ended: it was disposed',
    );
  });
});
