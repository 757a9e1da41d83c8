import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';

// The test routes must see the page's own requests, not the service worker's.
test.use({ serviceWorkers: 'block' });

const serveTinyBlip = (failing: string | null) => async (route: import('@playwright/test').Route) => {
  const name = new URL(route.request().url()).pathname.split('/').pop() ?? '';
  if (name === failing) return route.abort('connectionreset');
  return route.fulfill({ body: readFileSync(resolve('models/tiny-blip', name)) });
};

test('the Model lab downloads a model folder for offline use with a progress bar, lists it with sizes, and removes it', async ({
  page,
}) => {
  await page.route('**/remote-models/tiny/*', serveTinyBlip(null));
  await page.goto('/?lab');
  const panel = page.getByRole('region', { name: 'Downloaded models' });
  await expect(panel).toContainText('No downloaded models in this browser.');
  await panel.getByLabel('Folder URL').fill(new URL('/remote-models/tiny/', page.url()).href);
  await panel.getByRole('button', { name: 'Download for offline use' }).click();
  await expect(panel.getByRole('status')).toContainText('kept for offline use');
  await expect(panel.getByRole('progressbar', { name: 'Download progress' })).toBeVisible();
  await expect(panel.locator('tbody tr')).toHaveCount(6);
  await expect(panel.locator('tbody')).toContainText('vision_model.onnx');
  await panel.getByRole('button', { name: /Remove .*vision_model\.onnx/ }).click();
  await expect(panel.locator('tbody tr')).toHaveCount(5);
});

test('a download that fails halfway says so and keeps nothing of that file', async ({ page }) => {
  await page.route('**/remote-models/broken/*', serveTinyBlip('text_decoder_model.onnx'));
  await page.goto('/?lab');
  const panel = page.getByRole('region', { name: 'Downloaded models' });
  await panel.getByLabel('Folder URL').fill(new URL('/remote-models/broken/', page.url()).href);
  await panel.getByRole('button', { name: 'Download for offline use' }).click();
  await expect(panel.getByRole('alert')).toContainText('DownloadError');
  await expect(panel.locator('tbody')).not.toContainText('text_decoder_model.onnx');
});
