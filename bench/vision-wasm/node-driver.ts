// `npm run bench vision-wasm` (Node): bundles page.ts and app/wasm's linear worker with esbuild,
// serves them and onnxruntime-web's dist from a loopback server with COOP/COEP (a cross-origin-
// isolated page, as the app's kernel worker is: shared memory for the pool), runs the page in
// Chromium and turns its report into rows. The report goes to bench-results/vision-wasm.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { launchChromium, root } from '../../scripts/lib/browser.ts';
import { bundleScript, serveIsolated } from '../lib/isolated-server.ts';
import { median, type BenchRow } from '../../scripts/lib/stats.ts';
import type { VisionBenchOptions, VisionBenchReport } from './page.ts';

/** BLIP-base's vision encoder (the defaults: 384 px, patch 16, 768 wide, 12 layers); a round is ≈ 10 s here. */
const FULL: VisionBenchOptions = { runs: 5, warmup: 1, visionConfig: {} };
/** BENCH_VISION_WASM_QUICK=1: 2 layers at 192 px (145 tokens), one run: a smoke test of the page. */
const QUICK: VisionBenchOptions = { runs: 1, warmup: 0, visionConfig: { num_hidden_layers: 2, image_size: 192 } };

export async function benchVisionWasm(): Promise<BenchRow[]> {
  const options = process.env.BENCH_VISION_WASM_QUICK === '1' ? QUICK : FULL;
  const loadBefore = loadavg()[0]!;
  const server = await serveIsolated('vision-wasm bench', {
    '/page.js': await bundleScript(import.meta.dirname, 'page.ts', 'esm'),
    '/linear-worker.js': await bundleScript(import.meta.dirname, '../../app/wasm/linear-worker.ts', 'iife'),
  });
  const browser = await launchChromium();
  let report: VisionBenchReport;
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error(`[vision-wasm page] ${e.message}`));
    await page.goto(server.url);
    await page.waitForFunction(() => globalThis.visionWasmBench !== undefined);
    report = await page.evaluate((o) => globalThis.visionWasmBench!(o), options);
  } finally {
    await browser.close();
    server.close();
  }
  const loadAfter = loadavg()[0]!;
  mkdirSync(resolve(root, 'bench-results'), { recursive: true });
  writeFileSync(resolve(root, 'bench-results', 'vision-wasm.json'), JSON.stringify({ options, loadBefore, loadAfter, report }, null, 2));
  if (report.errorVsOrt > 1e-4)
    throw new Error(`vision-wasm: image_embeds differ from onnxruntime-web's by ${report.errorVsOrt} (max |Δ| / max |ref|)`);
  if (!report.poolSameBits) throw new Error("vision-wasm: the pool's image_embeds are not the one-thread run's bits");

  const chromium = /Chrome\/(\d+)/.exec(report.userAgent)?.[1] ?? '?';
  const section = `vision-wasm BLIP vision encoder fp32 (${report.tokens} tokens, ${report.layers} layers, random weights), Chromium ${chromium}`;
  const ort = median(report.ortMs);
  const one = median(report.oneThreadMs);
  const rows: BenchRow[] = [
    {
      section,
      name: `onnxruntime-web 1.30 vision graph, 1 thread (the baseline; image_embeds max |Δ| / max |ref| of ours ${report.errorVsOrt.toExponential(1)})`,
      value: ort,
      unit: 'ms',
    },
    {
      section,
      name: `WasmVisionEncoder ${report.kernel}, the page's thread`,
      value: one,
      unit: 'ms',
      ratio: ort / one,
      baseline: 'speed-up vs ort-web',
    },
  ];
  if (report.poolMs.length > 0) {
    const pooled = median(report.poolMs);
    rows.push({
      section,
      name: 'WasmVisionEncoder, LinearPool 1 worker + the page thread (same bits)',
      value: pooled,
      unit: 'ms',
      ratio: ort / pooled,
      baseline: 'speed-up vs ort-web',
    });
  }
  // the int8 encoders against our float32 encoder in the same rounds (one thread vs one thread, pooled vs pooled)
  const load = `load ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}`;
  for (const r of report.int8) {
    if (!r.poolSameBits)
      throw new Error(`vision-wasm: the pooled int8 (reduce_range ${r.reduceRange}) image_embeds are not the one-thread bits`);
    const what = `WasmVisionEncoder dynamic int8${r.reduceRange ? ' reduce_range' : ' 8-bit'} (${r.kernels.join(', ')}; vs our fp32 ${r.errorVsFp32.toExponential(1)})`;
    const i8one = median(r.oneThreadMs);
    rows.push({
      section,
      name: `${what}, the page's thread (${load})`,
      value: i8one,
      unit: 'ms',
      ratio: one / i8one,
      baseline: 'speed-up vs our fp32, 1 thread',
    });
    if (r.poolMs.length > 0 && report.poolMs.length > 0) {
      const i8pool = median(r.poolMs);
      rows.push({
        section,
        name: `${what}, 1 worker + the page thread (same bits; ${load})`,
        value: i8pool,
        unit: 'ms',
        ratio: median(report.poolMs) / i8pool,
        baseline: 'speed-up vs our fp32 pooled',
      });
    }
  }
  const splitRows = (label: string, split: VisionBenchReport['split'], total: number): BenchRow[] =>
    (Object.keys(split) as (keyof typeof split)[]).map((key) => ({
      section,
      name: `${label}: ${key}`,
      value: split[key],
      unit: 'ms',
      ratio: split[key] / total,
      baseline: 'share of the run',
    }));
  rows.push(...splitRows('split, 1 thread', report.split, one));
  if (report.poolSplit !== null) rows.push(...splitRows('split, 1 worker + page thread', report.poolSplit, median(report.poolMs)));
  rows.push({
    section: 'vision-wasm run',
    name: `load average (1 min) at start; at end ${loadAfter.toFixed(2)}`,
    value: loadBefore,
    unit: '',
  });
  if (!report.crossOriginIsolated) console.error('vision-wasm: the page was not cross-origin isolated: no pool rows');
  return rows;
}
