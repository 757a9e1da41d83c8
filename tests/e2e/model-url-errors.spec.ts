import { expect, test } from '@playwright/test';
import { lessonOf, openLesson, outputText, runCell } from './helpers.ts';

// A model folder "on another server" (see model-cache.spec.ts): first the
// server answers every file with a 200 HTML page (a wrong folder, a login
// page), then it is fixed and serves the shipped tiny BLIP.
const ROUTE = '**/remote-models/moved/*';
const fileOf = (url: string): string => `models/tiny-blip/${new URL(url).pathname.replace(/^.*\//, '')}`;

// Without the service worker the kernel worker's requests reach these routes.
test.use({ serviceWorkers: 'block' });

test('a server that answers a model folder with an HTML page gets a message naming the file, and nothing is cached', async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const folder = `${baseURL}/remote-models/moved/`;
  let fixed = false;
  await context.route(ROUTE, (route) =>
    fixed
      ? route.fulfill({ path: fileOf(route.request().url()) })
      : route.fulfill({
          status: 200,
          contentType: 'text/html',
          body: '<!doctype html>\n<html><head><title>Page not found</title></head><body><h1>Not here</h1></body></html>',
        }),
  );
  await openLesson(
    page,
    lessonOf(
      'await models.load("/remote-models/moved/")',
      'print(JSON.stringify(await models.cached()))',
      'const m = await models.load("/remote-models/moved/")\nprint(typeof m.run)',
    ),
  );
  await runCell(page, 1, 60_000);
  expect(await outputText(page, 1)).toBe(
    `Downloading ${folder} …\nModelFileError: ${folder}config.json is not a model file (the server sent an HTML page): check the URL`,
  );
  await runCell(page, 2);
  expect(await outputText(page, 2)).toBe('[]');

  // The server is fixed: the same load now downloads every file (nothing stale came from the cache).
  fixed = true;
  await runCell(page, 3, 60_000);
  expect(await outputText(page, 3)).toMatch(
    new RegExp(
      `^Downloading ${folder.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} …\nDownloaded 3\\.\\d MB from \\S+; cached for offline use\nfunction$`,
    ),
  );
});
