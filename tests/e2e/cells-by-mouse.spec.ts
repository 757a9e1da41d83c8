// Cells by mouse, as in Jupyter and Colab: + Code / + Text under a cell, the ⋯ menu
// (move, delete with Undo, clear output, run above, run from here), Clear all outputs,
// text cells edited in place with KaTeX formulas; everything kept after a reload.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoSeriousViolations } from './axe.ts';
import { cell, lessonOf, openLesson } from './helpers.ts';

const LESSON = lessonOf('print("one")', 'print("two")', 'print("three")');
const PATH = 'lessons/cells-by-mouse.md';

const byId = (page: Page, id: string): Locator => page.locator(`section.cell[data-cell-id="${id}"]`);
/** Every cell on the page, in order: its name and kind. */
const cellsShown = (page: Page) =>
  page
    .locator('section.cell')
    .evaluateAll((els) => els.map((e) => `${e.getAttribute('aria-label') ?? ''}:${e.getAttribute('data-kind') ?? ''}`));
const outText = (c: Locator) =>
  c
    .locator('pre.out-text')
    .allTextContents()
    .then((t) => t.join('\n'));

async function menuItem(page: Page, c: Locator, item: string): Promise<Locator> {
  await c.getByRole('button', { name: 'Cell actions', exact: true }).click();
  const entry = page.getByRole('menu').getByRole('menuitem', { name: item, exact: true });
  await expect(entry).toBeVisible();
  return entry;
}
async function choose(page: Page, c: Locator, item: string): Promise<void> {
  await (await menuItem(page, c, item)).click();
  await expect(page.getByRole('menu')).toHaveCount(0);
}

test('cells by mouse: add code and text cells, move, delete and Undo, run above / from here, clear outputs; all kept after a reload', async ({
  page,
}) => {
  await openLesson(page, LESSON, PATH);
  await expect(cell(page, 1).locator('.cm-content')).toBeVisible();

  // + Code under Cell 2: the new cell's editor takes the typing; Run runs it.
  await cell(page, 2).hover();
  await page.getByRole('button', { name: 'Add code cell below Cell 2', exact: true }).click();
  const mine = page.getByRole('region', { name: 'New cell 1', exact: true });
  await expect(mine.locator('.cm-content')).toBeFocused();
  const mineId = (await mine.getAttribute('data-cell-id'))!;
  await page.keyboard.type('print("mine")');
  await mine.getByRole('button', { name: 'Run cell', exact: true }).click();
  await expect(mine).toHaveAttribute('data-status', 'ok');
  expect(await outText(mine)).toBe('mine');

  // + Text under it: Markdown with a formula, rendered by KaTeX on Shift-Enter; double-click edits it again.
  await mine.hover();
  await page.getByRole('button', { name: 'Add text cell below New cell 1', exact: true }).click();
  const note = page.getByRole('region', { name: 'New cell 2', exact: true });
  const noteId = (await note.getAttribute('data-cell-id'))!;
  const source = note.getByRole('textbox', { name: 'Markdown of New cell 2' });
  await expect(source).toBeFocused();
  await page.keyboard.type('Energy: $E = mc^2$ and **more**');
  await page.keyboard.press('Shift+Enter');
  await expect(source).toHaveCount(0);
  await expect(note.locator('.katex').first()).toBeVisible();
  // KaTeX's rendering (a superscript box), not the dollar signs.
  await expect(note.locator('.katex .msupsub')).toHaveCount(1);
  await expect(note.locator('.md-cell-rendered')).not.toContainText('$');
  await expect(note.locator('strong')).toHaveText('more');
  await note.locator('.md-cell-rendered').dblclick();
  await expect(source).toBeFocused();
  await expect(source).toHaveValue('Energy: $E = mc^2$ and **more**');
  await page.keyboard.type(' (edited)');
  // Clicking away renders it too.
  await page.getByRole('heading', { name: 'Fixture', level: 1 }).click();
  await expect(note.locator('.md-cell-rendered')).toContainText('and more (edited)');
  expect(await cellsShown(page)).toEqual(['Cell 1:code', 'Cell 2:code', 'New cell 1:code', 'New cell 2:markdown', 'Cell 3:code']);

  // The lesson's cells keep the lesson's order, and say why; a cell you added moves.
  const lessonMove = await menuItem(page, cell(page, 3), 'Move up');
  await expect(lessonMove).toHaveAttribute('aria-disabled', 'true');
  await expect(lessonMove).toHaveAttribute('title', /lesson's order/);
  // A greyed item still answers a click (Playwright waits for enabled elements, hence force).
  await lessonMove.click({ force: true });
  await expect(page.getByRole('status').filter({ hasText: "Move up: Lesson cells stay in the lesson's order" })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(cell(page, 3).getByRole('button', { name: 'Cell actions' })).toBeFocused();
  expect(await cellsShown(page)).toEqual(['Cell 1:code', 'Cell 2:code', 'New cell 1:code', 'New cell 2:markdown', 'Cell 3:code']);

  await choose(page, byId(page, noteId), 'Move up');
  expect(await cellsShown(page)).toEqual(['Cell 1:code', 'Cell 2:code', 'New cell 1:markdown', 'New cell 2:code', 'Cell 3:code']);
  await choose(page, byId(page, noteId), 'Move up');
  expect(await cellsShown(page)).toEqual(['Cell 1:code', 'New cell 1:markdown', 'Cell 2:code', 'New cell 2:code', 'Cell 3:code']);
  await expect(byId(page, noteId)).toBeFocused();

  // Delete, then Undo in the toast: the cell comes back where it was, with its text.
  await choose(page, byId(page, noteId), 'Delete');
  await expect(byId(page, noteId)).toHaveCount(0);
  const toast = page.getByRole('status').filter({ hasText: 'New cell 1 deleted' });
  await expect(toast).toBeVisible();
  await toast.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(toast).toHaveCount(0);
  await expect(byId(page, noteId).locator('.md-cell-rendered')).toContainText('and more (edited)');
  expect(await cellsShown(page)).toEqual(['Cell 1:code', 'New cell 1:markdown', 'Cell 2:code', 'New cell 2:code', 'Cell 3:code']);
  await choose(page, byId(page, noteId), 'Move down');
  expect(await cellsShown(page)).toEqual(['Cell 1:code', 'Cell 2:code', 'New cell 1:markdown', 'New cell 2:code', 'Cell 3:code']);

  // Run above Cell 3: the code cells above it, in order, and not Cell 3.
  await choose(page, cell(page, 3), 'Run above');
  await expect(byId(page, mineId)).toHaveAttribute('data-status', 'ok');
  expect([
    await outText(cell(page, 1)),
    await outText(cell(page, 2)),
    await outText(byId(page, mineId)),
    await outText(cell(page, 3)),
  ]).toEqual(['one', 'two', 'mine', '']);
  await expect(cell(page, 3)).toHaveAttribute('data-status', 'idle');
  expect(await Promise.all([cell(page, 1), cell(page, 2), byId(page, mineId)].map((c) => c.getAttribute('data-exec-count')))).toEqual([
    '2',
    '3',
    '4',
  ]);

  // Clear all outputs: no output, no [n] anywhere; the code stays.
  await page.getByRole('button', { name: 'Clear all outputs', exact: true }).click();
  await expect(page.locator('pre.out-text')).toHaveCount(0);
  for (const c of await page.locator('section.cell[data-kind="code"]').all()) await expect(c).toHaveAttribute('data-exec-count', '');

  // Run from here at Cell 2: Cell 2, the added cell, Cell 3; Cell 1 stays as it is.
  await choose(page, cell(page, 2), 'Run from here');
  await expect(cell(page, 3)).toHaveAttribute('data-status', 'ok');
  expect([
    await outText(cell(page, 1)),
    await outText(cell(page, 2)),
    await outText(byId(page, mineId)),
    await outText(cell(page, 3)),
  ]).toEqual(['', 'two', 'mine', 'three']);
  expect(await Promise.all([cell(page, 2), byId(page, mineId), cell(page, 3)].map((c) => c.getAttribute('data-exec-count')))).toEqual([
    '5',
    '6',
    '7',
  ]);
  await expect(cell(page, 1)).toHaveAttribute('data-status', 'idle');

  // Clear output of one cell.
  await choose(page, cell(page, 3), 'Clear output');
  expect(await outText(cell(page, 3))).toBe('');
  expect(await outText(cell(page, 2))).toBe('two');

  // A reload keeps the cells, their order, kinds and contents.
  await page.waitForTimeout(1100);
  await openLesson(page, LESSON, PATH);
  await expect(byId(page, noteId).locator('.katex').first()).toBeVisible();
  expect(await cellsShown(page)).toEqual(['Cell 1:code', 'Cell 2:code', 'New cell 1:markdown', 'New cell 2:code', 'Cell 3:code']);
  await expect(byId(page, mineId).locator('.cm-line')).toHaveText('print("mine")');
  await expect(byId(page, noteId).locator('.md-cell-rendered')).toContainText('Energy:');
  await expect(byId(page, noteId).locator('.md-cell-rendered')).toContainText('and more (edited)');
});

test('the + buttons appear on hover or keyboard focus and are real buttons; the ⋯ menu works by keyboard', async ({ page }) => {
  await openLesson(page, LESSON, 'lessons/cells-by-keyboard.md');
  const add = page.getByRole('button', { name: 'Add code cell below Cell 1', exact: true });
  const barOpacity = () => add.evaluate((el) => getComputedStyle(el.parentElement!).opacity);
  await page.mouse.move(0, 0);
  await expect.poll(barOpacity).toBe('0');
  await add.focus();
  await expect.poll(barOpacity).toBe('1');
  await page.keyboard.press('Enter');
  const added = page.getByRole('region', { name: 'New cell 1', exact: true });
  await expect(added.locator('.cm-content')).toBeFocused();
  await page.keyboard.type('print("typed")');

  // The menu: Enter opens it on its first item, arrows move, Enter chooses, Esc closes and returns focus.
  const menuButton = cell(page, 2).getByRole('button', { name: 'Cell actions', exact: true });
  await menuButton.focus();
  await page.keyboard.press('Enter');
  await expect(menuButton).toHaveAttribute('aria-expanded', 'true');
  // Move up / Move down are unavailable for a lesson cell: the first item with focus is Delete.
  await expect(page.getByRole('menuitem', { name: 'Delete', exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(menuButton).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  await expect(page.getByRole('menuitem', { name: 'Run from here', exact: true })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('menuitem', { name: 'Run above', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(added).toHaveAttribute('data-status', 'ok');
  await expect(added.locator('pre.out-text')).toHaveText('typed');
  await expect(cell(page, 2)).toHaveAttribute('data-status', 'idle');

  // Ctrl-Shift-↑ in command mode moves the added cell above Cell 1.
  await added.focus();
  await page.keyboard.press('Control+Shift+ArrowUp');
  expect(await cellsShown(page)).toEqual(['New cell 1:code', 'Cell 1:code', 'Cell 2:code', 'Cell 3:code']);
  await expect(page.getByRole('region', { name: 'New cell 1', exact: true })).toBeFocused();
});

test('axe finds no serious or critical violation on the new cell controls (menu open, toast shown)', async ({ page }) => {
  await openLesson(page, LESSON, 'lessons/cells-axe.md');
  await cell(page, 1).hover();
  await page.getByRole('button', { name: 'Add text cell below Cell 1', exact: true }).click();
  await page.keyboard.type('A note with $x^2$');
  await page.keyboard.press('Shift+Enter');
  await choose(page, cell(page, 3), 'Delete');
  await expect(page.getByRole('status').filter({ hasText: 'Cell 3 deleted' })).toBeVisible();
  await page.getByRole('region', { name: 'New cell 1', exact: true }).getByRole('button', { name: 'Cell actions' }).click();
  await expect(page.getByRole('menu')).toBeVisible();
  await cell(page, 2).hover();
  await expectNoSeriousViolations(page, 'cell controls');
  // Dark theme too: the bars, menu and toast use the theme's colours.
  await page.getByLabel('Theme').selectOption('dark');
  await expectNoSeriousViolations(page, 'cell controls (dark)');
});
