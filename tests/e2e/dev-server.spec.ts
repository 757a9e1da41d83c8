import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { cell, lessonOf, openLesson, outputText, runCell } from './helpers.ts';

// `npm start` as a student first meets it: the Vite dev server (playwright.config.ts, project
// `dev`), not the preview build. The dev server differs from the build in ways the other specs
// cannot see: React StrictMode runs every effect's cleanup once more (a lab worker disposed
// under the page once hung "Load model" for 90 s), modules and workers are served unbundled,
// and dependencies are optimised on first use.

const samples: { samples: { file: string; float32: { caption: string } }[] } = JSON.parse(
  readFileSync('public/samples/tiny-blip/samples.json', 'utf8'),
);

/** Every page error and console error, so a dev-only failure is named in the test's output. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

test('the start lesson renders and a cell prints what PyTorch prints, in its own process', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chapter 14: Quantization');
  // The kernel frame is on the other loopback site (localhost ⇄ 127.0.0.1), served by the dev server too.
  await expect(page.getByTestId('kernel-process')).toHaveAttribute('data-state', 'own process');
  await runCell(page, 1);
  await runCell(page, 2);
  await expect(cell(page, 2)).toHaveAttribute('data-status', 'ok');
  expect(await outputText(page, 2)).toBe('iinfo(min=0, max=255, dtype=uint8)');
  expect(errors).toEqual([]);
});

test('the Model lab loads the OCR model and runs a variant', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/?lab=ppocr-rec');
  await page.getByRole('button', { name: 'Load model' }).click();
  // The build loads it in a few seconds; under the lab's 90 s watchdog, so a dead worker fails here.
  await expect(page.getByText(/2,690,296 parameters/)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);

  for (const name of ['float16 weights', 'int8 per-tensor', 'recommended mix'])
    await page.getByRole('checkbox', { name: new RegExp(`^${name}`) }).uncheck();
  await page.getByRole('checkbox', { name: /^int8 per-channel/ }).check();
  await page.getByRole('checkbox', { name: 'Also read the sample crops (agreement with fp32)' }).uncheck();
  await page.getByRole('combobox', { name: 'Runs per variant' }).selectOption('1');
  await page.getByRole('textbox', { name: 'Text' }).fill('Hello world');
  await page.getByRole('button', { name: 'Run', exact: true }).click();

  const row = (variant: string) => page.locator(`table.lab-results tr[data-variant="${variant}"]`);
  const cellOf = (variant: string, column: number) => row(variant).locator('td').nth(column);
  await expect(cellOf('int8-channel', 6)).toContainText('“Hello world”', { timeout: 120_000 });
  await expect(cellOf('fp32', 6)).toContainText('“Hello world”');
  await expect(cellOf('fp32', 1)).toHaveText(/^10\.[78]\d MB$/);
  await expect(cellOf('int8-channel', 1)).toHaveText(/^2\.[89]\d MB$/);
  await expect(cellOf('int8-channel', 4)).toHaveText(/^\d+(\.\d)? ms$/); // median latency of the typed text
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('tiny-BLIP captions a shipped sample as PyTorch did', async ({ page }) => {
  const errors = collectErrors(page);
  const first = samples.samples[0]!;
  await openLesson(
    page,
    lessonOf(
      `const m = await models.load("tiny-blip")\nconst s = (await blip.samples()).find((x) => x.file === ${JSON.stringify(first.file)})\nprint((await m.run(s)).caption)`,
    ),
  );
  await runCell(page, 1, 120_000);
  await expect(cell(page, 1)).toHaveAttribute('data-status', 'ok');
  expect(await outputText(page, 1)).toBe(first.float32.caption);
  expect(errors).toEqual([]);
});
