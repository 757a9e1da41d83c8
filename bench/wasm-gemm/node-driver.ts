// `npm run bench wasm-gemm` (Node): bundles page.ts and worker.ts with esbuild, serves them and
// onnxruntime-web's dist from a loopback server with COOP/COEP (a cross-origin-isolated page, for
// the shared memory of the 2-worker rows), runs the page in Chromium and turns its report into rows.
// The whole report (every block, every time) goes to bench-results/wasm-gemm.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { launchChromium, root } from '../../scripts/lib/browser.ts';
import { bundleScript, serveIsolated } from '../lib/isolated-server.ts';
import type { BenchRow } from '../../scripts/lib/stats.ts';
import { F32_TOLERANCE } from './gemm.ts';
import type { Variant } from '../../app/wasm/gemm-kernels.ts';
import type { LinearBenchOptions, LinearResult } from './linear-page.ts';
import type { Int8BenchOptions, Int8Result } from './int8-page.ts';
import { int8Rows } from './int8-rows.ts';
import type { BenchOptions, BenchReport, KernelResult } from './page.ts';

/** BLIP-base's vision encoder (ViT-B/16 at 384 px: 577 tokens): QKV, fc1, fc2, attention output: one layer's Linears. */
const OPTIONS: BenchOptions = {
  shapes: [
    [577, 768, 2304],
    [577, 768, 3072],
    [577, 3072, 768],
    [577, 768, 768],
  ],
  blocks: [
    { mr: 4, nr: 8 },
    { mr: 6, nr: 8 },
    { mr: 2, nr: 16 },
  ],
  runs: 7,
  warmup: 2,
  twoThreads: true,
};
/** BENCH_WASM_GEMM_QUICK=1: one small odd shape (61 rows: the leftover-row kernels; 3 K blocks), 1 run: a smoke test of the page. */
const QUICK: BenchOptions = { ...OPTIONS, shapes: [[61, 768, 176]], runs: 1, warmup: 0 };
/** app/wasm's LinearF32 on the same four Linears, and on one row (the text decoder's case: M = 1). */
const LINEAR: LinearBenchOptions = {
  shapes: [...OPTIONS.shapes, ...OPTIONS.shapes.map(([, K, N]): readonly [number, number, number] => [1, K, N])],
  runs: 7,
  warmup: 2,
  pools: ['1', '2', '1+caller'],
  block: { mr: 4, nr: 8 },
};
const LINEAR_QUICK: LinearBenchOptions = {
  ...LINEAR,
  shapes: [
    [61, 770, 171],
    [1, 770, 171],
  ],
  runs: 1,
  warmup: 0,
};
/** The dynamic-int8 Linear rows: BLIP's vision Linears (577 rows) and the decoder's (M = 1, with the LM head 768 → 30524). */
const INT8: Int8BenchOptions = {
  shapes: [...OPTIONS.shapes, [1, 768, 768], [1, 768, 3072], [1, 3072, 768], [1, 768, 30524]],
  runs: 7,
  warmup: 2,
};
const INT8_QUICK: Int8BenchOptions = {
  shapes: [
    [61, 770, 171],
    [1, 770, 171],
  ],
  runs: 1,
  warmup: 0,
};
const INT8_GOAL = 1.8; // issue 13: dynamic int8 ≥ 1.8x faster than fp32

const LABEL: Record<Variant, string> = {
  'f32-plain': 'fp32 SIMD128 f32x4.mul+add',
  'f32-relaxed': 'fp32 relaxed f32x4.relaxed_madd',
  'i8-dot16': 'int8 SIMD128 i32x4.dot_i16x8_s (u8×s8, exact)',
  'i8-relaxed': 'int8 relaxed_dot_i8x16_i7x16_add_s (u7×s8, exact)',
  'i8-relaxed16': 'int8 i16x8.relaxed_dot_i8x16_i7x16_s + dot_i16x8_s by ones (u7×s8, exact)',
  'i16-dot16': 'int8 held as i16, i32x4.dot_i16x8_s, no extends (u8×s8, exact)',
};

/** The best block of a variant on a shape (the table names it). */
function best(report: BenchReport, shape: string, variant: Variant): KernelResult {
  const rs = report.kernels.filter((k) => k.shape === shape && k.variant === variant);
  if (rs.length === 0) throw new Error(`no ${variant} result on ${shape}`);
  return rs.reduce((p, q) => (q.gops > p.gops ? q : p));
}

/** Rows for one shape, or (shape 'sum') for the four summed: total ops / total of the best medians. */
function shapeRows(section: string, ort: number, get: (v: Variant) => { gops: number; block: string }): BenchRow[] {
  const g = (v: Variant) => get(v);
  const plain = g('f32-plain').gops;
  const relaxed = g('f32-relaxed').gops;
  const rows: BenchRow[] = [
    { section, name: 'onnxruntime-web 1.30 MatMul fp32 (the baseline)', value: ort, unit: 'GFLOP/s' },
    {
      section,
      name: `${LABEL['f32-plain']} [${g('f32-plain').block}]`,
      value: plain,
      unit: 'GFLOP/s',
      ratio: plain / ort,
      baseline: 'vs ort-web',
    },
    {
      section,
      name: `${LABEL['f32-relaxed']} [${g('f32-relaxed').block}]`,
      value: relaxed,
      unit: 'GFLOP/s',
      ratio: relaxed / ort,
      baseline: 'vs ort-web',
    },
  ];
  for (const v of ['i8-dot16', 'i8-relaxed', 'i8-relaxed16', 'i16-dot16'] as const) {
    const int8 = g(v).gops;
    rows.push({
      section,
      name: `${LABEL[v]} [${g(v).block}]`,
      value: int8,
      unit: 'GOP/s',
      ratio: int8 / relaxed,
      baseline: 'vs fp32 relaxed',
      goal: `≥ ${INT8_GOAL}x fp32 relaxed`,
      met: int8 / relaxed >= INT8_GOAL,
    });
    rows.push({ section, name: `${LABEL[v].split(' (')[0]} / fp32 SIMD128 mul+add`, value: int8 / plain, unit: 'x' });
  }
  return rows;
}

/** "2" → "2 workers (M split)"; how the pool shares the work on this shape. */
function poolLabel(pool: string, r: LinearResult): string {
  const workers = Number.parseInt(pool, 10);
  const caller = pool.endsWith('+caller');
  const takers = workers + (caller ? 1 : 0);
  const rowBlocks = Math.ceil(Number(r.shape.split('x')[0]) / Number(r.block.split('x')[0]));
  const how = takers === 1 ? 'all of it' : rowBlocks < takers ? 'fewer row blocks than takers: the column panels split' : 'M split';
  return `${workers} worker${workers === 1 ? '' : 's'}${caller ? ' + the calling thread' : ''} (${how})`;
}

/** The Linear rows: GFLOP/s (2·M·K·N / the whole call's median) against ort-web's Gemm in the same rounds. */
function linearRows(results: readonly LinearResult[], chromium: string): BenchRow[] {
  return results.flatMap((r) => {
    const section = `wasm-gemm app/wasm LinearF32 ${r.shape} (M,K,N) + bias, x in and y out (a reused buffer) timed, Chromium ${chromium}`;
    const ops = 2 * r.shape.split('x').reduce((p, x) => p * Number(x), 1);
    const gflops = (ms: number): number => ops / ms / 1e6;
    const ort = gflops(r.ortMs);
    const vsOrt = (name: string, ms: number): BenchRow => ({
      section,
      name,
      value: gflops(ms),
      unit: 'GFLOP/s',
      ratio: gflops(ms) / ort,
      baseline: 'vs ort-web Gemm',
    });
    return [
      {
        section,
        name: `onnxruntime-web 1.30 Gemm(transB = 1) + bias, 1 thread (the baseline; rel. diff of the Linear's y ${r.errorVsOrt.toExponential(1)})`,
        value: ort,
        unit: 'GFLOP/s',
      },
      vsOrt(`LinearF32 ${r.kernel} [${r.block}] in the page's thread`, r.inThreadMs),
      ...Object.entries(r.poolMs).map(([pool, ms]) => vsOrt(`LinearPool, ${poolLabel(pool, r)}`, ms)),
    ];
  });
}

export async function benchWasmGemm(): Promise<BenchRow[]> {
  const quick = process.env.BENCH_WASM_GEMM_QUICK === '1';
  // BENCH_WASM_GEMM_ONLY=kernels, =linear or =int8: one part of the bench.
  const only = process.env.BENCH_WASM_GEMM_ONLY;
  if (only !== undefined && only !== 'kernels' && only !== 'linear' && only !== 'int8')
    throw new Error(`BENCH_WASM_GEMM_ONLY=${only}: kernels, linear or int8`);
  const base = quick ? QUICK : OPTIONS;
  // BENCH_WASM_GEMM_BLOCKS=4x8,5x8,3x16 / BENCH_WASM_GEMM_SHAPES=577x768x768: to explore other blockings or shapes.
  const parsed = (env: string | undefined) => env?.split(',').map((s) => s.split('x').map(Number));
  const blocks = parsed(process.env.BENCH_WASM_GEMM_BLOCKS)?.map(([mr, nr]) => ({ mr: mr!, nr: nr! }));
  const shapeList = parsed(process.env.BENCH_WASM_GEMM_SHAPES)?.map(([M, K, N]): readonly [number, number, number] => [M!, K!, N!]);
  const options: BenchOptions = { ...base, ...(blocks ? { blocks } : {}), ...(shapeList ? { shapes: shapeList } : {}) };
  const loadBefore = loadavg()[0]!;
  const server = await serveIsolated('wasm-gemm bench', {
    '/page.js': await bundleScript(import.meta.dirname, 'page.ts', 'esm'),
    '/worker.js': await bundleScript(import.meta.dirname, 'worker.ts', 'iife'),
    '/linear-worker.js': await bundleScript(import.meta.dirname, '../../app/wasm/linear-worker.ts', 'iife'),
  });
  const browser = await launchChromium();
  let report: BenchReport;
  let linear: LinearResult[] = [];
  let int8: Int8Result[] = [];
  const int8Options: Int8BenchOptions = { ...(quick ? INT8_QUICK : INT8), ...(shapeList ? { shapes: shapeList } : {}) };
  // BENCH_WASM_GEMM_LINEAR_BLOCK=6x8: the Linear rows with another block (BENCH_WASM_GEMM_SHAPES applies to them too).
  const linearBlock = parsed(process.env.BENCH_WASM_GEMM_LINEAR_BLOCK)?.map(([mr, nr]) => ({ mr: mr!, nr: nr! }))[0];
  const linearOptions: LinearBenchOptions = {
    ...(quick ? LINEAR_QUICK : LINEAR),
    ...(shapeList ? { shapes: shapeList } : {}),
    ...(linearBlock ? { block: linearBlock } : {}),
  };
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error(`[wasm-gemm page] ${e.message}`));
    await page.goto(server.url);
    await page.waitForFunction(() => globalThis.wasmGemmBench !== undefined);
    report =
      only === 'linear' || only === 'int8'
        ? {
            crossOriginIsolated: true,
            userAgent: await page.evaluate(() => navigator.userAgent),
            kernels: [],
            ort: [],
            fullRange: [],
            threads: [],
          }
        : await page.evaluate((o) => globalThis.wasmGemmBench!(o), options);
    if (only === undefined || only === 'linear') linear = await page.evaluate((o) => globalThis.wasmLinearBench!(o), linearOptions);
    if (only === undefined || only === 'int8') int8 = await page.evaluate((o) => globalThis.wasmInt8Bench!(o), int8Options);
  } finally {
    await browser.close();
    server.close();
  }
  const loadAfter = loadavg()[0]!;
  mkdirSync(resolve(root, 'bench-results'), { recursive: true });
  writeFileSync(
    resolve(root, 'bench-results', 'wasm-gemm.json'),
    JSON.stringify({ options, linearOptions, int8Options, loadBefore, loadAfter, report, linear, int8 }, null, 2),
  );

  const chromium = /Chrome\/(\d+)/.exec(report.userAgent)?.[1] ?? '?';
  const rows: BenchRow[] = [];
  const shapes = only === 'linear' || only === 'int8' ? [] : options.shapes.map(([M, K, N]) => `${M}x${K}x${N}`);
  for (const shape of shapes) {
    const ort = report.ort.find((o) => o.shape === shape)!;
    rows.push(...shapeRows(`wasm-gemm ${shape} (M,K,N), Chromium ${chromium}, 1 thread`, ort.gflops, (v) => best(report, shape, v)));
  }
  // One ViT-B layer's four Linears: total ops over the summed medians (best block per shape).
  if (shapes.length > 0) rows.push(...layerRows(report, shapes));
  rows.push(...otherRows(report, chromium));
  rows.push(...linearRows(linear, chromium));
  rows.push(...int8Rows(int8, chromium, INT8_GOAL));
  rows.push({
    section: 'wasm-gemm run',
    name: `load average (1 min) at start; at end ${loadAfter.toFixed(2)}; checks: fp32 max rel err < ${F32_TOLERANCE} vs float64, int8 exact`,
    value: loadBefore,
    unit: '',
  });
  if (!report.crossOriginIsolated) console.error('wasm-gemm: the page was not cross-origin isolated: no 2-worker rows');
  return rows;
}

function layerRows(report: BenchReport, shapes: readonly string[]): BenchRow[] {
  const rows: BenchRow[] = [];
  const opsOf = (shape: string) => 2 * shape.split('x').reduce((p, x) => p * Number(x), 1);
  const total = shapes.reduce((s, sh) => s + opsOf(sh), 0);
  const sumMs = (f: (shape: string) => number) => shapes.reduce((s, sh) => s + f(sh), 0);
  const ortSum = total / sumMs((sh) => report.ort.find((o) => o.shape === sh)!.medianMs) / 1e6;
  rows.push(
    ...shapeRows('wasm-gemm all 4 shapes summed (one ViT-B layer), 1 thread', ortSum, (v) => ({
      gops: total / sumMs((sh) => best(report, sh, v).medianMs) / 1e6,
      block: 'best per shape',
    })),
  );
  return rows;
}

function otherRows(report: BenchReport, chromium: string): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const f of report.fullRange.filter((x, i, all) => all.findIndex((y) => y.shape === x.shape) === i)) {
    rows.push({
      section: 'wasm-gemm int8 relaxed_dot, full-range u8 activations in the i7 operand',
      name: `${f.shape}: outputs ≠ exact u8×s8 (max |error| ${f.maxAbs}; ≠ the pmaddubsw i16-saturating reference: ${f.mismatchingPmaddubsw})`,
      value: (100 * f.mismatching) / f.total,
      unit: '%',
    });
  }
  for (const t of report.threads) {
    rows.push({
      section: `wasm-gemm 2 workers on one shared memory (M split), Chromium ${chromium}`,
      name: `${t.shape} ${LABEL[t.variant].split(' (')[0]} [${t.block}]`,
      value: t.twoWorkersGops,
      unit: t.variant.startsWith('f32') ? 'GFLOP/s' : 'GOP/s',
      ratio: t.twoWorkersGops / t.oneWorkerGops,
      baseline: 'vs 1 worker',
    });
  }
  return rows;
}
