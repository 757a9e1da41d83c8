// `npm run bench decoder-wasm` (Node): bundles page.ts and app/wasm's linear worker with esbuild,
// serves them and onnxruntime-web's dist with COOP/COEP (bench/lib/isolated-server.ts), opens two
// Chromium pages — one with ours and onnxruntime-web at 1 thread, one with onnxruntime-web at 2
// threads (its thread count is fixed per page) — and interleaves their rounds (the order rotating
// each round), noting the 1-minute load average before each. Throws when a float32 caption's ids
// differ between any two runs (ours and ort-web's must agree); the int8 variants' ids are compared
// with ort-web's int8 graphs of the same variant and a difference is named in the rows (the float
// parts round differently, so an int8 Linear's input can quantize to a neighbouring level:
// app/models/blip-hub/CONTEXT.md). The dynamic int8 rows (quantize_dynamic() and its
// reduce_range; BENCH_DECODER_WASM_INT8=0 leaves them out): ours in the page's thread, ort-web's
// int8 graphs at 1 and 2 threads. The report: bench-results/decoder-wasm.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { launchChromium, root } from '../../scripts/lib/browser.ts';
import { bundleScript, serveIsolated } from '../lib/isolated-server.ts';
import { median, type BenchRow } from '../../scripts/lib/stats.ts';
import type { TextSplit } from '../../app/models/blip-hub/text-wasm.ts';
import type { DecoderBenchSetup, DecoderPageInfo, DecoderRound, DecoderRoundKind, DecoderVariant } from './page.ts';

interface Options {
  readonly runs: number;
  readonly warmup: number;
  readonly textConfig: Readonly<Record<string, number>>;
}
/** BLIP-base's text decoder (12 layers, 768 wide, 12 heads); a round of the four runs is ≈ 5 s here. */
const FULL: Options = { runs: 5, warmup: 1, textConfig: {} };
/** BENCH_DECODER_WASM_QUICK=1: 2 layers, one run: a smoke test of the pages. */
const QUICK: Options = { runs: 1, warmup: 0, textConfig: { num_hidden_layers: 2 } };

type RunName =
  | 'ort-1'
  | 'ort-2'
  | 'ours-1'
  | 'ours-pool'
  | 'ort-int8-1'
  | 'ort-int8-2'
  | 'ours-int8'
  | 'ort-int8-rr-1'
  | 'ort-int8-rr-2'
  | 'ours-int8-rr';
const RUN_NAMES: readonly RunName[] = [
  'ort-1',
  'ort-2',
  'ours-1',
  'ours-pool',
  'ort-int8-1',
  'ort-int8-2',
  'ours-int8',
  'ort-int8-rr-1',
  'ort-int8-rr-2',
  'ours-int8-rr',
];
interface Timed extends DecoderRound {
  readonly load: number;
}
/** Each variant's reference: ort-web's 1-thread run of its graphs. */
const REFERENCE: Record<DecoderVariant, RunName> = { fp32: 'ort-1', int8: 'ort-int8-1', 'int8-rr': 'ort-int8-rr-1' };

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
  // BENCH_DECODER_WASM_HANDOFF=0: the pool posts a message per column-split run (as before handoff.ts)
  const handoff = process.env.BENCH_DECODER_WASM_HANDOFF !== '0';
  const int8 = process.env.BENCH_DECODER_WASM_INT8 !== '0';
  const loadBefore = loadavg()[0]!;
  const server = await serveIsolated('decoder-wasm bench', {
    '/page.js': await bundleScript(import.meta.dirname, 'page.ts', 'esm'),
    '/linear-worker.js': await bundleScript(import.meta.dirname, '../../app/wasm/linear-worker.ts', 'iife'),
  });
  const browser = await launchChromium();
  const runs = Object.fromEntries(RUN_NAMES.map((n) => [n, [] as Timed[]])) as Record<RunName, Timed[]>;
  /** every run's ids, warm-up included, to check against its variant's reference at the end */
  const allIds: { name: RunName; ids: readonly number[] }[] = [];
  let info: DecoderPageInfo;
  try {
    const one = await openPage(browser, server.url, {
      ours: true,
      ortThreads: 1,
      textConfig: options.textConfig,
      int8,
      handoff,
      ...poolMinWeights,
    });
    const two = await openPage(browser, server.url, { ours: false, ortThreads: 2, textConfig: options.textConfig, int8 });
    info = one.info;
    const plan: [RunName, Page, DecoderRoundKind][] = [
      ['ort-1', one.page, 'ort'],
      ['ours-1', one.page, 'ours'],
      ['ort-2', two.page, 'ort'],
      ['ours-pool', one.page, 'ours-pool'],
    ];
    if (int8)
      plan.push(
        ['ort-int8-1', one.page, 'ort-int8'],
        ['ours-int8', one.page, 'ours-int8'],
        ['ort-int8-2', two.page, 'ort-int8'],
        ['ort-int8-rr-1', one.page, 'ort-int8-rr'],
        ['ours-int8-rr', one.page, 'ours-int8-rr'],
        ['ort-int8-rr-2', two.page, 'ort-int8-rr'],
      );
    for (let round = 0; round < options.warmup + options.runs; round++)
      for (let i = 0; i < plan.length; i++) {
        const [name, page, kind] = plan[(i + round) % plan.length]!;
        if (name === 'ours-pool' && !info.crossOriginIsolated) continue;
        const load = loadavg()[0]!;
        const r = await page.evaluate((k) => globalThis.decoderWasmRound!(k), kind);
        if (round >= options.warmup) runs[name].push({ ...r, load });
        allIds.push({ name, ids: r.ids });
      }
  } finally {
    await browser.close();
    server.close();
  }
  const loadAfter = loadavg()[0]!;
  // ids against the variant's reference (ort-web's own graphs at 1 thread): float32 must agree; int8 differences are reported
  const variantOf = (name: RunName): DecoderVariant => (name.includes('int8-rr') ? 'int8-rr' : name.includes('int8') ? 'int8' : 'fp32');
  const mismatches = new Map<RunName, string>();
  for (const { name, ids } of allIds) {
    const ref = allIds.find((r) => r.name === REFERENCE[variantOf(name)])?.ids ?? ids;
    if (ids.join() === ref.join()) continue;
    const at = ids.findIndex((id, i) => id !== ref[i]);
    const what = `${name}'s ids ${ids.join(' ')} differ from ort-web's ${ref.join(' ')} (from token ${at})`;
    if (variantOf(name) === 'fp32') throw new Error(`decoder-wasm: ${what}`);
    if (!mismatches.has(name)) mismatches.set(name, `ids differ from ort-web int8's from token ${at}`);
    console.error(`decoder-wasm: ${what}`);
  }
  const idsNote = (name: RunName): string => mismatches.get(name) ?? (name.startsWith('ours') ? `ids = ort-web ${variantOf(name)}'s` : '');
  mkdirSync(resolve(root, 'bench-results'), { recursive: true });
  writeFileSync(
    resolve(root, 'bench-results', 'decoder-wasm.json'),
    JSON.stringify(
      { options, int8, ...poolMinWeights, loadBefore, loadAfter, info, runs, mismatches: Object.fromEntries(mismatches) },
      null,
      2,
    ),
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
    const name = `WasmTextDecoder, LinearPool 1 worker + the page thread${handoff ? ' (handoff)' : ' (messages)'}${poolMin === undefined ? '' : `, poolMinWeights ${poolMin}`} (${crossOf('ours-pool')}${loads('ours-pool')})`;
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
  const splitRows = (label: string, name: RunName, rowSection = section): BenchRow[] => {
    const splits = runs[name].map((r) => r.split).filter((s): s is TextSplit => s !== null);
    if (splits.length === 0) return [];
    const total = ms(name);
    return (Object.keys(splits[0]!) as (keyof TextSplit)[]).map((key) => {
      const value = median(splits.map((s) => s[key]));
      return { section: rowSection, name: `${label}: ${key}`, value, unit: 'ms', ratio: value / total, baseline: 'share of the run' };
    });
  };
  const int8Section = `decoder-wasm BLIP text decoder, dynamic int8 (every Linear: quantize_dynamic's MatMul), ${steps} greedy steps + cross K/V, Chromium ${chromium}`;
  if (int8 && runs['ours-int8'].length > 0) {
    const [k8, kRr] = info.int8Kernels ?? [null, null];
    const ours1 = ms('ours-1');
    const pooledFp32 = runs['ours-pool'].length > 0 ? ms('ours-pool') : null;
    for (const [v, label, kernel] of [
      ['int8', '8-bit weights', k8],
      ['int8-rr', 'reduce_range', kRr],
    ] as const) {
      const ort1Int8: RunName = v === 'int8' ? 'ort-int8-1' : 'ort-int8-rr-1';
      const ort2Int8: RunName = v === 'int8' ? 'ort-int8-2' : 'ort-int8-rr-2';
      const oursInt8: RunName = v === 'int8' ? 'ours-int8' : 'ours-int8-rr';
      const mine = ms(oursInt8);
      const name = `WasmTextDecoder int8 ${label} (${kernel ?? '?'}), the page's thread (${crossOf(oursInt8)}${loads(oursInt8)}; ${idsNote(oursInt8)})`;
      rows.push(
        {
          section: int8Section,
          name: `onnxruntime-web int8 ${label} graphs, 1 thread (${crossOf(ort1Int8)}${loads(ort1Int8)})`,
          value: ms(ort1Int8),
          unit: 'ms',
          ratio: ort1 / ms(ort1Int8),
          baseline: 'speed-up vs ort-web fp32 1 thread',
        },
        {
          section: int8Section,
          name: `onnxruntime-web int8 ${label} graphs, 2 threads (${crossOf(ort2Int8)}${loads(ort2Int8)})`,
          value: ms(ort2Int8),
          unit: 'ms',
          ratio: ort2 / ms(ort2Int8),
          baseline: 'speed-up vs ort-web fp32 2 threads',
        },
        { section: int8Section, name, value: mine, unit: 'ms', ratio: ours1 / mine, baseline: 'speed-up vs our fp32 decoder, page thread' },
        ...(pooledFp32 === null
          ? []
          : [
              {
                section: int8Section,
                name: `${name}, against our fp32 with 1 worker + page thread`,
                value: mine,
                unit: 'ms',
                ratio: pooledFp32 / mine,
                baseline: 'speed-up vs our fp32 decoder, pooled',
              },
            ]),
        {
          section: int8Section,
          name: `${name}, against ort-web int8 ${label} 1 thread`,
          value: mine,
          unit: 'ms',
          ratio: ms(ort1Int8) / mine,
          baseline: 'speed-up vs ort-web int8 1 thread',
        },
        {
          section: int8Section,
          name: `${name}, against ort-web int8 ${label} 2 threads`,
          value: mine,
          unit: 'ms',
          ratio: ms(ort2Int8) / mine,
          baseline: 'speed-up vs ort-web int8 2 threads',
        },
      );
    }
  }
  rows.push(...splitRows('split, 1 thread', 'ours-1'), ...splitRows('split, 1 worker + page thread', 'ours-pool'));
  if (int8)
    rows.push(
      ...splitRows('split, int8 8-bit, 1 thread', 'ours-int8', int8Section),
      ...splitRows('split, int8 reduce_range, 1 thread', 'ours-int8-rr', int8Section),
    );
  rows.push({
    section: 'decoder-wasm run',
    name: `load average (1 min) at start; at end ${loadAfter.toFixed(2)}`,
    value: loadBefore,
    unit: '',
  });
  if (!info.crossOriginIsolated) console.error('decoder-wasm: the page was not cross-origin isolated: no pool rows');
  return rows;
}
