// Browser vs native for the PP-OCRv4 recognizer in float32, like for like: both sides time
// session.run alone (input tensors made before the clock, decoding after it) on the same 24
// sample crops (48×320), one thread, the same graph optimisation level, in turns within one
// run (native round, browser round, …) so background load hits both alike. Also what was
// tried to close the gap (each browser option against the app's own), onnxruntime-web's
// WebAssembly run by Node (same code, no browser), and WebGPU on a software adapter.
import { chromium, type Browser, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import type { LabClient } from '../app/lab/lab-client.ts';
import type { OcrBenchReport, OcrBenchRequest } from '../app/lab/protocol.ts';
import { webgpuSwiftshaderArgs } from '../scripts/lib/chromium-args.ts';
import { median, type BenchRow } from '../scripts/lib/stats.ts';
import { fp32Timer, type Fp32Timer } from './models-node.ts';

const KEEP_NAMES_SHIM = { content: 'globalThis.__name = (f) => f;' };
const ROUNDS = 3;
const SECTION = 'models: fp32 like for like (session.run, 24 crops 48×320)';

declare global {
  interface Window {
    __benchClients?: Map<number, LabClient>;
  }
}

/** Browser configurations: the app's own first (SESSION_OPTIONS, 1 thread), then what was tried. */
const BROWSER: readonly { name: string; threads: number; options: OcrBenchRequest['options'] }[] = [
  { name: "browser WASM, graph 'all', 1 thread (the app's options)", threads: 1, options: {} },
  { name: "browser WASM, graph 'extended', 1 thread", threads: 1, options: { graphOptimizationLevel: 'extended' } },
  { name: "browser WASM, graph 'basic', 1 thread", threads: 1, options: { graphOptimizationLevel: 'basic' } },
  { name: "browser WASM, 'all', enableMemPattern off", threads: 1, options: { enableMemPattern: false } },
  { name: "browser WASM, 'all', enableCpuMemArena off", threads: 1, options: { enableCpuMemArena: false } },
  { name: "browser WASM, 'all', executionMode parallel", threads: 1, options: { executionMode: 'parallel' } },
  { name: "browser WASM, graph 'all', 2 threads", threads: 2, options: {} },
];

const NATIVE = [
  {
    key: 'all',
    name: "native onnxruntime-node, graph 'all', 1 thread",
    o: { runtime: 'native', graphOptimizationLevel: 'all', threads: 1 },
  },
  {
    key: 'extended',
    name: "native onnxruntime-node, graph 'extended', 1 thread",
    o: { runtime: 'native', graphOptimizationLevel: 'extended', threads: 1 },
  },
  {
    key: 'all-2',
    name: "native onnxruntime-node, graph 'all', 2 threads",
    o: { runtime: 'native', graphOptimizationLevel: 'all', threads: 2 },
  },
  {
    key: 'v8',
    name: "onnxruntime-web WASM in Node (V8, no browser), graph 'all', 1 thread",
    o: { runtime: 'wasm-in-node', graphOptimizationLevel: 'all', threads: 1 },
  },
] as const;

async function openLab(browser: Browser, url: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(KEEP_NAMES_SHIM);
  await page.goto(new URL('?lab=ppocr-rec', url).href);
  await page.waitForFunction(() => window.__qlabLab !== undefined, undefined, { timeout: 60_000 });
  return { page, close: () => context.close() };
}

/** One bench-ocr request in the page, on a lab worker with `threads` (made and loaded once). */
function benchInPage(page: Page, threads: number, request: OcrBenchRequest): Promise<OcrBenchReport> {
  return page.evaluate(
    async ([n, req]) => {
      const clients = (window.__benchClients ??= new Map());
      let client = clients.get(n);
      if (client === undefined) {
        client = window.__qlabLab!.client(n);
        await client.load({ kind: 'shipped', model: 'ppocr-rec' });
        clients.set(n, client);
      }
      return client.benchOcr(req);
    },
    [threads, request] as const,
  );
}

/** WebGPU through the app, in a Chromium given SwiftShader's software adapter. */
async function webgpuSwiftshader(url: string, samples: number): Promise<OcrBenchReport | string> {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const browser = await chromium.launch({ ...(existsSync(path) ? { executablePath: path } : {}), args: webgpuSwiftshaderArgs });
  try {
    const { page } = await openLab(browser, url);
    return await benchInPage(page, 1, { backend: 'webgpu', options: {}, samples, rounds: 1 });
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await browser.close();
  }
}

export async function benchFp32LikeForLike(browser: Browser, url: string): Promise<BenchRow[]> {
  const lab = await openLab(browser, url);
  const isolated = await lab.page.evaluate(() => window.__qlabLab!.isolated);
  const browserConfigs = BROWSER.filter((b) => b.threads === 1 || isolated);
  const timers: Fp32Timer[] = [];
  for (const n of NATIVE) timers.push(await fp32Timer(n.o));
  const nativeMs: number[][] = NATIVE.map(() => []);
  const browserMs: number[][] = browserConfigs.map(() => []);
  let reference: OcrBenchReport | null = null;
  try {
    for (let r = 0; r < ROUNDS; r++) {
      for (const [i, t] of timers.entries()) nativeMs[i]!.push(...(await t.round()));
      for (const [i, b] of browserConfigs.entries()) {
        const report = await benchInPage(lab.page, b.threads, { backend: 'wasm', options: b.options, samples: null, rounds: 1 });
        browserMs[i]!.push(...report.ms);
        if (i === 0) reference ??= report;
      }
    }
  } finally {
    await lab.close();
  }
  const gpuSamples = 4;
  const gpu = await webgpuSwiftshader(url, gpuSamples);

  const rows: BenchRow[] = [];
  const med = (k: (typeof NATIVE)[number]['key']): number => median(nativeMs[NATIVE.findIndex((n) => n.key === k)]!);
  for (const [i, n] of NATIVE.entries()) {
    const m = median(nativeMs[i]!);
    rows.push({
      section: SECTION,
      name: n.name,
      value: m,
      unit: 'ms',
      ...(i > 0 ? { ratio: med('all') / m, baseline: "faster than native 'all'" } : {}),
    });
  }
  const app = median(browserMs[0]!);
  for (const [i, b] of browserConfigs.entries()) {
    const m = median(browserMs[i]!);
    rows.push({
      section: SECTION,
      name: b.name,
      value: m,
      unit: 'ms',
      ...(i > 0 ? { ratio: app / m, baseline: "faster than the app's options" } : {}),
    });
  }
  const same = (a: readonly string[], b: readonly string[]): number => a.filter((t, i) => t === b[i]).length;
  const textsAgree = reference === null ? 0 : same(reference.texts, timers[0]!.texts);
  rows.push({
    section: SECTION,
    name: `texts: browser fp32 = native fp32 on ${textsAgree}/${timers[0]!.texts.length} crops`,
    value: textsAgree,
    unit: 'lines',
  });

  const ratios = 'models: fp32 browser / native (same run, like for like)';
  const goal = { goal: 'browser within 2x of native' };
  const ratio = (name: string, a: number, b: number, withGoal: boolean): BenchRow => ({
    section: ratios,
    name,
    value: a / b,
    unit: 'x',
    ...(withGoal ? { ...goal, met: a / b <= 2 } : {}),
  });
  rows.push(ratio("browser / native, both graph 'all' (native adds x86-only NCHWc conv layouts)", app, med('all'), true));
  const ext = browserConfigs.findIndex((b) => b.options.graphOptimizationLevel === 'extended');
  if (ext >= 0)
    rows.push(
      ratio("browser / native, both graph 'extended' (the same graph on both sides)", median(browserMs[ext]!), med('extended'), true),
    );
  rows.push(ratio("onnxruntime-web WASM in Node / native, both 'all' (WASM vs native, no browser)", med('v8'), med('all'), false));
  rows.push(ratio("browser / onnxruntime-web WASM in Node, both 'all' (the browser's own cost)", app, med('v8'), false));
  const two = browserConfigs.findIndex((b) => b.threads === 2);
  if (two >= 0) rows.push(ratio("browser / native, both graph 'all', 2 threads", median(browserMs[two]!), med('all-2'), true));
  else rows.push({ section: ratios, name: '2 threads: skipped, the page is not cross-origin isolated', value: Number.NaN, unit: '' });

  const gpuSection = 'models (browser, WebGPU on SwiftShader: a SOFTWARE adapter, not a GPU)';
  if (typeof gpu === 'string') rows.push({ section: gpuSection, name: `fp32: error ${gpu}`, value: Number.NaN, unit: '' });
  else {
    const agree = reference === null ? 0 : same(gpu.texts, reference.texts);
    rows.push({
      section: gpuSection,
      name: `ppocr-rec fp32 on ${gpu.backend}${gpu.note === null ? '' : ` (${gpu.note})`}, first ${gpuSamples} crops, session.run`,
      value: median(gpu.ms),
      unit: 'ms',
      ratio: median(gpu.ms) / app,
      baseline: 'the browser WASM time',
    });
    rows.push({ section: gpuSection, name: `texts equal to WASM fp32 on ${agree}/${gpu.texts.length} crops`, value: agree, unit: 'lines' });
  }
  return rows;
}
