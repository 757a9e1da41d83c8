// Issue 12, "work lost or mixed": two tabs on one lesson, storage full, a
// lesson that changes under saved edits, and saves from earlier releases.
import { expect, test, type Page } from '@playwright/test';
import { cell, editorText, lessonOf, openLesson, typeInCell } from './helpers.ts';

const LESSON = lessonOf('print("one")', 'print("two")', 'print("three")');
const PATH = 'tests/two-tabs.md';

async function opened(page: Page, text = LESSON, path = PATH): Promise<void> {
  await openLesson(page, text, path);
  await expect(cell(page, 1).locator('.cm-content')).toBeVisible();
}

/** Wait until the store has written everything (autosave waits ≤ 1 s). */
async function saved(page: Page): Promise<void> {
  await page.waitForTimeout(1100);
  await page.evaluate(() => window.__qlab!.store.getState().settled());
}

test("two tabs: B (opened earlier) saving cell 2 keeps A's edit of cell 1; B is told and shows it; reopened, both are there", async ({
  context,
}) => {
  const b = await context.newPage();
  await opened(b);
  const a = await context.newPage();
  await opened(a);
  await typeInCell(a, 1, 'print("A was here")');
  await saved(a);
  await expect(
    b.getByRole('status').filter({ hasText: 'This lesson is also open in another tab; cell 1 was changed there.' }),
  ).toBeVisible();
  await expect.poll(() => editorText(b, 1)).toBe('print("A was here")');
  await typeInCell(b, 2, 'print("B was here")');
  await saved(b);
  await expect.poll(() => editorText(a, 2)).toBe('print("B was here")');
  const again = await context.newPage();
  await opened(again);
  await expect.poll(() => editorText(again, 1)).toBe('print("A was here")');
  expect(await editorText(again, 2)).toBe('print("B was here")');
});

test('two tabs change the same cell: the later save wins in both tabs, the other version is listed and can be applied to another cell', async ({
  context,
}) => {
  const a = await context.newPage();
  await opened(a);
  const b = await context.newPage();
  await opened(b);
  // Both change cell 1 within the autosave delay (each pastes its code), so neither has seen the other's save.
  const paste = async (tab: Page, text: string) => {
    await cell(tab, 1).locator('.cm-content').click();
    await tab.keyboard.press('ControlOrMeta+A');
    await tab.keyboard.insertText(text);
  };
  await Promise.all([paste(a, 'print("from A")'), paste(b, 'print("from B")')]);
  await saved(a);
  await saved(b);
  for (const tab of [a, b]) {
    await expect(
      tab.getByRole('status').filter({ hasText: /This lesson is also open in another tab; cell 1 was changed there/ }),
    ).toBeVisible();
  }
  // Whichever saved later is in both tabs; the other is in both tabs' Unmatched edits.
  const winner = await editorText(b, 1);
  expect(['print("from A")', 'print("from B")']).toContain(winner);
  const loser = winner === 'print("from A")' ? 'print("from B")' : 'print("from A")';
  await expect.poll(() => editorText(a, 1)).toBe(winner);
  for (const tab of [a, b]) {
    const item = tab.getByRole('region', { name: 'Unmatched edits' }).getByRole('listitem', { name: 'Unmatched edit of cell 1' });
    await expect(item.getByLabel('The edit')).toHaveText(loser);
  }
  const list = a.getByRole('region', { name: 'Unmatched edits' });
  const item = list.getByRole('listitem', { name: 'Unmatched edit of cell 1' });
  await item.getByLabel('Apply to').selectOption({ label: 'Cell 3' });
  await item.getByRole('button', { name: 'Apply' }).click();
  await expect(list).toHaveCount(0);
  await expect.poll(() => editorText(a, 3)).toBe(loser);
  await saved(a);
  const again = await context.newPage();
  await opened(again);
  await expect.poll(() => editorText(again, 1)).toBe(winner);
  expect(await editorText(again, 3)).toBe(loser);
  await expect(again.getByRole('region', { name: 'Unmatched edits' })).toHaveCount(0);
});

test('storage full: a banner at once, the edit stays, and once there is room it is saved and survives a reload', async ({
  page,
  context,
}) => {
  const origin = new URL(test.info().project.use.baseURL ?? 'http://localhost:4173').origin;
  const cdp = await context.newCDPSession(page);
  // IndexedDB: the origin's quota as Chromium enforces it (set before the page opens its storage, which is when it
  // takes effect). localStorage, the fallback: filled to its own limit.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1000 });
  await opened(page);
  const filled = await page.evaluate(() => {
    // Big pieces, then smaller ones, until not one more character fits.
    let n = 0;
    for (const size of [256 * 1024, 16 * 1024, 1024, 64, 1]) {
      const chunk = 'x'.repeat(size);
      try {
        for (; n < 10_000; n++) localStorage.setItem(`filler-${n}`, chunk);
      } catch {
        // full at this size: go on with a smaller one
      }
    }
    return n;
  });
  expect(filled).toBeGreaterThan(0);
  await typeInCell(page, 2, 'print("do not lose me")');
  const banner = page.getByRole('alert').filter({ hasText: 'Your edits are not being saved:' });
  await expect(banner).toBeVisible({ timeout: 5000 });
  await expect(banner).toContainText('Keep this tab open');
  await expect(banner.getByRole('button', { name: 'Download my edits (.md)' })).toBeVisible();
  expect(await editorText(page, 2)).toBe('print("do not lose me")');
  // Free the space: the retry saves the edit without the student doing anything.
  await page.evaluate((n) => {
    for (let i = 0; i < n; i++) localStorage.removeItem(`filler-${i}`);
  }, filled);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await expect(banner).toHaveCount(0, { timeout: 20_000 });
  await page.reload();
  await page.waitForFunction(() => window.__qlab !== undefined);
  await page.evaluate(([t, p]) => window.__qlab!.openLessonText(t, p), [LESSON, PATH] as const);
  await expect.poll(() => editorText(page, 2)).toBe('print("do not lose me")');
});

test('a cell inserted above an edited cell: after the lesson changes, the edit is still on its own cell', async ({ page }) => {
  const path = 'tests/changing-lesson.md';
  await opened(page, lessonOf('print("intro")', 'print("cell two")', 'print("end")'), path);
  await typeInCell(page, 2, 'print("my work in cell two")');
  await saved(page);
  await page.reload();
  await opened(page, lessonOf('print("intro")', 'print("a new cell")', 'print("cell two")', 'print("end")'), path);
  await expect.poll(() => editorText(page, 3)).toBe('print("my work in cell two")');
  expect(await editorText(page, 2)).toBe('print("a new cell")');
  await expect(page.getByRole('region', { name: 'Unmatched edits' })).toHaveCount(0);
  // Rewritten and moved at once: no certain cell, so the edit is listed rather than guessed.
  await page.reload();
  await opened(page, lessonOf('print("cell two, rewritten")', 'print("intro")', 'print("more")', 'print("end")'), path);
  const item = page.getByRole('region', { name: 'Unmatched edits' }).getByRole('listitem', { name: 'Unmatched edit of cell 3' });
  await expect(item.getByLabel('The edit')).toHaveText('print("my work in cell two")');
  for (const n of [1, 2, 3, 4]) expect(await editorText(page, n)).not.toContain('my work');
});

test('edits saved by an earlier release (localStorage, by position) are moved to IndexedDB and kept', async ({ page }) => {
  await page.goto('/?lesson=00-welcome');
  await expect(cell(page, 1).locator('.cm-content')).toBeVisible();
  const original = await editorText(page, 1);
  // A version 1 entry for the lesson as it is now, with an edit of cell 1.
  const hash = await page.evaluate(() => window.__qlab!.store.getState().lesson!.hash);
  await page.evaluate(
    ([h, base]) => {
      localStorage.setItem(
        'qlab:edits:00-welcome',
        JSON.stringify({ version: 1, lessonHash: h, savedAt: 1, cells: { '00-welcome/c1': { source: 'print("saved long ago")', base } } }),
      );
    },
    [hash, original] as const,
  );
  await page.reload();
  await expect.poll(() => editorText(page, 1)).toBe('print("saved long ago")');
  await expect.poll(() => page.evaluate(() => localStorage.getItem('qlab:edits:00-welcome'))).toBeNull();
  await page.reload();
  await expect.poll(() => editorText(page, 1)).toBe('print("saved long ago")');
});
