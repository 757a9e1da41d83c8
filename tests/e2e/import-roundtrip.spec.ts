// Import of lesson files as editors save them (UTF-16, with or without a
// byte-order mark), binary files refused at once, and export → import of a
// cell with fences in its code and control characters in its output.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { cell, editorText, openLesson, outputText, runCell } from './helpers.ts';

const lessonText = '---\ntitle: Encoded lesson\n---\n\nÜber π.\n\n```ts\nprint("ok")\n```\n';

async function importBytes(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/markdown', buffer });
}

test('a UTF-16 lesson without a byte-order mark opens; a binary file is refused at once', async ({ page }) => {
  await openLesson(page, lessonText.replace('Encoded lesson', 'Start'));
  await importBytes(page, 'utf16.md', Buffer.from(lessonText, 'utf16le'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Encoded lesson');
  await expect(page.locator('.prose').first()).toContainText('Über π.');

  const binary = Buffer.alloc(5 * 1024 * 1024, 7);
  binary.set([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]);
  await importBytes(page, 'archive.md', binary);
  await expect(page.getByRole('alertdialog')).toContainText('“archive.md” is not a text file (it has zero bytes).', { timeout: 2_000 });
});

test('export → import keeps code with backtick and tilde fences and output with NUL and ANSI escapes', async ({ page }) => {
  await openLesson(page, '---\ntitle: Round trip\n---\n\n```ts\nprint(1)\n```\n', 'lessons/round-trip.md');
  // Lines that would close the cell's fence if it were not lengthened.
  const code = '/*\n```\n````\n~~~~\n*/\nprint("\\u0000|\\u001b[31mred\\u001b[0m|\\r")';
  // Pasted in one go (typing would let the editor auto-close the backticks).
  await cell(page, 1).locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(code);
  await runCell(page, 1);
  const printed = await outputText(page, 1);
  expect(printed).toContain('\u001b[31mred');
  const typed = await editorText(page, 1);
  expect(typed).toBe(code);

  await page.getByText('Export', { exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Lesson Markdown/ }).click()]);
  const exported = await readFile(await download.path(), 'utf8');
  expect(exported).not.toContain('\u0000');
  expect(exported).toContain('```output escaped\n');

  await importBytes(page, 'round-trip.md', Buffer.from(exported));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Round trip');
  await expect.poll(() => editorText(page, 1)).toBe(typed);
  await page.getByText('Export', { exact: true }).click();
  const [again] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Lesson Markdown/ }).click()]);
  expect(await readFile(await again.path(), 'utf8')).toBe(exported);
});
