import { expect, test } from '@playwright/test';
import { openLesson } from './helpers.ts';

const lesson = `---
title: Speaker fixture
---

Welcome.

\`\`\`notes
Greet the room; say what quantization is for.
\`\`\`

## First

Text of the first section.

\`\`\`notes
Ask who has used **bfloat16**.
\`\`\`

\`\`\`ts
print("first")
\`\`\`

## Second

Text of the second section.
`;

test('the speaker view shows notes, the next slide and a timer; keys in either window move both; it runs no kernel', async ({
  page,
  context,
}) => {
  await openLesson(page, lesson, 'lessons/speaker-fixture.md');
  // Notes are for the speaker only: not in the lesson the students see.
  await expect(page.getByText('Greet the room')).toHaveCount(0);
  await page.keyboard.press('p');
  const counter = page.getByTestId('slide-counter');
  await expect(counter).toHaveText('Slide 1 / 3');

  const [speaker] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Speaker view' }).click()]);
  await speaker.waitForLoadState();
  await expect(speaker.getByTestId('speaker-counter')).toHaveText('Slide 1 / 3');
  await expect(speaker.getByRole('region', { name: 'Notes' })).toContainText('Greet the room; say what quantization is for.');
  const next = speaker.getByRole('region', { name: 'Next slide' });
  await expect(next).toContainText('Next: First');
  await expect(next).toContainText('print("first")');
  await expect(page.getByText('Greet the room')).toHaveCount(0);

  // A key in the speaker view moves the presenter's slides.
  await speaker.keyboard.press('ArrowRight');
  await expect(counter).toHaveText('Slide 2 / 3');
  await expect(speaker.getByTestId('speaker-counter')).toHaveText('Slide 2 / 3');
  await expect(speaker.getByRole('region', { name: 'Notes' }).locator('strong')).toHaveText('bfloat16');
  // And a key in the presenter's window moves the speaker view.
  await page.bringToFront();
  await page.keyboard.press('ArrowRight');
  await expect(speaker.getByTestId('speaker-counter')).toHaveText('Slide 3 / 3');
  await expect(speaker.getByRole('region', { name: 'Notes' })).toContainText('No notes for this slide.');
  await expect(next).toContainText('This is the last slide.');

  // The timer runs, pauses and resets.
  const timer = speaker.getByTestId('speaker-timer');
  await expect(timer).toHaveText(/^00:0[1-9]$/, { timeout: 5000 });
  await speaker.getByRole('button', { name: 'Pause' }).click();
  const paused = await timer.textContent();
  await speaker.waitForTimeout(1300);
  await expect(timer).toHaveText(paused!);
  await speaker.getByRole('button', { name: 'Reset' }).click();
  await expect(timer).toHaveText('00:00');

  // Cells run only in the presenter's window: the speaker view has no kernel frame and no worker.
  expect(speaker.frames()).toHaveLength(1);
  expect(speaker.workers()).toHaveLength(0);

  // Leaving the slides tells the speaker view.
  await page.keyboard.press('Escape');
  await expect(speaker.getByRole('status')).toHaveText("The slides were closed in the presenter's window.");
});
