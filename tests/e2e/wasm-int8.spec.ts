// app/wasm's LinearDynamicInt8 in Chromium, where relaxed SIMD exists (Node 20 validates it only
// behind a flag, and its experimental lowering gave wrong sums for kernels of more than one row, so
// the Node tests run SIMD128's i8-dot16 only: app/wasm/linear-int8.test.ts). The spec bundles
// wasm-int8/page-run.ts with esbuild and serves it on the preview's origin through page.route.
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { build } from 'esbuild';
import { INT8_CASES, int8CaseName } from '../../app/wasm/linear-int8-cases.ts';
import type { Int8PageReport } from './wasm-int8/page-run.ts';

test('LinearDynamicInt8 picks its kernel by what the relaxed-dot probe finds in Chromium, and every kernel it allows gives the reference bits on every case', async ({
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
  test.info().annotations.push({ type: 'relaxed-dot probe', description: report.behaviour });
  process.stdout.write(`relaxed-dot probe in Chromium: ${report.behaviour}\n`);
  // x86 Chromium: VNNI's vpdpbusd ('u8s8') or pmaddubsw's saturating pairs; never an unknown reading
  expect(['u8s8', 'pairs-saturate', 's8s8']).toContain(report.behaviour);
  const u8 = report.behaviour === 'u8s8';
  expect(report.cases.map((c) => c.name)).toEqual(INT8_CASES.map(int8CaseName));
  for (const [i, c] of report.cases.entries()) {
    const reduceRange = INT8_CASES[i]!.reduceRange;
    const expected = u8 ? 'i8-u8-fused' : !reduceRange ? 'i8-dot16' : report.behaviour === 's8s8' ? 'i8-shift-fused' : 'i8-shift-relaxed';
    expect(c.kernel, c.name).toBe(expected);
    expect(c.pickedMismatches, c.name).toBe(0);
    expect(Object.keys(c.byKernel).sort(), c.name).toEqual(
      (reduceRange ? ['i8-dot16', 'i8-shift-fused', 'i8-shift-relaxed', 'i8-u8-fused'] : ['i8-dot16', 'i8-u8-fused']).sort(),
    );
    for (const [kernel, outcome] of Object.entries(c.byKernel)) {
      if (kernel === 'i8-u8-fused' && !u8)
        expect(outcome, `${c.name} ${kernel}`).toEqual({
          refused: expect.stringMatching(
            /^kernel i8-u8-fused was asked for, but this WebAssembly engine's relaxed_dot_i8x16_i7x16_add_s .*: u8 activations would not multiply exactly$/,
          ),
        });
      else expect(outcome, `${c.name} ${kernel}`).toMatchObject({ mismatches: 0 });
    }
  }
  // weights at 64·s_n (whose shifted 128 does not fit the i7 operand) were there and were fixed on the per-tensor cases, by both shift kernels
  for (const kernel of ['i8-shift-relaxed', 'i8-shift-fused'])
    expect(
      report.cases.filter((c) => {
        const o = c.byKernel[kernel];
        return o !== undefined && 'fixes' in o && o.fixes > 0;
      }).length,
      kernel,
    ).toBeGreaterThanOrEqual(2);
});
