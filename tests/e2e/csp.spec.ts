// The Content-Security-Policy (scripts/csp.ts) must refuse nothing the app
// itself does: a smoke walk through every kind of output, math, the editor,
// figures, a model in a cell, the Model lab, slides, exports and the offline
// service worker, failing on any violation in any frame (the page and the
// kernel frame on the other loopback site).
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { cell, lessonOf, openLesson, outputText, recordCspViolations, runCell, typeInCell } from './helpers.ts';

test("the built pages carry the policy: the page's allows WebAssembly but no eval; the kernel frame's allows only its own scripts", async ({
  page,
  baseURL,
}) => {
  await page.goto('/');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("img-src 'self' data: blob:");
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval';");
  expect(policy).not.toContain("'unsafe-eval'");
  const frame = await (await page.request.get(`${baseURL}/kernel.html`)).text();
  expect(frame).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; worker-src 'self';/);
});

test('no CSP violation anywhere: outputs, figures, KaTeX, CodeMirror, a model, the lab, slides, exports', async ({ page, context }) => {
  test.setTimeout(240_000);
  const violations = await recordCspViolations(context, page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  // The welcome lesson: prints, tables, a Plot figure, Markdown, images.
  await page.goto('/?lesson=00-welcome');
  await page.getByRole('button', { name: 'Run all', exact: true }).click();
  await expect(page.locator('[data-kernel-status="idle"]')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.out-figure svg').first()).toBeVisible();

  // The chapter: KaTeX, the interactive figures, the editor.
  await page.goto('/?lesson=14-quantization');
  await expect(page.locator('.katex').first()).toBeVisible();
  await expect(page.locator('[data-figure] figure').first()).toBeVisible();
  await runCell(page, 1);
  await expect(cell(page, 1).locator('.cm-content')).toBeVisible();
  await typeInCell(page, 1, 'print("typed")');
  await runCell(page, 1);
  expect(await outputText(page, 1)).toBe('typed');
  await page.getByRole('button', { name: 'Present' }).click();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Escape');

  // Exports: blob: downloads.
  for (const label of [/Lesson Markdown/, /Jupyter/, /Web page/]) {
    await page.getByText('Export', { exact: true }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label }).click()]);
    expect((await readFile(await download.path(), 'utf8')).length).toBeGreaterThan(100);
  }

  // A model in a cell: onnxruntime's WebAssembly in the kernel worker; display of an image and a table.
  await openLesson(
    page,
    lessonOf('const m = await models.load("ppocr-rec")\nconst img = ocr.render("Hi")\ndisplay(img)\nprint((await m.run(img)).text)'),
  );
  await runCell(page, 1, 120_000);
  await expect(cell(page, 1)).toHaveAttribute('data-status', 'ok');
  await expect(cell(page, 1).locator('img.out-image')).toBeVisible();

  // The Model lab: the page's own worker, onnxruntime, histograms.
  await page.goto('/?lab=ppocr-rec');
  await page.getByRole('button', { name: 'Load model' }).click();
  await expect(page.getByRole('heading', { name: '2. Variants' })).toBeVisible({ timeout: 90_000 });

  expect(errors).toEqual([]);
  expect(violations).toEqual([]);
});
