// The dedicated worker of tests/e2e/wasm-linear.spec.ts (bundled by the spec with esbuild; it
// stands where the kernel's worker will): makes Linears on one GemmMemory with the kernel the
// engine picks, checks them against float64 on seeded shapes, then LinearPools of nested
// dedicated workers on the same memory against the one-thread bits, and the pool's errors; in a
// page that is not cross-origin isolated, the plain memory it gets and the pool's refusal; and a
// transformer layer's row steps (app/wasm/row-steps.ts: qkv, then attention → projection →
// residual → LayerNorm → fc1 → GELU) through each pool's runSteps against the one-thread bits; and
// dynamic-int8 Linears through each pool (int8-pool.ts).
import { seededRandom } from '../../../app/shared/seeded-random.ts';
import { GemmMemory } from '../../../app/wasm/gemm-memory.ts';
import { LinearF32, type LinearKernel } from '../../../app/wasm/linear-f32.ts';
import { LinearPool, linearWorkerFrom } from '../../../app/wasm/linear-pool.ts';
import { linearReference, relativeError } from '../../../app/wasm/linear-reference.ts';
import { attentionScratchBytes, runRowSteps, type RowStep } from '../../../app/wasm/row-steps.ts';
import { int8PoolMismatches, type Int8PoolResult } from './int8-pool.ts';

export interface HostCase {
  readonly seed: number;
  readonly M: number;
  readonly K: number;
  readonly N: number;
  readonly bias: boolean;
}
export interface HostRequest {
  readonly cases: readonly HostCase[];
  /** pools to make on the memory: "3" is 3 workers, "1+caller" 1 worker and the calling thread */
  readonly pools: readonly string[];
  /** app/wasm/linear-worker.ts bundled: started from a blob: URL (a nested worker's own request passes no Playwright route) */
  readonly linearWorkerSource: string;
}
export interface CaseResult {
  readonly name: string;
  readonly kernel: LinearKernel;
  readonly relativeError: number;
  /** SIMD128's relative error on the same case */
  readonly plainError: number;
  /** outputs whose bits differ from the relaxed one-thread run, per pool (named as in HostRequest.pools) */
  readonly poolMismatches: Record<string, number>;
}
export interface HostReport {
  readonly crossOriginIsolated: boolean;
  readonly shared: boolean;
  readonly relaxedValidates: boolean;
  readonly cases: CaseResult[];
  /** what a pool whose worker script does not load says */
  readonly badWorkerError: string;
  /** what a run on a disposed pool says */
  readonly disposedError: string;
  /** what LinearPool.create says on a memory that is not shared ('shared' when it is) */
  readonly unsharedPoolError: string;
  /** the layer's row steps (97 rows, seed 301): outputs whose bits differ from one thread's, per pool */
  readonly stepsMismatches: Record<string, number>;
  /** dynamic-int8 Linears through each pool (int8-pool.ts), null without a shared memory */
  readonly int8: Int8PoolResult | null;
}
export type HostReply = { readonly ok: true; readonly report: HostReport } | { readonly ok: false; readonly error: string };

const uniform = (random: () => number, n: number): Float32Array => Float32Array.from({ length: n }, () => random() * 2 - 1);

function differingBits(a: Float32Array, b: Float32Array): number {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  let n = Math.abs(a.length - b.length);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) n++;
  return n;
}

const errorOf = async (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'no error',
    (e: unknown) => (e instanceof Error ? e.message : String(e)),
  );

const scriptUrl = (source: string): string => URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));

/**
 * A layer's two rounds of row steps on `rows` rows in `memory` (seeded): returns, for `takers`
 * threads, the rounds and where the results are. The same program as app/wasm/linear-pool.test.ts's.
 */
function layerProgram(memory: GemmMemory, seed: number, rows: number) {
  const random = seededRandom(seed);
  const [D, heads, hd, I] = [32, 2, 16, 72];
  const make = (name: string, K: number, N: number): LinearF32 =>
    new LinearF32(memory, { name, inFeatures: K, outFeatures: N, weight: uniform(random, N * K), bias: uniform(random, N) });
  const [qkv, proj, fc1] = [make('qkv', D, 3 * D), make('proj', D, D), make('fc1', D, I)];
  const ln = memory.allocWeights(2 * D * 4, 'ln');
  new Float32Array(memory.buffer, ln, 2 * D).set(uniform(random, 2 * D));
  const inputs = uniform(random, 2 * rows * D);
  const kernel = memory.kernel(qkv.kernel, qkv.block);
  return (takers: number) => {
    let at = memory.scratchStart;
    const take = (floats: number): number => {
      const from = at;
      at += Math.ceil((floats * 4) / 64) * 64;
      return from;
    };
    const [x, h, q, ctx, y, m] = [take(rows * D), take(rows * D), take(rows * 3 * D), take(rows * D), take(rows * D), take(rows * I)];
    const end = at;
    const scratch = Array.from({ length: takers }, () => take(attentionScratchBytes(rows, hd, 8) / 4));
    memory.ensure(at, 'the layer program');
    const f32 = new Float32Array(memory.buffer);
    f32.set(inputs, x / 4); // x, then h right after it
    f32.fill(0, q / 4, end / 4);
    const lin = (l: LinearF32, a: number, c: number): RowStep => ({
      op: 'linear',
      key: kernel.key,
      layout: l.layout,
      job: { M: rows, a, c },
    });
    const rounds: ((taker: number) => RowStep[])[] = [
      () => [lin(qkv, x, q)],
      (taker) => [
        {
          op: 'attention',
          label: 'attn',
          key: kernel.key,
          nr: 8,
          qkv: q,
          qkvStride: 3 * D,
          heads,
          headDim: hd,
          tokens: rows,
          ctx,
          ctxStride: D,
          scaleBits: 0x3e800000,
          scratch: scratch[taker]!,
        },
        lin(proj, ctx, y),
        { op: 'add', label: 'res', acc: h, y, width: D },
        { op: 'copy', label: 'ln', from: h, to: x, width: D },
        { op: 'layernorm', label: 'ln', x, width: D, dim: D, weight: ln, bias: ln + D * 4, epsBits: 0x3727c5ac },
        lin(fc1, x, m),
        { op: 'gelu', label: 'mlp', x: m, width: I },
      ],
    ];
    return { rounds, kernel, result: () => new Float32Array(memory.buffer).slice(x / 4, end / 4) };
  };
}

async function stepsMismatches(
  memory: GemmMemory,
  pools: readonly LinearPool[],
  names: readonly string[],
): Promise<Record<string, number>> {
  const rows = 97;
  const program = layerProgram(memory, 301, rows);
  const one = program(1);
  const kernels = { macro: () => one.kernel.macro, activations: memory.activations().fns };
  for (const steps of one.rounds) runRowSteps(kernels, memory.buffer, steps(0), 0, rows);
  const expected = one.result();
  const out: Record<string, number> = {};
  for (const [i, pool] of pools.entries()) {
    const pooled = program(pool.takers);
    for (const [r, steps] of pooled.rounds.entries()) await pool.runSteps({ label: `round ${r}`, rows, kernel: pooled.kernel, steps });
    out[names[i]!] = differingBits(pooled.result(), expected);
  }
  return out;
}

async function host({ cases, pools: poolNames, linearWorkerSource }: HostRequest): Promise<HostReport> {
  const memory = new GemmMemory();
  const url = scriptUrl(linearWorkerSource);
  const spawn = linearWorkerFrom(() => new Worker(url));
  // Not cross-origin isolated: no SharedArrayBuffer, so a plain memory, and a pool must refuse it.
  const unsharedPoolError = memory.shared ? 'shared' : await errorOf(LinearPool.create(memory, { workers: 1, spawn }));
  const pools = memory.shared
    ? await Promise.all(
        poolNames.map((name) =>
          LinearPool.create(memory, {
            workers: Number.parseInt(name, 10),
            callerShare: name.includes('+caller'),
            handoff: name.endsWith('+handoff'),
            spawn,
            timeoutMs: 30_000,
          }),
        ),
      )
    : [];
  const results: CaseResult[] = [];
  for (const c of cases) {
    const random = seededRandom(c.seed);
    const weight = uniform(random, c.N * c.K);
    const bias = c.bias ? uniform(random, c.N) : null;
    const x = uniform(random, c.M * c.K);
    const spec = { name: `seed ${c.seed}`, inFeatures: c.K, outFeatures: c.N, weight, bias };
    const linear = new LinearF32(memory, spec);
    const plain = new LinearF32(memory, spec, { kernel: 'f32-plain' });
    const ref = linearReference(x, weight, bias, c.K, c.N);
    const y = linear.run(x);
    const poolMismatches: Record<string, number> = {};
    for (const [i, pool] of pools.entries()) poolMismatches[poolNames[i]!] = differingBits(await pool.run(linear, x), y);
    results.push({
      name: `seed ${c.seed}: M ${c.M}, K ${c.K}, N ${c.N}, ${c.bias ? 'bias' : 'no bias'}`,
      kernel: linear.kernel,
      relativeError: relativeError(y, ref),
      plainError: relativeError(plain.run(x), ref),
      poolMismatches,
    });
  }
  const steps = await stepsMismatches(memory, pools, poolNames);
  const int8 = pools.length === 0 ? null : await int8PoolMismatches(memory, pools, poolNames);
  const badWorkerError = memory.shared
    ? await errorOf(
        LinearPool.create(memory, {
          workers: 1,
          spawn: linearWorkerFrom(() => new Worker(scriptUrl("throw new Error('this worker cannot start');"))),
          timeoutMs: 10_000,
        }),
      )
    : 'not shared';
  const probe = new LinearF32(memory, { name: 'after dispose', inFeatures: 4, outFeatures: 4, weight: new Float32Array(16) });
  for (const p of pools) p.dispose();
  const disposedError = pools[0] === undefined ? 'no pool' : await errorOf(pools[0].run(probe, new Float32Array(4)));
  return {
    crossOriginIsolated,
    shared: memory.shared,
    relaxedValidates: memory.validates('f32-relaxed', { mr: 4, nr: 8 }),
    cases: results,
    badWorkerError,
    disposedError,
    unsharedPoolError,
    stepsMismatches: steps,
    int8,
  };
}

onmessage = (e: MessageEvent<HostRequest>) => {
  host(e.data).then(
    (report) => postMessage({ ok: true, report } satisfies HostReply),
    (error: unknown) =>
      postMessage({
        ok: false,
        error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error),
      } satisfies HostReply),
  );
};
