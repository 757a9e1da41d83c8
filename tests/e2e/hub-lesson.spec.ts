// The chapter lesson's "Downcast a model in this notebook" cells (the ones marked
// `online`, taken from lessons/14-quantization.md as they are), run by clicking Run:
// - with a stand-in Hub (tests/e2e/stand-in-hub.ts, E2E_HUB_PORT) serving the shared
//   micro BLIP under the chapter's repo id, and `models.hub.endpoint` set on the cell's
//   first line as a teacher would: footprints and captions equal transformers' (golden.json);
// - with the Hub unreachable: the one offline sentence, then the tiny BLIP's results,
//   equal to what the lesson's checked tiny-BLIP cells expect.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { parseLesson } from '../../app/lesson/parse-lesson.ts';
import type { CodeBlock } from '../../app/lesson/types.ts';
import { sharedHfBlipDir } from '../../app/models/hub/shared-blip.node.ts';
import { decodePng } from '../../app/onnx/node/png-decode.ts';
import { cell, openLesson, outputText, runCell } from './helpers.ts';
import { startStandInHub, type StandInHub } from './stand-in-hub.ts';

interface Golden {
  readonly footprint: { readonly float32: number; readonly bfloat16: number; readonly ratio_bf16_fp32: number };
  readonly images: readonly {
    readonly file: string;
    readonly greedy: { readonly ids: number[]; readonly caption: string };
    readonly bf16: { readonly ids: number[]; readonly caption: string };
  }[];
}
const golden = JSON.parse(readFileSync(join(sharedHfBlipDir(), 'micro-a-golden', 'golden.json'), 'utf8')) as Golden;

const parsed = parseLesson(readFileSync('lessons/14-quantization.md', 'utf8'), 'lessons/14-quantization.md');
if (!parsed.ok) throw new Error(`lessons/14-quantization.md does not parse: ${parsed.errors[0]?.message}`);
const cells = parsed.lesson.blocks.filter((b): b is CodeBlock => b.kind === 'code');
const byId = (id: string): CodeBlock => {
  const found = cells.find((c) => c.attrMap['id'] === id);
  if (found === undefined) throw new Error(`lessons/14-quantization.md has no cell id=${id}`);
  return found;
};
const [footprints, photo, captions] = [byId('hub-footprints'), byId('hub-photo'), byId('hub-captions')];
// The checked tiny-BLIP cells right after the online ones: what the fallback must print.
const tinyFootprints = cells[footprints.index + 2]!;
const tinyRelative = cells[footprints.index + 3]!;
const tinyCaptions = cells[footprints.index + 4]!;

const fence = (attrs: readonly string[], source: string): string => `\`\`\`ts ${attrs.join(' ')}\n${source}\n\`\`\`\n`;
const lessonOf = (...blocks: readonly string[]): string =>
  ['---', 'title: Downcast a model in this notebook', '---', '', ...blocks].join('\n');

let hub: StandInHub;
test.beforeAll(async () => {
  hub = await startStandInHub();
});
test.afterAll(async () => {
  await hub.close();
});

/** The footprints cell with its first line switched on, pointing at the stand-in Hub. */
function withEndpoint(): string {
  const [first, ...rest] = footprints.source.split('\n');
  expect(first).toMatch(/^\/\/ models\.hub\.endpoint = "https:\/\/school\.example\/hf"/);
  return [`models.hub.endpoint = ${JSON.stringify(hub.url)}`, ...rest].join('\n');
}

async function expectBadges(page: Page): Promise<void> {
  for (const n of [1, 2, 3]) await expect(cell(page, n).locator('.cell-tag-online')).toHaveText('needs the Hub');
}

test("online: the lesson's cells load the chapter's repo id from the teacher's server and print transformers' footprints and captions", async ({
  page,
}) => {
  test.setTimeout(240_000);
  hub.down = false;
  hub.requests.length = 0;
  // Image 3 of the shared set is the one where transformers' bf16 caption parts from its float32 one.
  const image = golden.images[3]!;
  const png = decodePng(new Uint8Array(readFileSync(join(sharedHfBlipDir(), image.file))));
  // The photo a student would pick (pickImage), given here as the pixels of the golden's PNG.
  const photoCell = `const photo = new ImageData(Uint8ClampedArray.from(atob("${Buffer.from(png.data).toString('base64')}"), (c) => c.charCodeAt(0)), ${png.width}, ${png.height})`;
  await openLesson(
    page,
    lessonOf(fence(footprints.attrs, withEndpoint()), fence(photo.attrs, photoCell), fence(captions.attrs, captions.source)),
  );
  await expectBadges(page);

  await runCell(page, 1, 120_000);
  expect(await outputText(page, 1)).toBe(
    [
      'Downloading Salesforce/blip-image-captioning-base …',
      'Downloaded 1.0 MB of Salesforce/blip-image-captioning-base (model.safetensors); cached for offline use',
      `Footprint of the fp32 model in MBs:  ${golden.footprint.float32 / 1e6}`,
      `Footprint of the bf16 model in MBs:  ${golden.footprint.bfloat16 / 1e6}`,
      `Relative diff: ${golden.footprint.ratio_bf16_fp32}`,
    ].join('\n'),
  );
  expect(hub.requests[0]).toBe('/Salesforce/blip-image-captioning-base/resolve/main/config.json');

  await runCell(page, 2);
  await runCell(page, 3, 180_000);
  const lines = (await outputText(page, 3)).split('\n');
  expect(lines.map((l) => l.slice(0, l.indexOf(':')))).toEqual([
    'float32',
    'bfloat16 weights',
    'bfloat16 computed',
    'float16 weights',
    'dynamic int8',
    'dynamic int8, reduce_range',
  ]);
  expect(lines[0]).toBe(`float32: ${image.greedy.caption}`);
  // transformers' bf16 run parts from its float32 one at this token (ids[0] is [DEC]).
  const parts = image.greedy.ids.findIndex((id, k) => image.bf16.ids[k] !== id);
  expect(parts).toBeGreaterThan(0);
  expect(lines[2]).toMatch(
    new RegExp(
      `^bfloat16 computed: ${image.bf16.caption}   \\(parts from float32 at token ${parts}: \\S+ \\d+\\.\\d% vs \\S+ \\d+\\.\\d% \\| \\S+ \\d+\\.\\d% vs \\S+ \\d+\\.\\d%\\)$`,
    ),
  );
  // The table: one row per version, each chosen token with its probability.
  const rows = cell(page, 3).locator('table tbody tr');
  await expect(rows).toHaveCount(6);
  await expect(rows.nth(0)).toContainText(image.greedy.caption);
  // Every token float32 chose (19 here: the caption runs to max_length without [SEP]), with its probability.
  const probabilities = (await rows.nth(0).locator('td').nth(2).textContent()) ?? '';
  expect(probabilities.split('  ')).toHaveLength(image.greedy.ids.length - 1);
  for (const p of probabilities.split('  ')) expect(p).toMatch(/^\S+ \d+\.\d%$/);
  // Each version's caption time, whole milliseconds.
  for (let r = 0; r < 6; r++) expect((await rows.nth(r).locator('td').nth(3).textContent()) ?? '').toMatch(/^[1-9][\d,]*$/);
});

test('offline: Run all; the same cells say the Hub could not be reached in one sentence and run the tiny BLIP, as its checked cells print', async ({
  page,
}) => {
  test.setTimeout(240_000);
  hub.down = true;
  await openLesson(
    page,
    lessonOf(fence(footprints.attrs, withEndpoint()), fence(photo.attrs, photo.source), fence(captions.attrs, captions.source)),
  );
  await expectBadges(page);

  // Run all runs online cells like any other; offline they fall back, so nothing after them is cancelled.
  await page.getByRole('button', { name: 'Run all', exact: true }).click();
  for (const n of [1, 2, 3]) await expect(cell(page, n)).toHaveAttribute('data-status', 'ok', { timeout: 180_000 });
  const host = new URL(hub.url).host;
  expect(await outputText(page, 1)).toBe(
    [
      // from_pretrained says when it starts fetching; the fetch of config.json then finds no server.
      'Downloading Salesforce/blip-image-captioning-base …',
      `Could not reach ${host} (offline, or it does not allow this page: CORS), so this runs models.load("tiny-blip"), which ships with the app, instead.`,
      tinyFootprints.expected,
      tinyRelative.expected,
    ].join('\n'),
  );

  await expect(cell(page, 2).locator('img')).toHaveCount(1);
  const lines = (await outputText(page, 3)).split('\n');
  // What the checked tiny cell expects for the same scene: its float32 and bfloat16 captions and where they part.
  const tiny = (tinyCaptions.expected ?? '').split('\n');
  expect(lines.map((l) => l.slice(0, l.indexOf(':')))).toEqual([
    'float32',
    'bfloat16 weights',
    'float16 weights',
    'dynamic int8',
    'dynamic int8, reduce_range',
  ]);
  expect(lines[0]).toBe(`float32:${tiny[1]}`);
  expect(lines[1]).toBe(`bfloat16 weights:${tiny[3]}   (parts from float32 at ${tiny[4]!.replace(/^They part at /, '')})`);
});

test('fallback names a shipped captioner, else the cell fails before any fetch; a Hub that answers 404 is an error, not a fallback', async ({
  page,
}) => {
  test.setTimeout(120_000);
  hub.down = false;
  hub.requests.length = 0;
  const e = JSON.stringify(hub.url);
  await openLesson(
    page,
    lessonOf(
      fence([], `await models.from_pretrained("test/micro-a", { endpoint: ${e}, fallback: "no-such-model" })`),
      fence([], `await models.from_pretrained("test/micro-a", { endpoint: ${e}, fallback: "ppocr-rec" })`),
      fence([], `await models.from_pretrained("test/none", { endpoint: ${e}, fallback: "tiny-blip", log: () => {} })`),
    ),
  );
  await runCell(page, 1, 30_000);
  expect(await outputText(page, 1)).toMatch(/^UnknownModelError: no model "no-such-model": the models here are .*"tiny-blip"/);
  await runCell(page, 2, 30_000);
  expect(await outputText(page, 2)).toBe(
    'TypeError: from_pretrained: fallback "ppocr-rec" is not a captioning model (BLIP); e.g. { fallback: "tiny-blip" }',
  );
  expect(hub.requests).toEqual([]);
  await runCell(page, 3, 30_000);
  expect(await outputText(page, 3)).toBe(
    `HubError: the repo test/none (revision main) has no config.json: no such repo or revision, or not a transformers model (HTTP 404 at ${hub.url}/test/none/resolve/main/config.json)`,
  );
});
