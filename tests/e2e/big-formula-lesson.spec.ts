// Issue 12, "Big lessons": a generated formula-heavy lesson (1 MB, ~5,000
// formulas: the bench times the 5 MB one; typesetting all of that here would
// take minutes on a shared machine), imported as a student would. Its first cell shows, can be edited and run while the page is
// still typesetting formulas (the progress line says how far), and in the end
// every formula is typeset and the line is gone.
import { expect, test } from '@playwright/test';
import { formulaLesson } from '../../bench/formula-lesson.ts';
import { cell, openLesson, outputText, runCell, typeInCell } from './helpers.ts';

test('a 1 MB lesson of 5,000 formulas: the first cell works at once, formulas are typeset progressively', async ({ page }) => {
  test.setTimeout(600_000);
  const lesson = formulaLesson(1_000_000);
  await openLesson(page, '---\ntitle: Start\n---\n\n```ts\nprint(0)\n```\n');
  await page.getByTestId('import-file').setInputFiles({ name: 'formulas.md', mimeType: 'text/markdown', buffer: Buffer.from(lesson.text) });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Formula-heavy lesson', { timeout: 120_000 });

  const progress = page.getByRole('status').filter({ hasText: 'Typesetting formulas…' });
  await expect(progress).toBeVisible();
  // The first screen is typeset; the lesson's last formulas are not yet.
  await expect(page.locator('.katex').first()).toBeVisible();
  await expect(page.locator('.math-pending').last()).toHaveAttribute('data-tex', /SQNR|b_\{\d+\}/);

  await typeInCell(page, 1, 'print("edited while typesetting")');
  await runCell(page, 1, 60_000);
  expect(await outputText(page, 1)).toBe('edited while typesetting');
  // Still typesetting when the cell had run: the page did not wait for the formulas.
  await expect(progress).toBeVisible();
  expect(await page.locator('.math-pending').count()).toBeGreaterThan(0);
  await expect(progress).toContainText(`/ ${(lesson.formulas - 300).toLocaleString('en')}`);

  // In the end every formula is KaTeX, none is left as TeX, and the line is gone.
  await expect(progress).toBeHidden({ timeout: 500_000 });
  expect(await page.locator('.math-pending').count()).toBe(0);
  expect(await page.locator('.katex').count()).toBe(lesson.formulas);
  expect(await page.locator('.katex-error').count()).toBe(0);
  await expect(cell(page, 1).locator('.cm-content')).toContainText('edited while typesetting');
});
