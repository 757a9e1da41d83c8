// `npm run bench decoder-wasm` (Node): bundles page.ts and app/wasm's linear worker with esbuild,
// serves them and onnxruntime-web's dist with COOP/COEP (bench/lib/isolated-server.ts), opens two
// Chromium pages — one with ours and onnxruntime-web at 1 thread, one with onnxruntime-web at 2
// threads (its thread count is fixed per page) — and interleaves their rounds (the order rotating
// each round), noting the 1-minute load average before each. Throws when a caption's ids differ
// between any two runs (ours and ort-web's must agree). The report: bench-results/decoder-wasm.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { launchChromium, root } from '../../scripts/lib/browser.ts';
import { bundleScript, serveIsolated } from '../lib/isolated-server.ts';
import { median, type BenchRow } from '../../scripts/lib/stats.ts';
import type { TextSplit } from '../../app/models/blip-hub/text-wasm.ts';
import type { DecoderBenchSetup, DecoderPageInfo, DecoderRound, DecoderRoundKind } from './page.ts';

interface Options {
  readonly runs: number;
  readonly warmup: number;
  readonly textConfig: Readonly<Record<string, number>>;
}
/** BLIP-base's text decoder (12 layers, 768 wide, 12 heads); a round of the four runs is ≈ 5 s here. */
const FULL: Options = { runs: 5, warmup: 1, textConfig: {} };
/** BENCH_DECODER_WASM_QUICK=1: 2 layers, one run: a smoke test of the pages. */
const QUICK: Options = { runs: 1, warmup: 0, textConfig: { num_hidden_layers: 2 } };

type RunName = 'ort-1' | 'ort-2' | 'ours-1' | 'ours-pool';
interface Timed extends DecoderRound {
  readonly load: number;
}

async function openPage(
  browser: Awaited<ReturnType<typeof launchChromium>>,
  url: string,
  setup: DecoderBenchSetup,
): Promise<{ page: Page; info: DecoderPageInfo }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[decoder-wasm page] ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => globalThis.decoderWasmSetup !== undefined);
  const info = await page.evaluate((s) => globalThis.decoderWasmSetup!(s), setup);
  return { page, info };
}

export async function benchDecoderWasm(): Promise<BenchRow[]> {
  const options = process.env.BENCH_DECODER_WASM_QUICK === '1' ? QUICK : FULL;
  // BENCH_DECODER_WASM_POOL_MIN=0: every product of a step through the pool (default: WasmTextDecoder's poolMinWeights)
  const poolMin = process.env.BENCH_DECODER_WASM_POOL_MIN;
  const poolMinWeights = poolMin === undefined ? {} : { poolMinWeights: Number(poolMin) };
  const loadBefore = loadavg()[0]!;
  const server = await serveIsolated('decoder-wasm bench', {
    '/page.js': await bundleScript(import.meta.dirname, 'page.ts', 'esm'),
    '/linear-worker.js': await bundleScript(import.meta.dirname, '../../app/wasm/linear-worker.ts', 'iife'),
  });
  const browser = await launchChromium();
  const runs: Record<RunName, Timed[]> = { 'ort-1': [], 'ort-2': [], 'ours-1': [], 'ours-pool': [] };
  let info: DecoderPageInfo;
  try {
    const one = await openPage(browser, server.url, { ours: true, ortThreads: 1, textConfig: options.textConfig, ...poolMinWeights });
    const two = await openPage(browser, server.url, { ours: false, ortThreads: 2, textConfig: options.textConfig });
    info = one.info;
    const plan: [RunName, Page, DecoderRoundKind][] = [
      ['ort-1', one.page, 'ort'],
      ['ours-1', one.page, 'ours'],
      ['ort-2', two.page, 'ort'],
      ['ours-pool', one.page, 'ours-pool'],
    ];
    for (let round = 0; round < options.warmup + options.runs; round++)
      for (let i = 0; i < plan.length; i++) {
        const [name, page, kind] = plan[(i + round) % plan.length]!;
        if (name === 'ours-pool' && !info.crossOriginIsolated) continue;
        const load = loadavg()[0]!;
        const r = await page.evaluate((k) => globalThis.decoderWasmRound!(k), kind);
        if (round >= options.warmup) runs[name].push({ ...r, load });
        const first = runs['ort-1'][0] ?? r;
        if (r.ids.join() !== first.ids.join())
          throw new Error(`decoder-wasm: ${name}'s ids ${r.ids.join(' ')} differ from ort-web's ${first.ids.join(' ')}`);
      }
  } finally {
    await browser.close();
    server.close();
  }
  const loadAfter = loadavg()[0]!;
  mkdirSync(resolve(root, 'bench-results'), { recursive: true });
  writeFileSync(
    resolve(root, 'bench-results', 'decoder-wasm.json'),
    JSON.stringify({ options, ...poolMinWeights, loadBefore, loadAfter, info, runs }, null, 2),
  );

  const chromium = /Chrome\/(\d+)/.exec(info.userAgent)?.[1] ?? '?';
  const steps = (runs['ort-1'][0]?.ids.length ?? 1) - 1;
  const section = `decoder-wasm BLIP text decoder fp32, ${steps} greedy steps + cross K/V (${info.layers} layers, ${info.tokens} image tokens, random weights), Chromium ${chromium}`;
  const ms = (name: RunName): number => median(runs[name].map((r) => r.ms));
  const loads = (name: RunName): string => {
    const l = runs[name].map((r) => r.load);
    return l.length === 0 ? '' : `; load ${Math.min(...l).toFixed(1)}–${Math.max(...l).toFixed(1)}`;
  };
  const crossOf = (name: RunName): string => `cross K/V ${median(runs[name].map((r) => r.crossMs)).toFixed(0)} ms`;
  const ort1 = ms('ort-1');
  const ort2 = ms('ort-2');
  const rows: BenchRow[] = [
    {
      section,
      name: `onnxruntime-web 1.30 cross + cached decoder, 1 thread (the baseline; ${crossOf('ort-1')}${loads('ort-1')})`,
      value: ort1,
      unit: 'ms',
    },
    {
      section,
      name: `onnxruntime-web, 2 threads (${crossOf('ort-2')}${loads('ort-2')})`,
      value: ort2,
      unit: 'ms',
      ratio: ort1 / ort2,
      baseline: 'speed-up vs ort-web 1 thread',
    },
    {
      section,
      name: `WasmTextDecoder ${info.kernel}, the page's thread (${crossOf('ours-1')}${loads('ours-1')})`,
      value: ms('ours-1'),
      unit: 'ms',
      ratio: ort1 / ms('ours-1'),
      baseline: 'speed-up vs ort-web 1 thread',
    },
  ];
  if (runs['ours-pool'].length > 0) {
    const pooled = ms('ours-pool');
    const name = `WasmTextDecoder, LinearPool 1 worker + the page thread${poolMin === undefined ? '' : `, poolMinWeights ${poolMin}`} (${crossOf('ours-pool')}${loads('ours-pool')})`;
    rows.push(
      { section, name, value: pooled, unit: 'ms', ratio: ort1 / pooled, baseline: 'speed-up vs ort-web 1 thread' },
      {
        section,
        name: `${name}, against ort-web 2 threads`,
        value: pooled,
        unit: 'ms',
        ratio: ort2 / pooled,
        baseline: 'speed-up vs ort-web 2 threads',
      },
    );
  }
  const splitRows = (label: string, name: RunName): BenchRow[] => {
    const splits = runs[name].map((r) => r.split).filter((s): s is TextSplit => s !== null);
    if (splits.length === 0) return [];
    const total = ms(name);
    return (Object.keys(splits[0]!) as (keyof TextSplit)[]).map((key) => {
      const value = median(splits.map((s) => s[key]));
      return { section, name: `${label}: ${key}`, value, unit: 'ms', ratio: value / total, baseline: 'share of the run' };
    });
  };
  rows.push(...splitRows('split, 1 thread', 'ours-1'), ...splitRows('split, 1 worker + page thread', 'ours-pool'));
  rows.push({
    section: 'decoder-wasm run',
    name: `load average (1 min) at start; at end ${loadAfter.toFixed(2)}`,
    value: loadBefore,
    unit: '',
  });
  if (!info.crossOriginIsolated) console.error('decoder-wasm: the page was not cross-origin isolated: no pool rows');
  return rows;
}
