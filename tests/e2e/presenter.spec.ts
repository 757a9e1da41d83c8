import { expect, test, type Page } from '@playwright/test';
import { cell, lessonOf, openLesson, output, runCell } from './helpers.ts';

const lesson = `---
title: Slides fixture
---

Welcome to the slides.

## Bits

Eight bits make a byte.

\`\`\`ts
print("bits " + 8)
\`\`\`

## Ranges

\`\`\`ts
while (true) {}
\`\`\`

### Table

\`\`\`ts
display([{ bits: 8, n: 256 }])
\`\`\`
`;

const counter = (page: Page) => page.getByTestId('slide-counter');
const px = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));

test.use({ viewport: { width: 1920, height: 1080 } });

test('P opens slides sized for a room; arrows and PageUp/PageDown move, the URL names the slide, Esc leaves', async ({ page }) => {
  await openLesson(page, lesson, 'lessons/slides-fixture.md');
  await page.locator('body').press('p');
  await expect(counter(page)).toHaveText('Slide 1 / 4');
  await expect(page.getByRole('main', { name: /Slide 1 of 4: Slides fixture/ })).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(counter(page)).toHaveText('Slide 2 / 4');
  expect(new URL(page.url()).searchParams.get('slide')).toBe('bits');
  // Readable from the back of the room at 1920×1080.
  const body = await px(page, '.slide .prose p');
  const code = await px(page, '.slide .cm-content, .slide .code-fallback');
  expect(body).toBeGreaterThanOrEqual(28);
  expect(code).toBeGreaterThanOrEqual(24);
  await page.screenshot({ path: '/tmp/qlab-presenter-1920.png' });
  await page.keyboard.press('PageDown');
  await expect(counter(page)).toHaveText('Slide 3 / 4');
  await page.keyboard.press('PageDown');
  await expect(page.getByRole('main', { name: /Slide 4 of 4: Table/ })).toBeVisible();
  await page.keyboard.press('PageUp');
  await page.keyboard.press('ArrowLeft');
  await expect(counter(page)).toHaveText('Slide 2 / 4');
  await page.keyboard.press('Escape');
  await expect(counter(page)).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Bits' })).toBeInViewport();
  expect(new URL(page.url()).searchParams.get('slide')).toBeNull();
});

test('a deep link opens the named slide of a bundled lesson', async ({ page }) => {
  await page.goto('/?lesson=00-welcome&slide=one-shared-scope');
  await expect(page.getByRole('main', { name: /One shared scope/ })).toBeVisible();
  await expect(counter(page)).toHaveText(/^Slide 3 \/ \d+$/);
});

test('the font-scale control changes the text size and is remembered', async ({ page }) => {
  await openLesson(page, lesson, 'lessons/slides-fixture.md');
  await page.getByRole('button', { name: 'Present' }).click();
  const before = await px(page, '.slide .prose p');
  await page.keyboard.press('+');
  await expect(page.getByTestId('font-scale')).toHaveText('115%');
  expect(await px(page, '.slide .prose p')).toBeCloseTo(before * 1.15, 0);
  await page.getByRole('button', { name: 'Larger text' }).click();
  await expect(page.getByTestId('font-scale')).toHaveText('130%');
  await page.goto('/?lesson=00-welcome&slide=intro');
  await expect(page.getByTestId('font-scale')).toHaveText('130%');
  await page.getByRole('button', { name: 'Smaller text' }).click();
  await page.keyboard.press('-');
  await expect(page.getByTestId('font-scale')).toHaveText('100%');
});

test('Hide code shows only outputs and figures', async ({ page }) => {
  await openLesson(page, lesson, 'lessons/slides-fixture.md');
  await runCell(page, 1);
  await page.locator('body').press('p');
  await page.keyboard.press('ArrowRight');
  await expect(cell(page, 1).locator('.code-editor')).toBeVisible();
  await page.getByRole('button', { name: 'Hide code' }).click();
  await expect(page.getByRole('button', { name: 'Hide code' })).toHaveAttribute('aria-pressed', 'true');
  await expect(cell(page, 1).locator('.code-editor')).toBeHidden();
  await expect(output(page, 1)).toHaveText('bits 8');
  await page.keyboard.press('ArrowRight');
  // A cell that has printed nothing disappears with its code.
  await expect(cell(page, 2)).toBeHidden();
  await page.keyboard.press('c');
  await expect(cell(page, 2)).toBeVisible();
});

test('cells on slides stay live: edit, run, interrupt, full-screen output; entering a slide runs nothing', async ({ page }) => {
  await openLesson(page, lesson, 'lessons/slides-fixture.md');
  await page.locator('body').press('p');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  // Nothing ran on the way through the slides.
  await expect(cell(page, 3)).toHaveAttribute('data-status', 'idle');
  await page.keyboard.press('ArrowLeft');
  await expect(cell(page, 2)).toHaveAttribute('data-status', 'idle');
  await cell(page, 2).getByRole('button', { name: 'Run cell' }).click();
  await expect(cell(page, 2)).toHaveAttribute('data-status', 'running');
  await page.getByRole('navigation', { name: 'Slides' }).getByRole('button', { name: 'Interrupt' }).click();
  await expect(cell(page, 2)).toHaveAttribute('data-status', 'error');
  await page.keyboard.press('ArrowLeft');
  const editor = cell(page, 1).locator('.cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('print("edited on a slide")');
  // Arrows belong to the editor while typing; the slide stays.
  await page.keyboard.press('ArrowLeft');
  await expect(counter(page)).toHaveText('Slide 2 / 4');
  await page.keyboard.press('Shift+Enter');
  await expect(output(page, 1)).toHaveText('edited on a slide');
  await cell(page, 1)
    .getByRole('button', { name: /full screen/ })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Cell 1: output' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('edited on a slide');
  const box = await dialog.boundingBox();
  expect(box?.width).toBeGreaterThan(1800);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(counter(page)).toHaveText('Slide 2 / 4');
});

test('the high-contrast theme is white on black and is remembered', async ({ page }) => {
  await openLesson(page, lessonOf('print("contrast")'));
  await runCell(page, 1);
  await page.getByLabel('Theme').selectOption('contrast');
  const colors = await page.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]);
  expect(colors).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
  await page.locator('body').press('p');
  await page.screenshot({ path: '/tmp/qlab-contrast-slide.png' });
  await page.keyboard.press('Escape');
  await page.screenshot({ path: '/tmp/qlab-contrast-lesson.png' });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'contrast');
});

test('light and dark follow the system until picked by hand', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await bg()).toBe('rgb(23, 25, 28)');
  await page.getByLabel('Theme').selectOption('light');
  expect(await bg()).toBe('rgb(251, 251, 250)');
  await page.getByLabel('Theme').selectOption('system');
  expect(await bg()).toBe('rgb(23, 25, 28)');
});
