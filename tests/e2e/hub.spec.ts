// models.from_pretrained in the browser against a stand-in Hub on loopback
// (tests/e2e/stand-in-hub.ts, port 4417, the Hub's URL layout, serving the shared
// micro BLIP that transformers 4.27.1 wrote): by repo id with models.hub.endpoint
// set, by folder URL, the safetensors → bin fallback, a gated repo, a cut-off
// download, the Hub unreachable, and a reload with the Hub gone (from the cache).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { sharedHfBlipDir } from '../../app/models/hub/shared-blip.node.ts';
import { lessonOf, openLesson, outputText, runCell } from './helpers.ts';
import { startStandInHub, type StandInHub } from './stand-in-hub.ts';

const golden = JSON.parse(readFileSync(join(sharedHfBlipDir(), 'micro-a-golden', 'golden.json'), 'utf8')) as {
  footprint: { float32: number; bfloat16: number };
};
let hub: StandInHub;

test.beforeAll(async () => {
  hub = await startStandInHub();
});
test.afterAll(async () => {
  await hub.close();
});
test.beforeEach(() => {
  hub.requests.length = 0;
  hub.down = false;
});

const escaped = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const footprints = 'print(m.get_memory_footprint(), m.to(torch.bfloat16).get_memory_footprint(), m.checkpoint.format, m.num_parameters())';

test("by repo id with models.hub.endpoint set: the Hub's URLs, transformers' footprints, cached with sizes, then loaded with the Hub gone", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const load = `models.hub.endpoint = ${JSON.stringify(hub.url)}\nconst m = await models.from_pretrained("test/micro-a")\n${footprints}`;
  const listing =
    'const files = (await models.cached()).filter((f) => f.url.includes("/test/micro-a/"))\nprint(files.map((f) => `${f.url.replace(/^.*\\//, "")} ${f.bytes}`).sort().join("\\n"))';
  await openLesson(page, lessonOf(load, listing));
  await runCell(page, 1, 60_000);
  expect(await outputText(page, 1)).toMatch(
    new RegExp(
      `^Downloading test/micro-a …\nDownloaded 1\\.0 MB of test/micro-a \\(model\\.safetensors\\); cached for offline use\n${golden.footprint.float32} ${golden.footprint.bfloat16} safetensors 261391$`,
    ),
  );
  expect(hub.requests).toEqual(
    ['config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json', 'model.safetensors'].map(
      (f) => `/test/micro-a/resolve/main/${f}`,
    ),
  );
  await runCell(page, 2);
  const size = (f: string): number => readFileSync(join(sharedHfBlipDir(), 'micro-a', f)).length;
  expect(await outputText(page, 2)).toBe(
    ['config.json', 'model.safetensors', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json']
      .map((f) => `${f} ${size(f)}`)
      .join('\n'),
  );

  // The Hub is gone (every connection dropped) and the page reloads: everything comes from this browser's cache.
  hub.down = true;
  hub.requests.length = 0;
  await openLesson(page, lessonOf(load, `print(await models.remove("${hub.url}/test/micro-a/"))`));
  await runCell(page, 1, 60_000);
  expect(await outputText(page, 1)).toBe(
    `Loaded test/micro-a (model.safetensors) from this browser's cache (1.0 MB)\n${golden.footprint.float32} ${golden.footprint.bfloat16} safetensors 261391`,
  );
  expect(hub.requests).toEqual([]);
  await runCell(page, 2);
  expect(await outputText(page, 2)).toBe('5');
});

test('a repo without model.safetensors loads pytorch_model.bin (after its 404); a folder URL loads too', async ({ page }) => {
  test.setTimeout(120_000);
  await openLesson(
    page,
    lessonOf(
      `const m = await models.from_pretrained("test/micro-a-bin", { endpoint: ${JSON.stringify(hub.url)} })\n${footprints}\nprint(m.checkpoint.aliases.get("text_decoder.cls.predictions.decoder.bias"))`,
      `const m = await models.from_pretrained(${JSON.stringify(`${hub.url}/folders/micro-a`)}, { torch_dtype: torch.bfloat16 })\nprint(m.dtype, m.get_memory_footprint())\nprint(String(m))`,
    ),
  );
  await runCell(page, 1, 60_000);
  expect((await outputText(page, 1)).split('\n').slice(-2)).toEqual([
    `${golden.footprint.float32} ${golden.footprint.bfloat16} pytorch 261391`,
    'text_decoder.cls.predictions.bias',
  ]);
  expect(hub.requests.slice(-2)).toEqual([
    '/test/micro-a-bin/resolve/main/model.safetensors',
    '/test/micro-a-bin/resolve/main/pytorch_model.bin',
  ]);
  await runCell(page, 2, 60_000);
  expect((await outputText(page, 2)).split('\n').slice(-2)).toEqual([
    `bfloat16 ${golden.footprint.bfloat16}`,
    `BlipForConditionalGeneration from ${hub.url}/folders/micro-a/ (safetensors, bfloat16): vision 2×64 at 64px, text 2×64, vocab 271; 261,391 parameters, footprint 0.52 MB`,
  ]);
});

test('clear errors: gated repo, repo not found, a cut-off download (nothing stored), the Hub unreachable; the loaded model captions, and says what run() needs', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const e = JSON.stringify(hub.url);
  await openLesson(
    page,
    lessonOf(
      `await models.from_pretrained("test/gated", { endpoint: ${e}, log: () => {} })`,
      `await models.from_pretrained("test/none", { endpoint: ${e}, log: () => {} })`,
      `await models.from_pretrained("test/cut", { endpoint: ${e}, log: () => {} })`,
      `print((await models.cached()).some((f) => f.url.endsWith("/test/cut/resolve/main/model.safetensors")))`,
      `await models.from_pretrained("test/other", { endpoint: ${e}, log: () => {} })`,
      `const m = await models.from_pretrained("test/micro-a", { endpoint: ${e}, log: () => {} })\nconst r = await m.run(new ImageData(new Uint8ClampedArray(64 * 64 * 4).fill(200), 64, 64))\nprint(typeof r.caption, r.ids.length > 1)\nawait m.run()`,
      `await models.from_pretrained("test/micro-a", { endpoint: ${e}, device_map: "auto" })`,
    ),
  );
  await runCell(page, 1, 30_000);
  expect(await outputText(page, 1)).toMatch(
    /^HubError: the repo test\/gated \(revision main\) is gated or private, or does not exist \(HTTP 401 at \S+\): logging in to the Hub is not supported here\. A teacher can download the files once/,
  );
  await runCell(page, 2, 30_000);
  expect(await outputText(page, 2)).toBe(
    `HubError: the repo test/none (revision main) has no config.json: no such repo or revision, or not a transformers model (HTTP 404 at ${hub.url}/test/none/resolve/main/config.json)`,
  );
  await runCell(page, 3, 30_000);
  expect(await outputText(page, 3)).toMatch(
    /^HubError: the download of model\.safetensors was cut off \(.*\); nothing of it was stored, run the cell again to retry$/,
  );
  await runCell(page, 4);
  expect(await outputText(page, 4)).toBe('false');
  hub.down = true;
  await runCell(page, 5, 30_000);
  expect(await outputText(page, 5)).toMatch(
    new RegExp(
      `^HubError: could not reach ${escaped(new URL(hub.url).host)} for config\\.json \\(.*\\): offline, or the server does not allow this page \\(CORS\\)\\. Nothing was stored\\. The tiny BLIP runs offline: models\\.load\\("tiny-blip"\\)$`,
    ),
  );
  hub.down = false;
  await runCell(page, 6, 30_000);
  // The graphs are built in the page (app/models/blip-hub); fidelity against transformers is in its unit tests.
  expect(await outputText(page, 6)).toBe(
    'string true\nTypeError: run(image): expected an image (ImageData, a File or Blob, an image URL, or a sample from blip.samples()), got undefined',
  );
  await runCell(page, 7, 30_000);
  expect(await outputText(page, 7)).toMatch(/^TypeError: from_pretrained: unknown option "device_map"/);
});
