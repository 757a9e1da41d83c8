// The "+ Code / + Text" bar is in the page only under the cell the pointer or the keyboard is in
// (and under the one before it, for Shift-Tab: app/ui/commands/insert-target.ts): hovering a
// cell brings it there, Shift-Tab from the next cell reaches it, and it adds the cell where it is.
import { expect, test } from '@playwright/test';
import { cell, lessonOf, openLesson } from './helpers.ts';

test('the insert bar follows the pointer and the keyboard focus, and adds a cell where it is', async ({ page }) => {
  await openLesson(page, lessonOf('print("one")', 'print("two")', 'print("three")'), 'lessons/insert-bar.md');
  const bars = page.locator('.insert-bar');
  // Before anything moves, it is under the first cell.
  await expect(bars).toHaveCount(1);
  await expect(bars).toHaveAttribute('aria-label', 'Add a cell below Cell 1');

  // Hovering Cell 3: its bar (shown) and the one under the cell before it (for Shift-Tab) are in the page, no others.
  await cell(page, 3).hover();
  await expect(bars).toHaveCount(2);
  // (Polled: the bar fades in over 0.12 s.)
  await expect
    .poll(() => bars.evaluateAll((els) => els.map((e) => [e.getAttribute('aria-label'), getComputedStyle(e).opacity])))
    .toEqual([
      ['Add a cell below Cell 2', '0'],
      ['Add a cell below Cell 3', '1'],
    ]);

  // Keyboard: Shift-Tab from Cell 3's first control reaches the bar under Cell 2 ("+ Text", then "+ Code"), as it
  // did when every cell had one (Tab cannot leave a code editor: it indents).
  await page.mouse.move(0, 0);
  const first = cell(page, 3).getByRole('button', { name: 'Run cell', exact: true });
  await first.focus();
  await expect(bars).toHaveCount(2);
  await expect(bars.nth(0)).toHaveAttribute('aria-label', 'Add a cell below Cell 2');
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: 'Add text cell below Cell 2', exact: true })).toBeFocused();
  // Focus in it: the bars are now under Cell 1 (before it) and Cell 2, and the focused one is shown.
  const underTwo = page.getByRole('group', { name: 'Add a cell below Cell 2', exact: true });
  await expect.poll(() => underTwo.evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
  expect(await bars.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual([
    'Add a cell below Cell 1',
    'Add a cell below Cell 2',
  ]);
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: 'Add code cell below Cell 2', exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  const added = page.getByRole('region', { name: 'New cell 1', exact: true });
  await expect(added.getByRole('textbox', { name: 'Markdown of New cell 1' })).toBeFocused();
  // In order: the text cell sits under Cell 2, and the bar moved under it with the focus.
  const order = await page.locator('section.cell').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  expect(order).toEqual(['Cell 1', 'Cell 2', 'New cell 1', 'Cell 3']);
  await expect(bars.last()).toHaveAttribute('aria-label', 'Add a cell below New cell 1');
});
