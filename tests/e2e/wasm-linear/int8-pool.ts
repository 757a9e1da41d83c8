// The host worker's dynamic-int8 part (tests/e2e/wasm-linear.spec.ts): LinearDynamicInt8 with seeded
// weights (reduce_range: i8-shift-relaxed and the kernel 'auto' picks; 8-bit: i8-dot16 and 'auto'; on a CPU with
// VNNI 'auto' is i8-u8-fused for both) through each pool of nested
// workers — `run` on 1, 13 and 97 rows, and `runSteps` on an int8 → GELU → int8 chain split at each
// int8 Linear (each thread's minmax of its rows, the caller's planRun, then int8-linear: as
// app/models/blip-hub/vision-wasm-int8.ts runs the vision encoder) — against one thread's bits.
import { seededRandom } from '../../../app/shared/seeded-random.ts';
import { Activations } from '../../../app/wasm/activations.ts';
import { GemmMemory } from '../../../app/wasm/gemm-memory.ts';
import { LinearDynamicInt8, type Int8Kernel } from '../../../app/wasm/linear-int8.ts';
import type { LinearPool } from '../../../app/wasm/linear-pool.ts';
import type { RowStep } from '../../../app/wasm/row-steps.ts';

export interface Int8PoolResult {
  /** the kernels the Linears ran, e.g. ['i8-shift-relaxed', 'i8-u8-fused', 'i8-dot16'] */
  readonly kernels: readonly string[];
  /** outputs whose bits differ from the one-thread run, per pool: `run`, and the runSteps chain */
  readonly run: Record<string, number>;
  readonly steps: Record<string, number>;
}

function differingBits(a: Float32Array, b: Float32Array): number {
  let n = Math.abs(a.length - b.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (!Object.is(a[i], b[i])) n++;
  return n;
}

function int8Linear(
  memory: GemmMemory,
  seed: number,
  K: number,
  N: number,
  channel: boolean,
  reduceRange: boolean,
  kernel: 'auto' | Int8Kernel,
): LinearDynamicInt8 {
  const random = seededRandom(seed);
  const bound = reduceRange ? 64 : 127;
  const q = Int8Array.from({ length: K * N }, () => Math.round((random() * 2 - 1) * bound));
  const scales = Float32Array.from({ length: channel ? N : 1 }, () => 0.001 + random() * 0.01);
  const bias = Float32Array.from({ length: N }, () => random() * 2 - 1);
  return new LinearDynamicInt8(memory, { name: `int8-${seed}`, inFeatures: K, outFeatures: N, q, scales, bias }, { reduceRange, kernel });
}

const uniform = (random: () => number, n: number, lo: number, hi: number): Float32Array =>
  Float32Array.from({ length: n }, () => lo + random() * (hi - lo));

/** int8 → GELU → int8 on `rows` rows through the pool's runSteps, split at each int8 Linear; y [rows, l2's N]. */
async function chain(pool: LinearPool, l1: LinearDynamicInt8, l2: LinearDynamicInt8, x: Float32Array, rows: number): Promise<Float32Array> {
  const memory = pool.memory;
  const [K1, N1, N2] = [l1.inFeatures, l1.layout.nPad, l2.layout.nPad];
  memory.claim('the int8 chain');
  try {
    const takers = pool.takers;
    let at = memory.scratchStart;
    const take = (bytes: number): number => {
      const from = at;
      at += Math.ceil(bytes / 64) * 64;
      return from;
    };
    const [x0, a, rowTermsAt, sums, vectors] = [
      take(rows * K1 * 4),
      take(rows * Math.max(l1.layout.kPad, l2.layout.kPad)),
      take(rows * 4),
      take(rows * 16),
      take(Math.max(l1.vectorBytes, l2.vectorBytes)),
    ];
    const [c1, c2, slots] = [take(rows * N1 * 4), take(rows * N2 * 4), take(takers * 32)];
    memory.ensure(at, 'the int8 chain');
    const f32 = new Float32Array(memory.buffer);
    f32.set(x, x0 / 4);
    const plan = (l: LinearDynamicInt8, from: number, width: number, c: number) => {
      let [lo, hi] = [0, 0];
      for (let t = 0; t < takers; t++)
        for (let i = 0; i < 4; i++) [lo, hi] = [Math.min(lo, f32[slots / 4 + 8 * t + i]!), Math.max(hi, f32[slots / 4 + 8 * t + 4 + i]!)];
      return l.planRun(rows, l.paramsOf(lo, hi, f32.subarray(from / 4, from / 4 + rows * width)), {
        x: from,
        a,
        c,
        rowTermsAt,
        sums,
        vectors,
      });
    };
    const keys = [...new Map([l1, l2].map((l) => [l.compiled().key, l.compiled()])).values()];
    const run = (label: string, steps: (t: number) => RowStep[]) =>
      pool.runSteps({ label, rows, kernel: memory.kernel('f32-plain', { mr: 4, nr: 8 }), int8: keys, steps });
    f32.fill(0, slots / 4, slots / 4 + takers * 8);
    await run('range of x', (t) => [{ op: 'minmax', label: 'x', key: l1.compiled().key, x: x0, width: K1, out: slots + 32 * t }]);
    const job1 = plan(l1, x0, K1, c1);
    f32.fill(0, slots / 4, slots / 4 + takers * 8);
    await run('l1, gelu, range', (t) => [
      { op: 'int8-linear', key: l1.compiled().key, layout: l1.layout, job: job1 },
      { op: 'gelu', label: 'gelu', x: c1, width: N1 },
      { op: 'minmax', label: 'h', key: l2.compiled().key, x: c1, width: N1, out: slots + 32 * t },
    ]);
    const job2 = plan(l2, c1, N1, c2);
    await run('l2', () => [{ op: 'int8-linear', key: l2.compiled().key, layout: l2.layout, job: job2 }]);
    const y = new Float32Array(rows * l2.outFeatures);
    for (let i = 0; i < rows; i++) y.set(f32.subarray(c2 / 4 + i * N2, c2 / 4 + i * N2 + l2.outFeatures), i * l2.outFeatures);
    return y;
  } finally {
    memory.release();
  }
}

export async function int8PoolMismatches(
  memory: GemmMemory,
  pools: readonly LinearPool[],
  names: readonly string[],
): Promise<Int8PoolResult> {
  const run: Record<string, number> = {};
  const steps: Record<string, number> = {};
  const kernels = new Set<string>();
  const configs = [
    [true, 'i8-shift-relaxed'],
    [true, 'auto'],
    [false, 'i8-dot16'],
    [false, 'auto'],
  ] as const;
  for (const [reduceRange, kernel] of configs) {
    const i = reduceRange ? 0 : 1;
    const l = int8Linear(memory, 401 + i, 770, 176, i === 0, reduceRange, kernel);
    const l1 = int8Linear(memory, 411 + i, 64, 48, true, reduceRange, kernel);
    const l2 = int8Linear(memory, 421 + i, 48, 21, false, reduceRange, kernel);
    for (const x of [l, l1, l2]) kernels.add(x.kernel);
    for (const M of [1, 13, 97]) {
      const x = uniform(seededRandom(M), M * 770, -3, 5);
      const one = l.run(x);
      for (const [p, pool] of pools.entries()) run[names[p]!] = (run[names[p]!] ?? 0) + differingBits(await pool.run(l, x), one);
    }
    const rows = 97;
    const x = uniform(seededRandom(rows + i), rows * 64, -2, 3);
    const h = l1.run(x);
    new Activations(new GemmMemory({ shared: false })).geluInPlace(h);
    const expected = l2.run(h);
    for (const [p, pool] of pools.entries())
      steps[names[p]!] = (steps[names[p]!] ?? 0) + differingBits(await chain(pool, l1, l2, x, rows), expected);
  }
  return { kernels: [...kernels], run, steps };
}
