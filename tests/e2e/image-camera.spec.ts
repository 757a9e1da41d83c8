// pickImage()'s "Use camera" on Chromium's fake camera (a generated test pattern, permission
// granted): Capture sends the frame as a PNG File, which run(image)'s PNG decoder reads.
import { existsSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { chromiumArgs } from '../../scripts/lib/chromium-args.ts';
import { cell, lessonOf, openLesson, outputText } from './helpers.ts';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
test.use({
  launchOptions: {
    ...(existsSync(chromium) ? { executablePath: chromium } : {}),
    args: [...chromiumArgs, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  },
  permissions: ['camera'],
});

test('Use camera → Capture gives the cell a PNG of the frame, captioned by the tiny BLIP', async ({ page }) => {
  test.setTimeout(90_000);
  await openLesson(
    page,
    lessonOf(
      'const m = await models.load("tiny-blip")\nconst f = await pickImage("Take a photo")\nconst r = await m.run(f)\nprint(f.name, f.type, f.size > 1000, typeof r.caption, r.image_note)',
    ),
  );
  await cell(page, 1).getByRole('button', { name: 'Run cell', exact: true }).click();
  const picker = cell(page, 1).getByRole('group', { name: 'Take a photo (Cell 1)' });
  await picker.getByRole('button', { name: 'Use camera' }).click();
  const preview = picker.getByLabel('Camera preview');
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((v) => (v as HTMLVideoElement).videoWidth)).toBeGreaterThan(0);
  await picker.getByRole('button', { name: 'Capture' }).click();
  await expect(cell(page, 1)).toHaveAttribute('data-status', 'ok', { timeout: 60_000 });
  expect(await outputText(page, 1)).toBe('camera.png image/png true string null');
});
