import { expect, test } from '@playwright/test';
import { cell, editorText, lessonOf, openLesson, output, outputText, runCell, typeInCell } from './helpers.ts';

test('the app opens the chapter lesson first, and the welcome lesson is one click away', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chapter 14: Quantization');
  await page.getByRole('combobox', { name: 'Lesson' }).selectOption('00-welcome');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Quantization Lab');
  await expect(page).toHaveURL(/lesson=00-welcome/);
});

test('a lesson cell runs and prints', async ({ page }) => {
  await page.goto('/?lesson=00-welcome');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await runCell(page, 1);
  await expect(output(page, 1).locator('pre.out-text')).not.toHaveText('');
  await expect(cell(page, 1)).toHaveAttribute('data-exec-count', '1');
});

test('cells share one scope and can be redefined', async ({ page }) => {
  await openLesson(
    page,
    lessonOf('const x = 2\nlet n = 0\nfunction inc() { n += 1; return n }', 'inc(); inc()\nx * 10 + n', 'const x = 5\nx'),
  );
  await runCell(page, 1);
  await runCell(page, 2);
  expect(await outputText(page, 2)).toBe('22');
  await runCell(page, 3);
  expect(await outputText(page, 3)).toBe('5');
  await runCell(page, 1);
  expect(await outputText(page, 1)).toBe('');
  await expect(cell(page, 1)).toHaveAttribute('data-status', 'ok');
});

test('Interrupt stops a runaway cell within one second and lists cells to run again', async ({ page }) => {
  await openLesson(page, lessonOf('const kept = 1', 'while (true) {}', 'print("after")'));
  await runCell(page, 1);
  await page.getByRole('button', { name: 'Run all', exact: true }).click();
  await expect(cell(page, 2)).toHaveAttribute('data-status', 'running');
  await expect(cell(page, 3)).toHaveAttribute('data-status', 'queued');
  // The page must stay responsive while the worker spins.
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Interrupt', exact: true }).click();
  await expect(cell(page, 2)).toHaveAttribute('data-status', 'error');
  await expect(page.locator('[data-kernel-status="idle"]')).toBeVisible();
  expect(Date.now() - t0).toBeLessThan(1000);
  await expect(cell(page, 3)).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByRole('alert').filter({ hasText: 'Run again: Cell 1, Cell 2.' })).toBeVisible();
  // The new kernel works and has forgotten `kept`.
  await runCell(page, 3);
  expect(await outputText(page, 3)).toBe('after');
});

test('a syntax error names the line and column in the cell', async ({ page }) => {
  await openLesson(page, lessonOf('const a = 1\nconst b = (a +\nprint(b'));
  await runCell(page, 1);
  await expect(cell(page, 1)).toHaveAttribute('data-status', 'error');
  expect(await outputText(page, 1)).toMatch(/^SyntaxError: /);
  await expect(output(page, 1)).toContainText(/at line 3, column \d+/);
});

test('a runtime error shows on its cell with its line, and the kernel keeps working', async ({ page }) => {
  await openLesson(page, lessonOf('const o = null\n\nfunction f() { return o.x }\nf()', 'print("still alive")'));
  await runCell(page, 1);
  expect(await outputText(page, 1)).toMatch(/^TypeError: Cannot read properties of null/);
  await expect(output(page, 1)).toContainText('at line 3');
  await runCell(page, 2);
  expect(await outputText(page, 2)).toBe('still alive');
});

test('huge output is truncated with a visible notice', async ({ page }) => {
  await openLesson(page, lessonOf('for (let i = 0; i < 50000; i++) print(i)\n"end"'));
  await runCell(page, 1);
  await expect(output(page, 1).locator('.out-notice')).toContainText('truncated');
  const text = await outputText(page, 1);
  expect(text.split('\n').length).toBeLessThanOrEqual(10_001);
});

test('a cell that allocates typed arrays until memory runs out gets an error, and the kernel keeps working', async ({ page }) => {
  test.setTimeout(120_000);
  await openLesson(
    page,
    lessonOf('let hog: Float64Array[] = []\nwhile (true) hog.push(new Float64Array(1 << 24))', 'hog = []\nprint("still here")'),
  );
  await cell(page, 1).getByRole('button', { name: 'Run cell', exact: true }).click();
  await expect(cell(page, 1)).toHaveAttribute('data-status', 'error', { timeout: 90_000 });
  await expect(output(page, 1)).toContainText(/RangeError: .*allocation failed/);
  await runCell(page, 2);
  expect(await outputText(page, 2)).toBe('still here');
});

test('edits are saved, survive a reload, and Reset cell brings back the lesson code', async ({ page }) => {
  await page.goto('/?lesson=00-welcome');
  await expect(cell(page, 1).locator('.cm-content')).toBeVisible();
  const original = await editorText(page, 1);
  expect(original).toContain('print(');
  await typeInCell(page, 1, 'print("mine")');
  await page.waitForTimeout(1100);
  await page.reload();
  await expect.poll(() => editorText(page, 1)).toBe('print("mine")');
  await runCell(page, 1);
  expect(await outputText(page, 1)).toBe('mine');
  await cell(page, 1).getByRole('button', { name: 'Reset cell', exact: true }).click();
  await expect.poll(() => editorText(page, 1)).toBe(original);
  await page.reload();
  await expect(cell(page, 1).locator('.cm-line').first()).toBeVisible();
  expect(await editorText(page, 1)).toBe(original);
});

test('Shift-Enter runs the cell and moves to the next one', async ({ page }) => {
  await openLesson(page, lessonOf('print("one")', 'print("two")'));
  await cell(page, 1).locator('.cm-content').click();
  await page.keyboard.press('Shift+Enter');
  await expect(cell(page, 1)).toHaveAttribute('data-status', 'ok');
  await expect(cell(page, 2).locator('.cm-content')).toBeFocused();
  await page.keyboard.press('Control+Enter');
  await expect(cell(page, 2)).toHaveAttribute('data-status', 'ok');
  expect(await outputText(page, 2)).toBe('two');
});

test('display shows a table and a Plot figure as sanitised SVG', async ({ page }) => {
  await openLesson(
    page,
    lessonOf('display([{ bits: 8, n: 256 }, { bits: 16, n: 65536 }])\ndisplay(Plot.plot({ marks: [Plot.dot([[1, 2], [3, 4]])] }))'),
  );
  await runCell(page, 1);
  await expect(output(page, 1).getByRole('table')).toContainText('65536');
  await expect(output(page, 1).locator('svg')).toBeVisible();
  // The figure's data is one click away, as a table.
  await output(page, 1).getByText('Show data').click();
  const data = output(page, 1).locator('.out-figure-data table');
  await expect(data.locator('th')).toHaveText(['0', '1']);
  await expect(data.locator('tbody tr').nth(1)).toHaveText('34');
});

test('a broken lesson file shows its path and line', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => window.__qlab !== undefined);
  const errors = await page.evaluate(() =>
    window.__qlab!.openLessonText('---\ntitle: Broken\n---\n\n```ts\nprint(1)\n', 'lessons/broken.md'),
  );
  expect(errors?.[0]?.line).toBe(5);
  await expect(page.getByRole('alert')).toContainText('lessons/broken.md:5');
});

test('the editor completes built-in names and torch members', async ({ page }) => {
  await openLesson(page, lessonOf('print(1)'));
  await runCell(page, 1);
  await typeInCell(page, 1, 'torch.bfl');
  await expect(page.locator('.cm-tooltip-autocomplete')).toContainText('bfloat16');
  // CodeMirror ignores Enter for its interactionDelay (75 ms) after the list opens, so a fast typist doesn't accept by accident.
  await page.waitForTimeout(200);
  await page.keyboard.press('Enter');
  await expect.poll(() => editorText(page, 1)).toBe('torch.bfloat16');
});

test('an edit made against older lesson code is kept and flagged when the lesson changes', async ({ page }) => {
  const v1 = lessonOf('print("v1 code")', 'print("other")');
  await openLesson(page, v1, 'lessons/changing.md');
  await typeInCell(page, 1, 'print("my edit")');
  await page.waitForTimeout(1100);
  const v2 = lessonOf('print("v2 code")', 'print("other")');
  await openLesson(page, v2, 'lessons/changing.md');
  await expect.poll(() => editorText(page, 1)).toBe('print("my edit")');
  const alert = cell(page, 1).getByRole('alert');
  await expect(alert).toContainText("This lesson's code for this cell changed since you edited it");
  await alert.getByRole('button', { name: 'Keep my version' }).click();
  await expect(cell(page, 1).getByRole('alert')).toHaveCount(0);
  await expect.poll(() => editorText(page, 1)).toBe('print("my edit")');
});
