// handoff.ts's mailbox, both sides in one thread (a job posted before the worker side listens), and
// a LinearPool with `handoff` on Node worker_threads (a listening worker blocks its thread): column-split
// runs give one thread's bits, float32 and dynamic int8, across idle exits, row-split runs and errors.
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../shared/seeded-random.ts';
import { GemmMemory } from './gemm-memory.ts';
import { awaitHandoff, listenHandoff, newHandoff, openHandoff, postHandoff, stopHandoff, type ReceivedJob } from './handoff.ts';
import { LinearF32 } from './linear-f32.ts';
import type { LinearLayout } from './linear-rows.ts';
import { LinearDynamicInt8 } from './linear-int8.ts';
import { LinearPool } from './linear-pool.ts';
import type { ToLinearWorker } from './linear-pool-protocol.ts';
import { threadWorkers } from './thread-workers.ts';

const job = { M: 1, a: 64, c: 4_000_000_000, rowTermsAt: 8, colTermsAt: 16, scalesAt: 24, xScale: 0.0123, xZeroPoint: 17 };

describe('handoff mailbox (one thread)', () => {
  it('a posted job reaches the listener with every number (offsets up to 4 GiB), then it leaves when idle', () => {
    const box = newHandoff();
    openHandoff(box);
    const seq = postHandoff(box, { layout: 3, job, r0: 0, r1: 1, p0: 2, p1: 5 });
    expect(seq).toBe(1);
    const got: ReceivedJob[] = [];
    expect(listenHandoff(box, (j) => got.push(j), 5)).toBeNull();
    expect(got).toEqual([{ layout: 3, job, r0: 0, r1: 1, p0: 2, p1: 5 }]);
    expect(awaitHandoff(box, seq!, performance.now() + 1000)).toBe('done');
    // it left (idle): a job is not taken, and stopping is a no-op
    expect(postHandoff(box, { layout: 0, job, r0: 0, r1: 1, p0: 0, p1: 1 })).toBeNull();
    expect(stopHandoff(box)).toBe(false);
  });

  it("a job that throws: the listener leaves with the message, the caller sees 'failed'; reopened, it works again", () => {
    const box = newHandoff();
    openHandoff(box);
    const seq = postHandoff(box, { layout: 0, job, r0: 0, r1: 1, p0: 0, p1: 1 })!;
    expect(
      listenHandoff(
        box,
        () => {
          throw new Error('rows [0, 1) are not within 0 rows');
        },
        5,
      ),
    ).toBe('rows [0, 1) are not within 0 rows');
    expect(awaitHandoff(box, seq, performance.now() + 1000)).toBe('failed');
    openHandoff(box);
    const again = postHandoff(box, { layout: 1, job, r0: 0, r1: 1, p0: 0, p1: 1 })!;
    expect(listenHandoff(box, () => undefined, 5)).toBeNull();
    expect(awaitHandoff(box, again, performance.now() + 1000)).toBe('done');
  });

  it('stop makes a listener leave at once; a job never taken times out at the deadline', () => {
    const box = newHandoff();
    openHandoff(box);
    expect(stopHandoff(box)).toBe(true);
    const t0 = performance.now();
    expect(listenHandoff(box, () => undefined, 10_000)).toBeNull();
    expect(performance.now() - t0).toBeLessThan(1000);
    const other = newHandoff();
    openHandoff(other);
    const seq = postHandoff(other, { layout: 0, job, r0: 0, r1: 1, p0: 0, p1: 1 })!;
    const t1 = performance.now();
    expect(awaitHandoff(other, seq, t1 + 30)).toBe('timed-out');
    expect(performance.now() - t1).toBeGreaterThanOrEqual(29);
  });
});

const uniform = (random: () => number, n: number): Float32Array => Float32Array.from({ length: n }, () => random() * 2 - 1);
const pools: LinearPool[] = [];
afterEach(() => {
  for (const p of pools.splice(0)) p.dispose();
});

describe('LinearPool with handoff (Node worker_threads)', () => {
  for (const [workers, callerShare] of [
    [1, true],
    [2, false],
    [2, true],
  ] as const)
    it(`${workers} worker(s)${callerShare ? ' + the calling thread' : ''}, seed 51: M = 1 and 3 give one thread's bits, float32 and int8, across idle exits and a row-split run`, async () => {
      const memory = new GemmMemory();
      const seen: ToLinearWorker[] = [];
      const p = await LinearPool.create(memory, { workers, spawn: threadWorkers(seen), callerShare, handoff: true, timeoutMs: 30_000 });
      pools.push(p);
      const random = seededRandom(51);
      const f32 = new LinearF32(
        memory,
        { name: 'f', inFeatures: 70, outFeatures: 45, weight: uniform(random, 45 * 70), bias: uniform(random, 45) },
        { kernel: 'f32-plain' },
      );
      const q = Int8Array.from({ length: 70 * 45 }, () => Math.round((random() * 2 - 1) * 127));
      const int8 = new LinearDynamicInt8(memory, {
        name: 'q',
        inFeatures: 70,
        outFeatures: 45,
        q,
        scales: Float32Array.of(0.01),
        bias: uniform(random, 45),
      });
      for (let round = 0; round < 3; round++) {
        for (const M of [1, 3, 1]) {
          const x = uniform(seededRandom(M + round), M * 70);
          expect(await p.run(f32, x)).toEqual(f32.run(x));
          expect(await p.run(int8, x)).toEqual(int8.run(x));
        }
        const big = uniform(seededRandom(97), 97 * 70); // rows split: by message, the listening workers stopped first
        expect(await p.run(f32, big)).toEqual(f32.run(big));
        await new Promise((r) => setTimeout(r, 40)); // longer than HANDOFF_IDLE_MS: the workers leave listening
      }
      // the M = 1 and 3 runs went through the mailboxes: only the 97-row runs were posted as messages, and each
      // worker was set listening again after each idle exit and each row-split run
      const count = (type: string): number => seen.filter((m) => m.type === type).length;
      expect([count('run'), count('int8-run')]).toEqual([3 * Math.min(workers, Math.ceil(97 / 4)), 0]);
      expect(count('listen')).toBeGreaterThanOrEqual(3 * workers);
      expect(count('layout')).toBe(2 * workers);
    }, 60_000);

  it("a worker's failing job rejects the run naming the Linear, its columns and the worker's message; the pool runs on", async () => {
    const memory = new GemmMemory();
    const p = await LinearPool.create(memory, { workers: 2, spawn: threadWorkers(), handoff: true });
    pools.push(p);
    const random = seededRandom(52);
    const spec = { name: 'f', inFeatures: 8, outFeatures: 24, weight: uniform(random, 24 * 8) };
    const f32 = new LinearF32(memory, spec, { kernel: 'f32-plain' });
    // the same Linear with its panels past the memory's end: the worker's kernel traps
    class PastTheEnd extends LinearF32 {
      declare readonly layout: LinearLayout;
      constructor() {
        super(memory, { ...spec, name: 'broken' }, { kernel: 'f32-plain' });
        this.layout = { ...this.layout, weightAt: memory.buffer.byteLength + 2 ** 26 };
      }
    }
    const broken = new PastTheEnd();
    const x = uniform(random, 8);
    expect(await p.run(f32, x)).toEqual(f32.run(x));
    await expect(p.run(broken, x)).rejects.toThrow(
      /^Linear 'broken' \(in_features 8, out_features 24\), rows \[0, 1\) of 1, columns \[0, 16\): memory access out of bounds$/,
    );
    expect(await p.run(f32, x)).toEqual(f32.run(x));
  });
});
