import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import type { Ipynb } from '../../app/export/ipynb.ts';
import { ipynbErrors } from '../../app/export/validate-ipynb.ts';
import { cell, editorText, openLesson, output, runCell, typeInCell } from './helpers.ts';

const lesson = `---
title: Export fixture
---

Math: $x^2$.

## Part one

\`\`\`ts
print("hello")
\`\`\`

\`\`\`output
hello
\`\`\`

\`\`\`ts
display([{ bits: 8, n: 256 }])
const n = [1, 2, 3].length
n
\`\`\`
`;

async function exportAs(page: Page, label: RegExp): Promise<{ name: string; text: string }> {
  await page.getByText('Export', { exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label }).click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

async function importFile(page: Page, name: string, text: string): Promise<void> {
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/markdown', buffer: Buffer.from(text) });
}

test('Markdown export has the student code and outputs, imports back, and round-trips exactly', async ({ page }) => {
  await openLesson(page, lesson, 'lessons/export-fixture.md');
  await typeInCell(page, 1, 'print("changed")');
  await runCell(page, 1);
  const first = await exportAs(page, /Lesson Markdown/);
  expect(first.name).toBe('export-fixture.md');
  expect(first.text).toContain('```ts\nprint("changed")\n```\n\n```output\nchanged\n```');

  await importFile(page, first.name, first.text);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Export fixture');
  await expect.poll(() => editorText(page, 1)).toBe('print("changed")');
  await expect(page.locator('.lesson-picker select')).toHaveValue('imported-export-fixture');
  await expect(page.getByRole('option', { name: 'Export fixture (imported)' })).toHaveCount(1);
  const second = await exportAs(page, /Lesson Markdown/);
  expect(second.text).toBe(first.text);
});

test('importing a file that is not a valid lesson shows why and changes nothing', async ({ page }) => {
  await openLesson(page, lesson, 'lessons/export-fixture.md');
  await importFile(page, 'broken.md', '---\ntitle: Broken\n---\n\n```ts\nprint(1)\n');
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('“broken.md” is not a valid lesson; nothing was changed');
  await expect(dialog).toContainText('line 5');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Export fixture');
  await importFile(page, 'notes.txt', 'hello');
  await expect(page.getByRole('alertdialog')).toContainText('is not a Markdown file');
});

test('a lesson file dropped on the page opens', async ({ page }) => {
  await openLesson(page, lesson, 'lessons/export-fixture.md');
  const data = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['---\ntitle: Dropped\n---\n\n```ts\nprint("dropped")\n```\n'], 'dropped.md', { type: 'text/markdown' }));
    return dt;
  });
  await page.dispatchEvent('main', 'dragover', { dataTransfer: data });
  await page.dispatchEvent('main', 'drop', { dataTransfer: data });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dropped');
});

test('.ipynb export is valid nbformat 4.5 with TypeScript metadata and the outputs', async ({ page }) => {
  await openLesson(page, lesson, 'lessons/export-fixture.md');
  await page.getByRole('button', { name: 'Run all', exact: true }).click();
  await expect(output(page, 2).getByRole('table')).toBeVisible();
  const file = await exportAs(page, /Jupyter/);
  expect(file.name).toBe('export-fixture.ipynb');
  const nb: Ipynb = JSON.parse(file.text);
  expect(ipynbErrors(nb)).toEqual([]);
  expect(nb).toMatchObject({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { language: 'typescript' }, language_info: { name: 'typescript' } },
  });
  const code = nb.cells.flatMap((c) => (c.cell_type === 'code' ? [c.outputs] : []));
  expect(code[0]).toEqual([{ output_type: 'stream', name: 'stdout', text: ['hello\n'] }]);
  expect(code[1]?.map((o) => o.output_type)).toEqual(['display_data', 'execute_result']);
});

test('HTML export is one self-contained page that shows the outputs without any request', async ({ page, context }) => {
  await openLesson(page, lesson, 'lessons/export-fixture.md');
  await runCell(page, 1);
  const file = await exportAs(page, /Web page/);
  expect(file.text).not.toMatch(/<script|<link |src="(?!data:)|url\(/i);
  const requests: string[] = [];
  const viewer = await context.newPage();
  await viewer.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  await viewer.setContent(file.text);
  await expect(viewer.getByRole('heading', { level: 1 })).toHaveText('Export fixture');
  await expect(viewer.locator('pre.out-stdout')).toHaveText('hello');
  await expect(viewer.locator('math').first()).toBeVisible();
  expect(requests).toEqual([]);
});

test('the print stylesheet hides controls and keeps the lesson and outputs in one column', async ({ page }) => {
  await openLesson(page, lesson, 'lessons/export-fixture.md');
  await runCell(page, 1);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.app-header')).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Contents' })).toBeHidden();
  await expect(cell(page, 1).getByRole('button', { name: 'Run cell' })).toBeHidden();
  await expect(output(page, 1)).toHaveText('hello');
  const main = await page.locator('main').boundingBox();
  expect(main?.x).toBeLessThan(20);
});
