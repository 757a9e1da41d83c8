// The Linear rows of `npm run bench wasm-gemm` (runs in the bench page, imported by page.ts):
// app/wasm's LinearF32 as the app will call it (x copied in, bias, y copied out into a reused
// buffer: the whole call), in the page's thread and through LinearPools of 1 and 2 workers and of 1 worker + the calling thread, next to
// onnxruntime-web's Gemm(transB = 1) with a bias in the same rounds. Checks (they throw): the
// Linear within F32_TOLERANCE of ort-web's y, every pool's y the in-thread y's bits.
import { seededRandom } from '../../app/shared/seeded-random.ts';
import type { Block } from '../../app/wasm/gemm-kernels.ts';
import { GemmMemory } from '../../app/wasm/gemm-memory.ts';
import { LinearF32, type LinearKernel } from '../../app/wasm/linear-f32.ts';
import { LinearPool, linearWorkerFrom } from '../../app/wasm/linear-pool.ts';
import { relativeError } from '../../app/wasm/linear-reference.ts';
import { F32_TOLERANCE, median } from './gemm.ts';
import { loadOrt, ortLinear, type OrtLinear } from './ort-baseline.ts';

export interface LinearBenchOptions {
  /** (M, K, N): one Linear per (K, N), run on M rows */
  readonly shapes: readonly (readonly [M: number, K: number, N: number])[];
  readonly runs: number;
  readonly warmup: number;
  /** pools: "2" is 2 workers, "1+caller" 1 worker and the calling thread (needs a cross-origin-isolated page; none otherwise) */
  readonly pools: readonly string[];
  readonly block: Block;
}
export interface LinearResult {
  readonly shape: string;
  readonly kernel: LinearKernel;
  readonly block: string;
  /** calls per timed sample (small M: several, so a sample is ≥ ~5 ms) */
  readonly repeats: number;
  readonly inThreadMs: number;
  /** pool (as named in the options) → median ms */
  readonly poolMs: Record<string, number>;
  readonly ortMs: number;
  readonly errorVsOrt: number;
}

declare global {
  var wasmLinearBench: ((options: LinearBenchOptions) => Promise<LinearResult[]>) | undefined;
}

/** Median ms per call of `repeats` calls in a row, one sample a round. */
async function sample(times: number[], repeats: number, call: () => unknown): Promise<void> {
  const t0 = performance.now();
  for (let i = 0; i < repeats; i++) await call();
  times.push((performance.now() - t0) / repeats);
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

globalThis.wasmLinearBench = async (options) => {
  const memory = new GemmMemory();
  const pools = crossOriginIsolated
    ? await Promise.all(
        options.pools.map((name) =>
          LinearPool.create(memory, {
            workers: Number.parseInt(name, 10),
            callerShare: name.endsWith('+caller'),
            spawn: linearWorkerFrom(() => new Worker('/linear-worker.js')),
          }),
        ),
      )
    : [];
  const ort = await loadOrt();
  const linears = new Map<string, { linear: LinearF32; baseline: OrtLinear }>();
  const results: LinearResult[] = [];
  try {
    for (const [M, K, N] of options.shapes) {
      const shape = `${M}x${K}x${N}`;
      const random = seededRandom(M * 7 + K * 13 + N + 1);
      const x = Float32Array.from({ length: M * K }, () => random() * 2 - 1);
      let entry = linears.get(`${K}x${N}`);
      if (entry === undefined) {
        const weight = Float32Array.from({ length: N * K }, () => random() * 2 - 1);
        const bias = Float32Array.from({ length: N }, () => random() * 2 - 1);
        const linear = new LinearF32(
          memory,
          { name: `bench ${K}x${N}`, inFeatures: K, outFeatures: N, weight, bias },
          { block: options.block },
        );
        entry = { linear, baseline: await ortLinear(ort, weight, bias, K, N) };
        linears.set(`${K}x${N}`, entry);
      }
      const { linear, baseline } = entry;
      const y = linear.run(x);
      const ortY = (await baseline.run(x, M)).y;
      const errorVsOrt = relativeError(y, Float64Array.from(ortY));
      if (!(errorVsOrt < F32_TOLERANCE)) throw new Error(`${linear.layout.label} on ${shape}: ${errorVsOrt} from ort-web's Gemm`);
      for (const [i, pool] of pools.entries())
        if (!sameBits(await pool.run(linear, x), y)) throw new Error(`${shape}: pool ${options.pools[i]} differs from the in-thread bits`);
      const t0 = performance.now();
      linear.run(x);
      // y into one reused buffer, as a model would (allocating 5 MB a call costs ≈ 3 ms); ort-web allocates its own
      const out = new Float32Array(M * N);
      const repeats = Math.max(1, Math.ceil(5 / Math.max(performance.now() - t0, 0.005)));
      const inThread: number[] = [];
      const ortTimes: number[] = [];
      const poolTimes = pools.map((): number[] => []);
      for (let round = 0; round < options.warmup + options.runs; round++) {
        const keep = round >= options.warmup;
        const sink = (times: number[]): number[] => (keep ? times : []);
        await sample(sink(inThread), repeats, () => linear.run(x, out));
        for (const [i, pool] of pools.entries()) await sample(sink(poolTimes[i]!), repeats, () => pool.run(linear, x, out));
        await sample(sink(ortTimes), repeats, () => baseline.run(x, M));
      }
      results.push({
        shape,
        kernel: linear.kernel,
        block: `${linear.block.mr}x${linear.block.nr}`,
        repeats,
        inThreadMs: median(inThread),
        poolMs: Object.fromEntries(pools.map((_, i) => [options.pools[i]!, median(poolTimes[i]!)])),
        ortMs: median(ortTimes),
        errorVsOrt,
      });
    }
  } finally {
    for (const p of pools) p.dispose();
    for (const { baseline } of linears.values()) await baseline.release();
  }
  return results;
};
