// Issue 3's figures: float32→bfloat16, float32→float16 and per-channel int8
// quantize+dequantize of 16M floats, single thread, in Node and in Chromium,
// against a plain copy of the same array measured in the same run.
import { resolve } from 'node:path';
import type { Browser } from '@playwright/test';
import { build } from 'esbuild';
import { runNumericBench, type NumericBenchReport } from '../app/torch/bench-kernels.ts';
import { root } from '../scripts/lib/browser.ts';
import type { BenchRow } from '../scripts/lib/stats.ts';

const REPEATS = 5;

declare global {
  // Set by the esbuild IIFE bundle injected into the bench page.
  var numericBench: { runNumericBench: typeof runNumericBench } | undefined;
}

function rowsOf(where: string, report: NumericBenchReport): BenchRow[] {
  return report.kernels.map((k) => {
    const isCopy = k.name.startsWith('copy');
    const meps = k.elementsPerSecond / 1e6;
    return {
      section: `numeric (${where})`,
      name: `${k.name}, ${report.n} elements`,
      value: meps,
      unit: 'M elem/s',
      ratio: k.ratioToCopy,
      baseline: 'vs copy (set)',
      ...(isCopy ? {} : { goal: '≥ 200 M/s and ≥ 1/3 of copy', met: meps >= 200 && k.ratioToCopy >= 1 / 3 }),
    };
  });
}

export async function benchNumericNode(): Promise<BenchRow[]> {
  return rowsOf('node', runNumericBench({ repeats: REPEATS }));
}

export async function benchNumericBrowser(browser: Browser, url: string): Promise<BenchRow[]> {
  const bundle = await build({
    entryPoints: [resolve(root, 'app/torch/bench-kernels.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'numericBench',
    target: 'es2022',
  });
  const script = bundle.outputFiles[0]!.text;
  const context = await browser.newContext();
  const page = await context.newPage();
  // Served from the app's own origin, so the page is cross-origin isolated like the app.
  await page.route('**/__bench/numeric.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
      body: '<!doctype html><title>numeric bench</title>',
    }),
  );
  await page.goto(new URL('__bench/numeric.html', url).href);
  await page.addScriptTag({ content: script });
  const report = await page.evaluate((repeats) => globalThis.numericBench!.runNumericBench({ repeats }), REPEATS);
  await context.close();
  return rowsOf('chromium', report);
}
