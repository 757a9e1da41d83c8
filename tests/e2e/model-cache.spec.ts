import { readFileSync, statSync } from 'node:fs';
import { expect, test, type BrowserContext } from '@playwright/test';
import { lessonOf, openLesson, outputText, runCell } from './helpers.ts';

// A BLIP folder "on another server": the shipped tiny BLIP served under /remote-models/tiny/.
const FILES = [
  'config.json',
  'preprocessor_config.json',
  'text_decoder_model.onnx',
  'tokenizer.json',
  'tokenizer_config.json',
  'vision_model.onnx',
];
const ROUTE = '**/remote-models/tiny/*';
const fileOf = (url: string): string => `models/tiny-blip/${new URL(url).pathname.replace(/^.*\//, '')}`;
const shipped: { samples: { float32: { caption: string } }[] } = JSON.parse(readFileSync('public/samples/tiny-blip/samples.json', 'utf8'));
const firstCaption = shipped.samples[0]?.float32.caption ?? '';
const escaped = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

// Without the service worker the kernel worker's requests reach these routes.
test.use({ serviceWorkers: 'block' });

async function serveFolder(context: BrowserContext, served: string[]): Promise<void> {
  await context.route(ROUTE, (route) => {
    served.push(route.request().url());
    return route.fulfill({ path: fileOf(route.request().url()) });
  });
}

test('a BLIP folder loaded from a URL is cached with its sizes, loads again with the server gone, and can be removed', async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const folder = `${baseURL}/remote-models/tiny/`;
  const served: string[] = [];
  await serveFolder(context, served);
  const load = 'const m = await models.load("/remote-models/tiny/")\nconst s = (await blip.samples())[0]\nprint((await m.run(s)).caption)';
  await openLesson(
    page,
    lessonOf(
      load,
      'const t = await models.load("tiny-blip")\nprint((await t.run(s)).caption)',
      'print(JSON.stringify(await models.cached()))\nprint(await models.cached_total())\ndisplay(await models.cached())',
    ),
  );
  await runCell(page, 1, 60_000);
  expect(await outputText(page, 1)).toMatch(
    new RegExp(
      `^Downloading ${escaped(folder)} …\nDownloaded 3\\.\\d MB from ${escaped(folder)}; cached for offline use\n${escaped(firstCaption)}$`,
    ),
  );
  await runCell(page, 2, 60_000);
  expect(await outputText(page, 2)).toBe(firstCaption);
  await runCell(page, 3);
  const [listed, total] = (await outputText(page, 3)).split('\n');
  const expected = FILES.map((f) => ({ url: folder + f, bytes: statSync(`models/tiny-blip/${f}`).size }));
  const byUrl = (a: { url: string }, b: { url: string }): number => (a.url < b.url ? -1 : 1);
  const got: typeof expected = JSON.parse(listed ?? '');
  expect(got.sort(byUrl)).toEqual(expected.sort(byUrl));
  expect(Number(total)).toBe(expected.reduce((n, f) => n + f.bytes, 0));
  expect(served.sort()).toEqual(expected.map((f) => f.url));

  // The server is gone: the next visit loads every file from this browser's cache.
  await context.unroute(ROUTE);
  await context.route(ROUTE, (route) => route.abort());
  await openLesson(
    page,
    lessonOf(
      load,
      'print(await models.remove("/remote-models/tiny/"))\nprint(JSON.stringify(await models.cached()))',
      'await models.load("/remote-models/tiny/")',
    ),
  );
  await runCell(page, 1, 60_000);
  expect(await outputText(page, 1)).toMatch(
    new RegExp(`^Loaded ${escaped(folder)} from this browser's cache \\(3\\.\\d MB\\)\n${escaped(firstCaption)}$`),
  );
  await runCell(page, 2);
  expect(await outputText(page, 2)).toBe('6\n[]');
  await runCell(page, 3);
  // The cell says it started downloading (models.load prints progress lines by default), then why it failed.
  expect(await outputText(page, 3)).toBe(`Downloading ${folder} …\nDownloadError: could not fetch ${folder}config.json: Failed to fetch`);
});

test('a download cut off halfway gives a clear DownloadError and caches nothing of that file', async ({ page, context, baseURL }) => {
  test.setTimeout(120_000);
  const vision = `${baseURL}/remote-models/tiny/vision_model.onnx`;
  await context.route(ROUTE, (route) => {
    const url = route.request().url();
    if (url !== vision) return route.fulfill({ path: fileOf(url) });
    // The connection drops after half the file: the server promised more bytes than arrive.
    const body = readFileSync(fileOf(url));
    return route.fulfill({
      body: body.subarray(0, body.length >> 1),
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(body.length) },
    });
  });
  await openLesson(
    page,
    lessonOf(
      'await models.load("/remote-models/tiny/")',
      'print((await models.cached()).map((f) => f.url).includes(' +
        JSON.stringify(vision) +
        '))\nprint(await models.remove("/remote-models/tiny/") > 0)',
    ),
  );
  await runCell(page, 1, 60_000);
  expect(await outputText(page, 1)).toMatch(
    /^Downloading \S+ …\nDownloadError: download of \S+\/remote-models\/tiny\/vision_model\.onnx stopped at \d+ of \d+ bytes$/,
  );
  await runCell(page, 2);
  expect(await outputText(page, 2)).toBe('false\ntrue');
});

test('cells and the Model lab share one model cache, though the kernel runs on another site', async ({ page, context, baseURL }) => {
  test.setTimeout(120_000);
  await serveFolder(context, []);
  await openLesson(page, lessonOf('await models.load("/remote-models/tiny/")\nprint((await models.cached()).length)'));
  await runCell(page, 1, 60_000);
  expect((await outputText(page, 1)).split('\n').at(-1)).toBe('6');
  await page.goto('/?lab');
  const panel = page.getByRole('region', { name: 'Downloaded models' });
  await expect(panel.locator('tbody tr')).toHaveCount(6);
  await expect(panel.locator('tbody')).toContainText(`${baseURL}/remote-models/tiny/vision_model.onnx`);
  await panel.getByRole('button', { name: /Remove .*vision_model\.onnx/ }).click();
  await expect(panel.locator('tbody tr')).toHaveCount(5);
  await openLesson(page, lessonOf('print((await models.cached()).length)'));
  await runCell(page, 1);
  expect(await outputText(page, 1)).toBe('5');
});
