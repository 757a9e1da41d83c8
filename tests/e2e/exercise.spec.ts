import { expect, test } from '@playwright/test';
import { cell, openLesson } from './helpers.ts';

const lesson = `---
title: Exercise fixture
---

## Powers

\`\`\`ts exercise
const answer = 0
\`\`\`

\`\`\`hint
Two to the eighth.
\`\`\`

\`\`\`hint
\`2 ** 8\`
\`\`\`

\`\`\`solution
const answer = 2 ** 8
\`\`\`

\`\`\`check
check.equal(answer, 256, "answer is the number of 8-bit values")
\`\`\`
`;

test('Check says what is wrong, hints come one at a time, the solution passes, and progress shows and persists', async ({ page }) => {
  await openLesson(page, lesson, 'lessons/exercise-fixture.md');
  const c = cell(page, 1);
  await expect(c.getByRole('button', { name: 'Show solution' })).toBeDisabled();
  await c.getByRole('button', { name: /Check/ }).click();
  await expect(c.locator('.exercise')).toHaveAttribute('data-exercise-status', 'failed');
  await expect(c.getByRole('status').filter({ hasText: 'Not yet' })).toContainText(
    'answer is the number of 8-bit values: expected 256, got 0',
  );

  await c.getByRole('button', { name: /Hint/ }).click();
  await expect(c.getByRole('list', { name: 'Hints' }).getByRole('listitem')).toHaveCount(1);
  await c.getByRole('button', { name: /Hint/ }).click();
  await expect(c.getByRole('list', { name: 'Hints' }).getByRole('listitem')).toHaveCount(2);
  await expect(c.getByRole('button', { name: /Hint/ })).toBeDisabled();

  await expect(page.getByTestId('exercise-progress')).toHaveText('Exercises: 0 of 1 done');
  await c.getByRole('button', { name: 'Show solution' }).click();
  await c.getByRole('button', { name: /Check/ }).click();
  await expect(c.locator('.exercise')).toHaveAttribute('data-exercise-status', 'passed');
  await expect(page.getByTestId('exercise-progress')).toHaveText('Exercises: 1 of 1 done');
  await expect(page.getByRole('navigation', { name: 'Contents' })).toContainText('Powers 1/1');

  await openLesson(page, lesson, 'lessons/exercise-fixture.md');
  await expect(page.getByTestId('exercise-progress')).toHaveText('Exercises: 1 of 1 done');
  await expect(cell(page, 1).locator('.exercise')).toHaveAttribute('data-progress', 'done');
});

test('an exercise without a check block is a lesson error naming the line', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => window.__qlab !== undefined);
  const errors = await page.evaluate(() =>
    window.__qlab!.openLessonText(
      '---\ntitle: X\n---\n\n```ts exercise\nconst a = 1\n```\n\n```solution\nconst a = 2\n```\n',
      'lessons/x.md',
    ),
  );
  expect(errors?.[0]).toMatchObject({ line: 5, message: expect.stringContaining('has no ```check block') });
});
