import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from '@playwright/test';
import { cell, isOwnRequest, outputText, runCell } from './helpers.ts';

test.describe('no third-party requests', () => {
  // Without the service worker every request the page makes is visible here.
  test.use({ serviceWorkers: 'block' });

  test('the app asks no host but its own for anything', async ({ page, context, baseURL }) => {
    const origin = new URL(baseURL ?? 'http://localhost').origin;
    const outside: string[] = [];
    await context.route(
      (url) => !isOwnRequest(url.href, origin),
      (route) => {
        outside.push(route.request().url());
        return route.abort();
      },
    );
    page.on('request', (r) => {
      if (!isOwnRequest(r.url(), origin)) outside.push(r.url());
    });
    await page.goto('/?lesson=00-welcome');
    await page.getByRole('button', { name: 'Run all', exact: true }).click();
    await expect(page.locator('[data-kernel-status="idle"]')).toBeVisible();
    await expect(cell(page, 1)).toHaveAttribute('data-status', /ok|error/);
    await page.goto('/?lesson=14-quantization');
    await runCell(page, 1);
    await page.getByRole('button', { name: 'Present' }).click();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Escape');
    await page.waitForLoadState('networkidle');
    expect(outside).toEqual([]);
  });
});

/** Files under `dir` of the production build, as paths relative to dist/. */
/** The build the preview server serves (playwright.config.ts: E2E_DIST or dist/). */
const DIST = process.env.E2E_DIST ?? 'dist';

function builtFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(DIST, join(e.parentPath, e.name)));
}

test('after one visit the app works with the network off: lessons render and cells run', async ({ page, context }) => {
  await page.goto('/?lesson=00-welcome');
  await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // Everything the app needs is precached: every script, style and WebAssembly
  // file of the build (onnxruntime's included) and every shipped model.
  const cached = new Set(
    await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(new URL(r.url).pathname);
      return urls;
    }),
  );
  // Except the optional WebGPU runtime (vite.config.ts leaves it out: 28 MB; offline, WASM runs).
  const webgpuRuntime = /\/(ort-wasm-simd-threaded\.jsep-|ort\.bundle\.min-)/;
  const needed = [
    ...builtFiles(join(DIST, 'assets')).filter((f) => /\.(js|css|wasm|mjs)$/.test(f) && !webgpuRuntime.test(`/${f}`)),
    ...builtFiles(join(DIST, 'models')),
    'index.html',
  ];
  expect([...cached].filter((u) => webgpuRuntime.test(u))).toEqual([]);
  expect(needed.filter((f) => !cached.has(`/${f}`))).toEqual([]);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await runCell(page, 1);
  expect(await outputText(page, 1)).not.toBe('');
  await page.goto('/?lesson=14-quantization');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/./);
  await runCell(page, 1);
  await expect(cell(page, 1)).toHaveAttribute('data-status', 'ok');
  // The service worker's responses carry the isolation headers, so threads stay on offline.
  await expect(page.getByTestId('threads-status')).toHaveText('Threads: on');
  await context.setOffline(false);
});

test('the status bar says threads are on when the page is cross-origin isolated', async ({ page }) => {
  await page.goto('/');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId('threads-status')).toHaveText('Threads: on');
});
