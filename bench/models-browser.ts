// Issue 5's figures in headless Chromium, through the app's own runtime: the model lab's
// worker (app/lab/lab-worker.ts, onnxruntime-web's WebAssembly) driven via window.__qlabLab.
// For the OCR model, every lab variant's file size, session load time, median latency over
// the sample crops and CER vs fp32, with 1 thread and (when the page is cross-origin isolated)
// 2; plus the MatMul-heavy generated model in fp32 vs dynamic int8. Row names follow
// bench/models-node.ts so the two can be paired for browser/native ratios. Then the fp32
// like-for-like comparison with native and what was tried to close the gap (models-fp32.ts).
import type { Browser } from '@playwright/test';
import { characterErrorRate } from '../app/models/ocr/ppocr.ts';
import { median, type BenchRow } from '../scripts/lib/stats.ts';
import { benchFp32LikeForLike } from './models-fp32.ts';

// tsx compiles with keepNames, which wraps functions in page.evaluate callbacks in a `__name` helper the page lacks.
const KEEP_NAMES_SHIM = { content: 'globalThis.__name = (f) => f;' };
const ROUNDS = 3;

/**
 * Row names as bench/models-node.ts spells them, for browser/native pairs. The lab always folds
 * weight DequantizeLinear at load, so its int8 per-channel pairs with Node's "(DQ folded)" row;
 * Node has no folded per-tensor row, so that one stays unpaired.
 */
const NODE_NAMES: Readonly<Record<string, string>> = {
  fp32: 'fp32',
  float16: 'float16 weights',
  bfloat16: 'bfloat16 weights',
  'int8-tensor': 'int8 weight-only, per tensor (DQ folded)',
  'int8-channel': 'int8 weight-only, per channel (DQ folded)',
  dynamic: 'dynamic (ORT-style MatMul+ConvInteger), per tensor',
  mix: 'mix: dynamic MatMul + int8 conv, conv2d_162 fp32 (DQ folded)',
};

interface VariantFigures {
  readonly name: string;
  readonly bytes: number;
  readonly loadMs: number;
  /** Every sample's latency from every round. */
  readonly ms: readonly number[];
  readonly texts: readonly string[];
  readonly error: string | null;
}

interface PageFigures {
  readonly isolated: boolean;
  readonly threads: number | null;
  readonly variants: readonly VariantFigures[];
  readonly matmul: readonly { shape: string; fp32Ms: number; int8Ms: number; fp32Bytes: number; int8Bytes: number }[];
}

async function measure(browser: Browser, url: string, threads: number, matmul: boolean): Promise<PageFigures> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(KEEP_NAMES_SHIM);
    await page.goto(new URL('?lab=ppocr-rec', url).href);
    await page.waitForFunction(() => window.__qlabLab !== undefined, undefined, { timeout: 60_000 });
    return await page.evaluate(
      async ([n, rounds, withMatmul]) => {
        const hook = window.__qlabLab!;
        const client = hook.client(n);
        const info = await client.load({ kind: 'shipped', model: 'ppocr-rec' });
        const specs = hook.variants(info);
        const figures = new Map<
          string,
          { name: string; bytes: number; loadMs: number; ms: number[]; texts: string[]; error: string | null }
        >();
        // Rounds over all variants, as measureVariants interleaves, so background load spreads evenly.
        for (let r = 0; r < rounds; r++) {
          for (const spec of specs) {
            const [o] = await client.run({ variants: [spec], input: null, repeats: 1, samples: true, backend: 'wasm' });
            if (o === undefined) continue;
            const f = figures.get(spec.key) ?? { name: spec.key, bytes: 0, loadMs: 0, ms: [], texts: [], error: null };
            if ('error' in o) f.error = o.error;
            else {
              if (r === 0) Object.assign(f, { bytes: o.fileSize, loadMs: o.loadMs, texts: [...(o.samples?.texts ?? [])] });
              f.ms.push(...(o.samples?.ms ?? []));
            }
            figures.set(spec.key, f);
          }
        }
        const matmulReports = [];
        if (withMatmul)
          for (const [layers, rows, dim] of [
            [8, 1, 512],
            [4, 64, 1024],
          ] as const)
            matmulReports.push(await client.benchMatmul(layers, rows, dim, 15));
        const threadsUsed = client.threads;
        client.dispose();
        return { isolated: hook.isolated, threads: threadsUsed, variants: [...figures.values()], matmul: matmulReports };
      },
      [threads, ROUNDS, matmul] as const,
    );
  } finally {
    await context.close();
  }
}

function rowsFor(figures: PageFigures, threads: number, withMatmul: boolean): BenchRow[] {
  const section = `models (browser, ${threads} thread${threads > 1 ? 's' : ''})`;
  const rows: BenchRow[] = [];
  const fp32 = figures.variants[0];
  for (const v of figures.variants) {
    if (v.error !== null || fp32 === undefined) {
      rows.push({
        section,
        name: `ppocr-rec ${NODE_NAMES[v.name] ?? v.name}: error ${v.error ?? 'no fp32 reference'}`,
        value: Number.NaN,
        unit: '',
      });
      continue;
    }
    const name = NODE_NAMES[v.name] ?? v.name;
    const latency = median(v.ms);
    const meanCer = v.texts.reduce((sum, t, i) => sum + characterErrorRate(fp32.texts[i] ?? '', t), 0) / Math.max(1, v.texts.length);
    rows.push({
      section,
      name: `ppocr-rec ${name}: size`,
      value: v.bytes / 1e6,
      unit: 'MB',
      ratio: fp32.bytes / v.bytes,
      baseline: 'smaller than fp32',
    });
    rows.push({ section, name: `ppocr-rec ${name}: load`, value: v.loadMs, unit: 'ms' });
    rows.push({
      section,
      name: `ppocr-rec ${name}: latency`,
      value: latency,
      unit: 'ms',
      ratio: median(fp32.ms) / latency,
      baseline: 'faster than fp32',
    });
    rows.push({ section, name: `ppocr-rec ${name}: CER vs fp32`, value: meanCer, unit: '' });
  }
  if (withMatmul) {
    for (const r of figures.matmul) {
      rows.push({ section, name: `MatMul stack ${r.shape}: fp32`, value: r.fp32Ms, unit: 'ms' });
      rows.push({
        section,
        name: `MatMul stack ${r.shape}: dynamic int8`,
        value: r.int8Ms,
        unit: 'ms',
        ratio: r.fp32Ms / r.int8Ms,
        baseline: 'faster than fp32',
      });
    }
  }
  return rows;
}

export async function benchModelsBrowser(browser: Browser, url: string): Promise<BenchRow[]> {
  const one = await measure(browser, url, 1, true);
  const rows = rowsFor(one, 1, true);
  // Threads need SharedArrayBuffer, which needs cross-origin isolation (the preview server sends the headers).
  if (one.isolated) rows.push(...rowsFor(await measure(browser, url, 2, true), 2, true));
  else
    rows.push({
      section: 'models (browser, 2 threads)',
      name: 'skipped: the page is not cross-origin isolated',
      value: Number.NaN,
      unit: '',
    });
  rows.push(...(await benchFp32LikeForLike(browser, url)));
  return rows;
}
