import { expect, test } from '@playwright/test';
import { expectNoSeriousViolations, type Screen } from './axe.ts';
import { cell, runCell } from './helpers.ts';

/** Run the cells that show rich output, so their text alternatives are scanned too. */
async function lessonWithOutputs(page: import('@playwright/test').Page): Promise<void> {
  await page.goto('/?lesson=00-welcome');
  await expect(cell(page, 1).locator('.cm-content')).toBeVisible();
  await page.getByRole('button', { name: 'Run all', exact: true }).click();
  await expect(page.locator('[data-kernel-status="idle"]')).toBeVisible();
  await expect(cell(page, 1)).toHaveAttribute('data-status', /ok|error/);
}

const SCREENS: readonly Screen[] = [
  { name: 'lesson', open: lessonWithOutputs },
  {
    name: 'lesson (dark)',
    open: async (page) => {
      await page.emulateMedia({ colorScheme: 'dark' });
      await lessonWithOutputs(page);
    },
  },
  {
    name: 'lesson (high contrast)',
    open: async (page) => {
      await lessonWithOutputs(page);
      await page.getByLabel('Theme').selectOption('contrast');
    },
  },
  {
    name: 'presenter',
    open: async (page) => {
      await page.goto('/?lesson=00-welcome');
      await runCell(page, 1);
      await page.getByRole('button', { name: 'Present' }).click();
      await page.keyboard.press('ArrowRight');
    },
  },
  {
    name: 'shortcuts sheet',
    open: async (page) => {
      await page.goto('/?lesson=00-welcome');
      await page.locator('body').press('?');
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    },
  },
  {
    name: 'model lab',
    open: async (page) => {
      await page.goto('/?lab');
      await expect(page.getByRole('heading', { name: 'Model lab', level: 1 })).toBeVisible();
    },
  },
];

for (const screen of SCREENS) {
  test(`axe finds no serious or critical violation: ${screen.name}`, async ({ page }) => {
    await screen.open(page);
    await expectNoSeriousViolations(page, screen.name);
  });
}

test('outputs have text alternatives: figures are images with a label, tables have headers', async ({ page }) => {
  await page.goto('/?lesson=00-welcome');
  await page.getByRole('button', { name: 'Run all', exact: true }).click();
  await expect(page.locator('[data-kernel-status="idle"]')).toBeVisible();
  for (const figure of await page.locator('.cell-output [role="img"]').all()) await expect(figure).toHaveAttribute('aria-label', /\S/);
  for (const img of await page.locator('.cell-output img').all()) await expect(img).toHaveAttribute('alt', /\S/);
  for (const table of await page.locator('.cell-output table').filter({ visible: true }).all())
    await expect(table.locator('th').first()).toBeVisible();
  // A Plot figure's data is one click away, in a table with headers.
  for (const data of await page.locator('.cell-output .out-figure-data').all()) {
    await data.locator('summary').click();
    await expect(data.locator('th').first()).toBeVisible();
  }
});
