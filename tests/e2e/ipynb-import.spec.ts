// Jupyter notebooks in and out, as a student does it: Import… with a file,
// Export → Jupyter and back; a bad notebook shows why and changes nothing.
// Also: lesson tables align numeric columns right and text columns left.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { cell, editorText, openLesson, output, runCell } from './helpers.ts';

const lesson = `---
title: Notebook fixture
---

## Types

| Type | Bits | Note |
|---|---|:---:|
| int8 | 8 | small |
| int16 | 16 | wider |

:::tip Why tables?
They compare.
:::

\`\`\`ts exercise
// print 42
\`\`\`

\`\`\`hint
Use print.
\`\`\`

\`\`\`solution
print(4242 * 10 + 2)
\`\`\`

\`\`\`check
check.ok(output === "42", "prints 42")
\`\`\`

\`\`\`ts
display([{ dtype: 'int8', bits: 8 }, { dtype: 'int16', bits: 16 }])
\`\`\`
`;

async function importFile(page: Page, name: string, text: string): Promise<void> {
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/x-ipynb+json', buffer: Buffer.from(text) });
}

async function exportIpynb(page: Page): Promise<string> {
  await page.getByText('Export', { exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Jupyter/ }).click()]);
  return readFile(await download.path(), 'utf8');
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 });

test('a tslab notebook imported with Import… opens as a lesson with TypeScript cells', async ({ page }) => {
  await openLesson(page, lesson, 'lessons/nb-fixture.md');
  await importFile(page, 'tensors.ipynb', await readFile('app/export/fixtures/tslab-notebook.ipynb', 'utf8'));
  await expect(heading(page)).toHaveText('Tensors in TypeScript');
  await expect.poll(() => editorText(page, 1)).toBe("console.log('hello')\nconsole.log('world')");
  await expect(page.locator('.lesson-picker select')).toHaveValue('imported-tensors');
  // Raw HTML in its Markdown is text, never markup.
  await expect(page.getByText("<script>alert('x')</script>", { exact: false })).toBeVisible();
  await runCell(page, 2);
  await expect(output(page, 2)).toContainText('3');
});

test('a Python notebook opens with a note and each code cell as a read-only PyTorch original beside an empty cell', async ({ page }) => {
  await openLesson(page, lesson, 'lessons/nb-fixture.md');
  await importFile(page, 'quant.ipynb', await readFile('app/export/fixtures/python-notebook.ipynb', 'utf8'));
  await expect(heading(page)).toHaveText('Quantization with PyTorch');
  await expect(page.getByRole('note').filter({ hasText: "This notebook's code is Python" })).toBeVisible();
  await cell(page, 2).getByText('PyTorch original').click();
  await expect(cell(page, 2)).toContainText('torch.iinfo(torch.int8)');
  await expect.poll(() => editorText(page, 2)).toBe('');
});

test('Export → Jupyter leaves the solution out, and the notebook imports back as the lesson', async ({ page }) => {
  await openLesson(page, lesson, 'lessons/nb-fixture.md');
  const text = await exportIpynb(page);
  expect(text).not.toContain('4242 * 10');
  // What Jupyter shows: the cells' sources (the qlab metadata keeps the hint's lesson text for the way back).
  const shown = (JSON.parse(text) as { cells: { source: string[] }[] }).cells.map((c) => c.source.join('')).join('\n');
  expect(shown).not.toContain('```hint');
  expect(shown).not.toContain(':::');
  expect(shown).toContain('<details><summary>Hint</summary>');
  expect(shown).toContain('> **Tip: Why tables?**');
  await importFile(page, 'nb-fixture.ipynb', text);
  await expect(heading(page)).toHaveText('Notebook fixture');
  await expect(page.locator('.lesson-picker select')).toHaveValue('imported-nb-fixture');
  await expect(page.getByRole('note').filter({ hasText: 'They compare.' })).toBeVisible();
  await expect.poll(() => editorText(page, 1)).toBe('// print 42');
  await expect(cell(page, 1).getByRole('button', { name: /Hint/ })).toBeVisible();
});

test('a broken notebook shows where it is broken and the open lesson stays as it was', async ({ page }) => {
  await openLesson(page, lesson, 'lessons/nb-fixture.md');
  await importFile(page, 'broken.ipynb', '{\n "cells": [\n  {"a": 1,}\n ]\n}');
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('“broken.ipynb” is not valid JSON: at line 3, column 11');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(heading(page)).toHaveText('Notebook fixture');
  await importFile(page, 'old.ipynb', JSON.stringify({ nbformat: 3, nbformat_minor: 0, metadata: {}, worksheets: [] }));
  await expect(dialog).toContainText('nbformat 3 notebooks are not supported: open and re-save it in Jupyter 4+');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(heading(page)).toHaveText('Notebook fixture');
  await expect(page.locator('.lesson-picker select option', { hasText: '(imported)' })).toHaveCount(0);
});

test('tables: numeric columns right-aligned, text columns left, an explicit :---: wins (lesson and output)', async ({ page }) => {
  await openLesson(page, lesson, 'lessons/nb-fixture.md');
  const align = (loc: ReturnType<Page['locator']>) => loc.evaluate((el) => getComputedStyle(el).textAlign);
  const table = page.locator('.prose table').first();
  expect(await align(table.locator('td').nth(0))).toBe('left');
  expect(await align(table.locator('td').nth(1))).toBe('right');
  expect(await align(table.locator('th').nth(1))).toBe('right');
  expect(await align(table.locator('td').nth(2))).toBe('center');
  await runCell(page, 2);
  const out = output(page, 2).locator('table');
  expect(await align(out.locator('td').nth(0))).toBe('left');
  expect(await align(out.locator('td').nth(1))).toBe('right');
});
