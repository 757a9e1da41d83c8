// app/wasm's LinearF32 and LinearPool in Chromium, where relaxed SIMD exists (Node 20's tests run
// SIMD128 only: app/wasm/linear-f32.test.ts). The library is not in the app yet, so the spec bundles
// a dedicated worker that uses it (wasm-linear/host-worker.ts, standing where the kernel's worker
// will) and the pool's worker (app/wasm/linear-worker.ts) with esbuild; the page and the host
// worker are served on the preview's origin through page.route with COOP/COEP (a cross-origin-
// isolated page, as the kernel's frame is, so the memory is shared), the pool's workers from blob:
// URLs made by the host (a nested worker's own request passes no Playwright route).
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { build } from 'esbuild';
import type { HostCase, HostReply, HostReport } from './wasm-linear/host-worker.ts';

const ISOLATED = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cache-Control': 'no-store',
};

async function bundle(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [resolve(entry)],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
  });
  return out.outputFiles[0]!.text;
}

// Seeded shapes: M = 1 (the decoder's), odd M, K and N, K not a multiple of 4, M across 96 and K across 256, one BLIP-sized row count.
const CASES: readonly HostCase[] = [
  { seed: 201, M: 1, K: 768, N: 2304, bias: true },
  { seed: 202, M: 97, K: 257, N: 13, bias: true },
  { seed: 203, M: 61, K: 770, N: 176, bias: false },
  { seed: 204, M: 3, K: 5, N: 9, bias: false },
  { seed: 205, M: 577, K: 768, N: 96, bias: true },
  { seed: 206, M: 130, K: 3072, N: 40, bias: true },
];

/** Serves the page and the host worker (with `headers`), runs the host on `cases` with the `pools` named (HostRequest.pools). */
async function runHost(
  page: Page,
  headers: Record<string, string>,
  cases: readonly HostCase[],
  pools: readonly string[],
): Promise<HostReport> {
  const files: Record<string, string> = {
    '/__wasm-linear/': '<!doctype html><meta charset="utf-8"><title>wasm-linear</title>',
    '/__wasm-linear/host-worker.js': await bundle('tests/e2e/wasm-linear/host-worker.ts'),
  };
  await page.route('**/__wasm-linear/**', (route) => {
    const path = new URL(route.request().url()).pathname;
    const body = files[path];
    if (body === undefined) return route.fulfill({ status: 404, headers, body: 'not found' });
    return route.fulfill({ status: 200, contentType: path.endsWith('/') ? 'text/html' : 'text/javascript', headers, body });
  });
  await page.goto('/__wasm-linear/');
  const linearWorkerSource = await bundle('app/wasm/linear-worker.ts');
  const reply = await page.evaluate(
    ({ cases, pools, linearWorkerSource }) =>
      new Promise<HostReply>((done) => {
        const worker = new Worker('/__wasm-linear/host-worker.js');
        worker.onmessage = (e: MessageEvent<HostReply>) => done(e.data);
        worker.onerror = (e) => done({ ok: false, error: `the host worker failed: ${e.message}` });
        worker.postMessage({ cases, pools, linearWorkerSource });
      }),
    { cases, pools, linearWorkerSource },
  );
  if (!reply.ok) throw new Error(reply.error);
  return reply.report;
}

test('LinearF32 runs relaxed_madd in a dedicated worker within 1e-5 of float64, and pools of workers (and the calling thread) give its bits (M split, or the columns at M = 1 and 3), also for a layer of row steps and for dynamic-int8 Linears', async ({
  page,
}) => {
  test.setTimeout(120_000);
  // '+handoff': column-split runs (M = 1, 3) through handoff.ts's mailbox, the host worker blocking in Atomics.wait
  const report = await runHost(page, ISOLATED, CASES, ['1', '2', '3', '1+caller', '2+handoff', '1+caller+handoff']);
  expect(report.crossOriginIsolated).toBe(true);
  expect(report.shared).toBe(true);
  expect(report.relaxedValidates).toBe(true);
  expect(report.cases.map((c) => c.name)).toEqual(
    CASES.map((c) => `seed ${c.seed}: M ${c.M}, K ${c.K}, N ${c.N}, ${c.bias ? 'bias' : 'no bias'}`),
  );
  for (const c of report.cases) {
    expect(c.kernel, c.name).toBe('f32-relaxed');
    expect(c.relativeError, c.name).toBeLessThan(1e-5);
    expect(c.plainError, c.name).toBeLessThan(1e-5);
    expect(c.poolMismatches, c.name).toEqual({ '1': 0, '2': 0, '3': 0, '1+caller': 0, '2+handoff': 0, '1+caller+handoff': 0 });
  }
  // the FMA is a different rounding than mul + add: on some case the two kernels' errors differ
  expect(report.cases.some((c) => c.relativeError !== c.plainError)).toBe(true);
  // a transformer layer's row steps (attention, LayerNorm, GELU, residual, Linears) split over each pool: the one-thread bits
  expect(report.stepsMismatches).toEqual({ '1': 0, '2': 0, '3': 0, '1+caller': 0, '2+handoff': 0, '1+caller+handoff': 0 });
  // dynamic int8 (reduce_range: i8-shift-relaxed and 'auto'; 8-bit: i8-dot16 and 'auto') through each pool: run on 1,
  // 13, 97 rows, and an int8 → GELU → int8 chain of row steps split at each int8 Linear (per-thread minmax, planRun):
  // the one-thread bits. 'auto' is i8-u8-fused where the relaxed-dot probe finds VNNI's u8 × s8 (wasm-int8.spec.ts)
  const autoKernels = report.int8?.kernels.filter((k) => k !== 'i8-shift-relaxed' && k !== 'i8-dot16') ?? [];
  expect(autoKernels.every((k) => k === 'i8-u8-fused')).toBe(true);
  expect(report.int8).toEqual({
    kernels: ['i8-shift-relaxed', ...autoKernels, 'i8-dot16'],
    run: { '1': 0, '2': 0, '3': 0, '1+caller': 0, '2+handoff': 0, '1+caller+handoff': 0 },
    steps: { '1': 0, '2': 0, '3': 0, '1+caller': 0, '2+handoff': 0, '1+caller+handoff': 0 },
  });
  expect(report.badWorkerError).toMatch(/^LinearPool start: linear worker 0 crashed: .*this worker cannot start/);
  expect(report.unsharedPoolError).toBe('shared');
  expect(report.disposedError).toBe("Linear 'after dispose' (in_features 4, out_features 4): the pool has ended: it was disposed");
});

test('without cross-origin isolation LinearF32 runs on a plain memory, and a pool says it needs a shared one', async ({ page }) => {
  const report = await runHost(page, { 'Cache-Control': 'no-store' }, CASES.slice(1, 3), ['2']);
  expect(report.crossOriginIsolated).toBe(false);
  expect(report.shared).toBe(false);
  for (const c of report.cases) {
    expect(c.kernel, c.name).toBe('f32-relaxed');
    expect(c.relativeError, c.name).toBeLessThan(1e-5);
    expect(c.poolMismatches, c.name).toEqual({});
  }
  expect(report.int8).toBeNull();
  expect(report.unsharedPoolError).toBe(
    'LinearPool: the memory is not shared (SharedArrayBuffer needs a cross-origin-isolated context); run Linears in one thread',
  );
});
