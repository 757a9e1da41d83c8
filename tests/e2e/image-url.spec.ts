// run(image) with an image URL: fetched by the page like model files (kept in the model cache,
// so it works again offline); a 404 and an unreachable server name the URL.
import { expect, test } from '@playwright/test';
import { lessonOf, openLesson, outputText, runCell } from './helpers.ts';

// Without the service worker the page's requests reach these routes.
test.use({ serviceWorkers: 'block' });

test('an image URL captions like the same image as ImageData, works again offline, and errors name the URL', async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const served: string[] = [];
  await context.route('**/test-images/**', (route) => {
    const url = route.request().url();
    served.push(url);
    if (url.endsWith('/cat.png')) return route.fulfill({ path: 'public/samples/tiny-blip/sample_00.png', contentType: 'image/png' });
    if (url.endsWith('/gone.png')) return route.abort('internetdisconnected');
    return route.fulfill({ status: 404, body: 'not here' });
  });
  await openLesson(
    page,
    lessonOf(
      'const m = await models.load("tiny-blip")\nconst sample = (await blip.samples()).find((s) => s.file === "sample_00.png")',
      'const r = await m.run("/test-images/cat.png")\nprint(r.caption === (await m.run(sample)).caption, r.image_note)',
      'await m.run("test-images/missing.png")',
      'await m.run(new URL("/test-images/gone.png", "' + baseURL + '"))',
    ),
  );
  await runCell(page, 1, 60_000);
  await runCell(page, 2, 30_000);
  expect(await outputText(page, 2)).toBe('true null');
  await runCell(page, 3, 30_000);
  expect(await outputText(page, 3)).toBe(
    `DownloadError: could not fetch the image ${baseURL}/test-images/missing.png: HTTP 404 (not found)`,
  );
  await runCell(page, 4, 30_000);
  expect(await outputText(page, 4)).toBe(
    `DownloadError: could not fetch the image ${baseURL}/test-images/gone.png: no answer (offline, or the server does not let this site read it: CORS)`,
  );
  // Kept in the model cache: with the server gone, the same URL captions again without a request.
  const before = served.filter((u) => u.endsWith('/cat.png')).length;
  await context.unroute('**/test-images/**');
  await context.route('**/test-images/**', (route) => route.abort('internetdisconnected'));
  await runCell(page, 2, 30_000);
  expect(await outputText(page, 2)).toBe('true null');
  expect(before).toBe(1);
});
