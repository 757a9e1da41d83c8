import { expect, test } from '@playwright/test';
import { cell, editorText, lessonOf, openLesson, outputText } from './helpers.ts';

test('a cell runs with the keyboard alone, and focus is always visible', async ({ page }) => {
  await openLesson(page, lessonOf('print("by keyboard")', 'print("second")'));
  await expect(cell(page, 1).locator('.cm-content')).toBeVisible();
  // Tab from the top of the page to the first cell's Run button, checking the focus ring on the way.
  await page.locator('body').focus();
  let onRun = false;
  for (let i = 0; i < 40 && !onRun; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement;
      if (!(el instanceof HTMLElement)) return null;
      const style = getComputedStyle(el);
      return {
        run: el.matches('section.cell[aria-label="Cell 1"] .btn-run'),
        outline: style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0,
        ring: style.boxShadow !== 'none',
      };
    });
    expect(focus === null || focus.outline || focus.ring, `focus ring on step ${i}`).toBe(true);
    onRun = focus?.run === true;
  }
  expect(onRun).toBe(true);
  await page.keyboard.press('Enter');
  await expect(cell(page, 1)).toHaveAttribute('data-status', 'ok');
  expect(await outputText(page, 1)).toBe('by keyboard');
});

test('command mode: Esc selects the cell, arrows move, B and A insert, D D deletes, Z undoes, Enter edits', async ({ page }) => {
  await openLesson(page, lessonOf('print("one")', 'print("two")'), 'lessons/command-mode.md');
  await cell(page, 1).locator('.cm-content').click();
  await page.keyboard.press('Escape');
  await expect(cell(page, 1)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(cell(page, 2)).toBeFocused();
  await page.keyboard.press('k');
  await expect(cell(page, 1)).toBeFocused();

  await page.keyboard.press('b');
  const added = page.getByRole('region', { name: 'New cell 1', exact: true });
  await expect(added).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(added.locator('.cm-content')).toBeFocused();
  await page.keyboard.type('print("added")');
  // The first Esc closes the completion list, the second leaves the editor.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(added).toBeFocused();
  await page.keyboard.press('Shift+Enter');
  await expect(added).toHaveAttribute('data-status', 'ok');
  await expect(added.locator('pre.out-text')).toHaveText('added');
  await expect(cell(page, 2)).toBeFocused();

  // Lesson cell 2 deleted and restored.
  await page.keyboard.press('d');
  await page.keyboard.press('d');
  await expect(cell(page, 2)).toHaveCount(0);
  await expect(added).toBeFocused();
  await page.keyboard.press('z');
  await expect(cell(page, 2)).toBeFocused();
  // The restored cell's editor is made when it comes into view (CodeEditor.tsx), a frame or two later.
  await expect.poll(() => editorText(page, 2)).toBe('print("two")');

  // M turns the added cell into Markdown the student writes.
  await added.focus();
  await page.keyboard.press('a');
  const note = page.getByRole('region', { name: 'New cell 1', exact: true });
  await expect(note).toBeFocused();
  await page.keyboard.press('m');
  await expect(note).toHaveAttribute('data-kind', 'markdown');
  await note.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.type('A **bold** note');
  await page.keyboard.press('Shift+Enter');
  await expect(note.locator('strong')).toHaveText('bold');

  // Added cells are saved like edits.
  await page.waitForTimeout(1100);
  await openLesson(page, lessonOf('print("one")', 'print("two")'), 'lessons/command-mode.md');
  await expect(page.getByRole('region', { name: 'New cell 1', exact: true }).locator('strong')).toHaveText('bold');
  await expect(page.getByRole('region', { name: 'New cell 2', exact: true }).locator('.cm-line')).toHaveText('print("added")');
});

test('? shows the shortcuts sheet, Esc closes it and focus returns', async ({ page }) => {
  await page.goto('/');
  await expect(cell(page, 1).locator('.cm-content')).toBeVisible();
  await page.locator('body').press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  await expect(sheet).toContainText('D D');
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  // Typing ? in an editor types it.
  await cell(page, 1).locator('.cm-content').click();
  await page.keyboard.press('End');
  await page.keyboard.type('?');
  await expect(sheet).toBeHidden();
});
