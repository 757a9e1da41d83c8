// app/wasm's LinearDynamicInt8 in Chromium, where relaxed SIMD exists (Node 20 validates it only
// behind a flag, and its experimental lowering gave wrong sums for kernels of more than one row, so
// the Node tests run SIMD128's i8-dot16 only: app/wasm/linear-int8.test.ts). The spec bundles
// wasm-int8/page-run.ts with esbuild and serves it on the preview's origin through page.route.
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { build } from 'esbuild';
import { INT8_CASES, int8CaseName } from '../../app/wasm/linear-int8-cases.ts';
import type { Int8PageReport } from './wasm-int8/page-run.ts';

test('LinearDynamicInt8 picks i8-shift-relaxed for reduce_range weights in Chromium and gives the reference bits on every case (i8-dot16 too)', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const script = await build({
    entryPoints: [resolve('tests/e2e/wasm-int8/page-run.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
  });
  const files: Record<string, string> = {
    '/__wasm-int8/': '<!doctype html><meta charset="utf-8"><title>wasm-int8</title><script src="run.js"></script>',
    '/__wasm-int8/run.js': script.outputFiles[0]!.text,
  };
  await page.route('**/__wasm-int8/**', (route) => {
    const path = new URL(route.request().url()).pathname;
    const body = files[path];
    if (body === undefined) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({
      status: 200,
      contentType: path.endsWith('/') ? 'text/html' : 'text/javascript',
      headers: { 'Cache-Control': 'no-store' },
      body,
    });
  });
  await page.goto('/__wasm-int8/');
  const report = await page.evaluate(() => (globalThis as unknown as { runInt8: () => Int8PageReport }).runInt8());
  expect(report.relaxedValidates).toBe(true);
  expect(report.cases.map((c) => c.name)).toEqual(INT8_CASES.map(int8CaseName));
  for (const [i, c] of report.cases.entries()) {
    expect(c.kernel, c.name).toBe(INT8_CASES[i]!.reduceRange ? 'i8-shift-relaxed' : 'i8-dot16');
    expect({ picked: c.pickedMismatches, dot16: c.dot16Mismatches }, c.name).toEqual({ picked: 0, dot16: 0 });
  }
  // weights at 64·s_n (whose shifted 128 does not fit the i7 operand) were there and were fixed on the per-tensor cases
  expect(report.cases.filter((c) => c.kernel === 'i8-shift-relaxed' && c.fixes > 0).length).toBeGreaterThanOrEqual(2);
});
