import { expect, test, type Page } from '@playwright/test';
import { lessonOf, openLesson, outputText, runCell } from './helpers.ts';

// Without a WebGPU adapter (the default flags: --disable-gpu): the lab says WebGPU is
// unavailable and why, and everything runs on WASM; a cell asking for WebGPU is told so.

const row = (page: Page, variant: string) => page.locator(`table.lab-results tr[data-variant="${variant}"]`);

test('with no WebGPU adapter the lab disables WebGPU, says why, and runs on WASM', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/?lab=ppocr-rec');
  await page.getByRole('button', { name: 'Load model' }).click();
  await expect(page.getByRole('heading', { name: '2. Variants' })).toBeVisible({ timeout: 90_000 });
  const backend = page.getByRole('group', { name: 'Backend' });
  await expect(backend.getByRole('radio', { name: 'WebGPU' })).toBeDisabled();
  await expect(backend.getByRole('radio', { name: 'Auto' })).toBeChecked();
  await expect(page.getByTestId('lab-webgpu-status')).toHaveText(
    'WebGPU unavailable: the browser gave no WebGPU adapter (no usable GPU, or WebGPU is turned off). Auto uses WASM.',
  );
  // The reason is the group's description, so a screen reader hears it with the choices.
  await expect(backend).toHaveAccessibleDescription(/WebGPU unavailable: the browser gave no WebGPU adapter/);

  for (const name of ['float16 weights', 'int8 per-tensor', 'int8 per-channel', 'recommended mix']) {
    await page.getByRole('checkbox', { name: new RegExp(`^${name}`) }).setChecked(false);
  }
  await page.getByRole('checkbox', { name: 'Also read the sample crops (agreement with fp32)' }).uncheck();
  await page.getByRole('textbox', { name: 'Text' }).fill('Hello world');
  await page.getByRole('combobox', { name: 'Runs per variant' }).selectOption('1');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(row(page, 'fp32').locator('td').nth(6)).toContainText('“Hello world”', { timeout: 120_000 });
  await expect(row(page, 'fp32').locator('td').nth(10)).toHaveText('WASM (CPU)');
});

test('a cell asking for WebGPU without an adapter is told so and runs on WASM', async ({ page }) => {
  test.setTimeout(120_000);
  await openLesson(
    page,
    lessonOf(
      'for (const b of await models.backends()) print(b.backend, b.available, b.detail)',
      'const m = await models.load("ppocr-rec", { backend: "webgpu" })\nprint(m.backend_choice, m.backend)\nprint((await m.run(ocr.render("Hello world"))).text)\nprint(m.backend)',
      'const h = m.to(torch.float16)\nprint((await h.run(ocr.render("Hello world"))).text, h.backend_choice, h.backend)',
      'await models.load("ppocr-rec", { backend: "cuda" })',
    ),
  );
  await runCell(page, 1, 30_000);
  expect(await outputText(page, 1)).toMatch(
    /^wasm true WebAssembly SIMD, threads possible \(cross-origin isolated\)\nwebgpu false the browser gave no WebGPU adapter \(no usable GPU, or WebGPU is turned off\)$/,
  );
  await runCell(page, 2, 60_000);
  expect(await outputText(page, 2)).toBe(
    'webgpu null\nfp32: WebGPU is not available here: the browser gave no WebGPU adapter (no usable GPU, or WebGPU is turned off); it ran on WASM instead\nHello world\nwasm',
  );
  // A variant keeps the choice, and says so again for its own session.
  await runCell(page, 3, 60_000);
  expect(await outputText(page, 3)).toBe(
    'float16: WebGPU is not available here: the browser gave no WebGPU adapter (no usable GPU, or WebGPU is turned off); it ran on WASM instead\nHello world webgpu wasm',
  );
  await runCell(page, 4);
  expect(await outputText(page, 4)).toBe('TypeError: models.load: backend must be "auto", "wasm" or "webgpu", not "cuda"');
});
