// Careless cells: timers that outlive their cell, a cell that closes the
// kernel, results and displays far over the output limit. Each must leave the
// notebook working and say what happened.
import { expect, test } from '@playwright/test';
import { cell, lessonOf, openLesson, output, outputText, runCell } from './helpers.ts';

test.use({ serviceWorkers: 'block' });

test("a timer's output stays in the cell that started it; Interrupt with no cell running stops pending timers", async ({ page }) => {
  test.setTimeout(60_000);
  await openLesson(
    page,
    lessonOf(
      'setInterval(() => print("spam"), 0)\nawait sleep(100)',
      'await sleep(200)\nprint("two")',
      'print("three")',
      'let ticks = 0\nsetInterval(() => { ticks++ }, 5)\nawait sleep(50)\nprint(ticks > 0)',
      'const before = ticks\nawait sleep(300)\nprint(ticks - before)',
    ),
  );
  await runCell(page, 1);
  const spam = (await outputText(page, 1)).split('\n');
  expect(spam.length).toBeGreaterThan(1);
  expect(new Set(spam)).toEqual(new Set(['spam']));
  await runCell(page, 2);
  expect(await outputText(page, 2)).toBe('two');
  await runCell(page, 3);
  expect(await outputText(page, 3)).toBe('three');
  await runCell(page, 4);
  expect(await outputText(page, 4)).toBe('true');
  // Nothing is running: Interrupt cancels the pending timers and keeps the variables.
  await page.getByRole('button', { name: 'Interrupt', exact: true }).click();
  await runCell(page, 5);
  expect(await outputText(page, 5)).toBe('0');
});

test('output after an await in a timer callback stays in its cell: the cell run next sees none of it', async ({ page }) => {
  test.setTimeout(60_000);
  await openLesson(
    page,
    lessonOf(
      'setTimeout(async () => {\n  print("a")\n  await sleep(50)\n  print("b")\n  for (let i = 0; i < 100; i++) { await sleep(30); print("late " + i) }\n}, 0)\nawait sleep(200)',
      'await sleep(4000)\nprint("two")',
    ),
  );
  await runCell(page, 1);
  const first = (await outputText(page, 1)).split('\n');
  expect(first.slice(0, 2)).toEqual(['a', 'b']);
  expect(first.length).toBeGreaterThan(2);
  await runCell(page, 2);
  // The loop went on printing while cell 2 ran: none of it is in cell 2, and cell 1 kept only what came before.
  expect(await outputText(page, 2)).toBe('two');
  const kept = (await outputText(page, 1)).split('\n');
  expect(kept.length).toBeLessThan(102);
  expect(kept.slice(2)).toEqual(kept.slice(2).map((_, i) => `late ${i}`));
});

test('a cell that closes the kernel worker gets a message, and the kernel restarts', async ({ page }) => {
  test.setTimeout(60_000);
  await openLesson(page, lessonOf('print("closing")\nself.close()\nawait sleep(30000)', 'print("alive")'));
  await runCell(page, 1, 20_000);
  await expect(cell(page, 1)).toHaveAttribute('data-status', 'error');
  expect(await outputText(page, 1)).toBe(
    "closing\nKernelDied: The kernel's worker was closed by code in the notebook (self.close()), so the kernel was restarted; variables from earlier cells are gone.",
  );
  await runCell(page, 2);
  expect(await outputText(page, 2)).toBe('alive');
});

test('a 50 MB result and 50 × 1 MB of Markdown are cut at the output limit in the kernel, with a notice', async ({ page }) => {
  test.setTimeout(90_000);
  await openLesson(
    page,
    lessonOf(
      '"x".repeat(50_000_000)',
      'for (let i = 0; i < 50; i++) display.markdown("y".repeat(1_000_000))',
      'print(torch.zeros(3000, 3000))',
    ),
  );
  await runCell(page, 1, 30_000);
  const result = await outputText(page, 1);
  expect(result.length).toBe(1_000_000);
  expect(result.startsWith("'xxx")).toBe(true);
  await expect(output(page, 1).locator('.out-notice')).toHaveText(["Result truncated after 1 MB (the limit for one cell's result)."]);
  await runCell(page, 2, 30_000);
  const markdown = await output(page, 2)
    .locator('.out-markdown')
    .evaluateAll((nodes) => nodes.map((n) => n.textContent.trim().length));
  expect(markdown).toEqual([1_000_000]);
  await expect(output(page, 2).locator('.out-notice')).toHaveText([
    'Displayed text truncated after 1 MB (the limit for one cell). The cell keeps running; its further displayed text is not shown.',
  ]);
  await runCell(page, 3, 30_000);
  expect(await outputText(page, 3)).toBe(
    [
      'tensor([[0., 0., 0.,  ..., 0., 0., 0.],',
      '        [0., 0., 0.,  ..., 0., 0., 0.],',
      '        [0., 0., 0.,  ..., 0., 0., 0.],',
      '        ...,',
      '        [0., 0., 0.,  ..., 0., 0., 0.],',
      '        [0., 0., 0.,  ..., 0., 0., 0.],',
      '        [0., 0., 0.,  ..., 0., 0., 0.]])',
    ].join('\n'),
  );
});
