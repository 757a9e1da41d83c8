// The Model lab as its own page (issue 15) with its captioning side (issue 13's Model lab panel):
// its own header (back to the lesson with its edits, theme, offline status; no Run all), the tiny
// BLIP's variants with the captions PyTorch gave and where they part, and "Load from the Hugging
// Face Hub" against the stand-in Hub (tests/e2e/stand-in-hub.ts, port E2E_HUB_PORT): progress bar,
// transformers' footprint, a caption equal to transformers' own, Cancel leaving nothing stored,
// and the Hub's errors in words.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { sharedHfBlipDir } from '../../app/models/hub/shared-blip.node.ts';
import { editorText, outputText, runCell, typeInCell } from './helpers.ts';
import { startStandInHub, type StandInHub } from './stand-in-hub.ts';

interface Golden {
  footprint: { float32: number; bfloat16: number };
  images: { file: string; greedy: { caption: string } }[];
}
const golden = JSON.parse(readFileSync(join(sharedHfBlipDir(), 'micro-a-golden', 'golden.json'), 'utf8')) as Golden;
interface Sample {
  file: string;
  float32: { caption: string };
  bf16: { caption: string };
}
const shipped = JSON.parse(readFileSync('public/samples/tiny-blip/samples.json', 'utf8')) as { samples: Sample[] };

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
  hub.slowMs = 100;
});

const row = (page: Page, model: string, variant: string): Locator => page.locator(`tr[data-model="${model}"][data-variant="${variant}"]`);
const captionOf = (r: Locator): Locator => r.locator('td').nth(1);
const bytes = (n: number): string => `${n.toLocaleString('en')} bytes`;

test('the lab is its own page: no Run all there, its header links back to the lesson with its edits and outputs; Back and Forward work', async ({
  page,
}) => {
  await page.goto('/?lesson=00-welcome');
  await typeInCell(page, 1, 'print(6 * 7)');
  await runCell(page, 1);
  await page.getByRole('link', { name: 'Model lab' }).click();
  await expect(page).toHaveURL(/\?lab$/);
  await expect(page.getByRole('heading', { name: 'Model lab', level: 1 })).toBeVisible();
  const header = page.getByRole('banner');
  await expect(header.getByRole('link', { name: /Back to the lesson: .+/ })).toBeVisible();
  await expect(header.getByRole('combobox', { name: 'Theme' })).toBeVisible();
  await expect(page.getByText(/^(Offline|Working offline|No connection)/)).toBeVisible();
  // Nothing of the notebook's toolbar: Run all, Interrupt, Restart, Export, Present.
  for (const name of ['Run all', 'Interrupt', 'Restart kernel', 'Present'])
    await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Export/ })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/lab-page-header.png' });

  // Ctrl-Shift-Enter (Run all) does nothing on the lab page: the hidden lesson is not run again.
  await page.keyboard.press('ControlOrMeta+Shift+Enter');
  await header.getByRole('link', { name: /Back to the lesson/ }).click();
  await expect(page.locator('#lesson-title')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Model lab', level: 1 })).toBeHidden();
  expect(await editorText(page, 1)).toBe('print(6 * 7)');
  expect(await outputText(page, 1)).toBe('42');
  await expect(page.getByRole('button', { name: 'Run all', exact: true })).toBeVisible();

  await page.goForward();
  await expect(page.getByRole('heading', { name: 'Model lab', level: 1 })).toBeVisible();
  await page.goBack();
  await expect(page.locator('#lesson-title')).toBeVisible();
  expect(await outputText(page, 1)).toBe('42');
});

test('tiny BLIP next to PP-OCR: every variant captions a near-tie scene, float32 and bfloat16 as PyTorch did, and the table says where captions part', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const nearTie = shipped.samples.find((s) => s.file === 'near_tie_00.png');
  if (nearTie === undefined) throw new Error('samples.json has no near_tie_00.png');
  await page.goto('/?lab');
  await page.getByRole('combobox', { name: 'Model' }).selectOption({ label: 'Tiny BLIP captioner (0.94M parameters)' });
  await page.getByRole('button', { name: 'Load model' }).click();
  const panel = page.getByRole('region', { name: 'Captions per variant' });
  await expect(panel.getByRole('group', { name: /Variants of Tiny BLIP/ })).toBeVisible({ timeout: 60_000 });
  await panel.getByRole('combobox', { name: 'Picture' }).selectOption('near_tie_00.png');
  await panel.getByRole('button', { name: 'Caption', exact: true }).click();
  await expect(panel.locator('tbody tr')).toHaveCount(5, { timeout: 120_000 });
  await expect(panel.getByRole('button', { name: 'Caption', exact: true })).toBeEnabled({ timeout: 60_000 });

  await expect(captionOf(row(page, 'tiny-blip', 'fp32'))).toHaveText(nearTie.float32.caption);
  await expect(captionOf(row(page, 'tiny-blip', 'bf16'))).toHaveText(nearTie.bf16.caption);
  // PyTorch's bf16 says "large" where float32 says "small": the second token.
  expect(nearTie.float32.caption.split(' ')[1]).toBe('small');
  await expect(row(page, 'tiny-blip', 'bf16').locator('td').nth(4)).toHaveText(/^token 2: “small” \d+\.\d% → “large” \d+\.\d%$/);
  await expect(row(page, 'tiny-blip', 'fp32').locator('td').nth(4)).toHaveText('(the reference)');
  // Footprints: float32 is the two graphs' initializers, 947,921 float32 × 4 + 187 int64 × 8 bytes (the ONNX
  // export holds a few more values than the 940,493 torch parameters); 16-bit weights halve the float part, int8 weights quarter it.
  const fp32 = 947_921 * 4 + 187 * 8;
  await expect(row(page, 'tiny-blip', 'fp32').locator('td').nth(2)).toHaveText(new RegExp(`^${bytes(fp32)} `));
  const footprint = async (variant: string): Promise<number> =>
    Number((await row(page, 'tiny-blip', variant).locator('td').nth(2).innerText()).replace(/ bytes.*$/, '').replaceAll(',', ''));
  expect(await footprint('bf16')).toBe(await footprint('fp16'));
  expect(Math.abs((await footprint('bf16')) / fp32 - 0.5)).toBeLessThan(0.01);
  expect(await footprint('int8')).toBeLessThan(fp32 * 0.3);
  for (const v of ['fp32', 'bf16', 'fp16', 'int8', 'dynamic'])
    await expect(row(page, 'tiny-blip', v).locator('td').nth(3)).toHaveText(/^\d+(\.\d)? ms$/);
  await page.screenshot({ path: 'test-results/lab-page-tiny-blip.png', fullPage: true });
});

test('Load from the Hub: repo id + endpoint, a moving progress bar, transformers’ footprint, the model captions as transformers does, and is kept in Downloaded models', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto('/?lab');
  const panel = page.getByRole('region', { name: 'Load from the Hugging Face Hub' });
  await expect(panel.getByLabel('Repo id')).toHaveValue('Salesforce/blip-image-captioning-base');
  await expect(panel.getByLabel('Revision')).toHaveValue('main');
  await expect(panel.getByLabel('Endpoint')).toHaveValue('https://huggingface.co');
  await panel.getByLabel('Repo id').fill('test/slow');
  await panel.getByLabel('Endpoint').fill(hub.url);
  await panel.getByRole('button', { name: 'Load', exact: true }).click();
  const bar = panel.getByRole('progressbar', { name: 'Hub download' });
  // The bar moves: two different fill levels below the whole file, then it is done.
  const seen = new Set<number>();
  await expect
    .poll(
      async () => {
        const v = await bar.evaluate((el) => (el instanceof HTMLProgressElement && el.hasAttribute('max') ? el.value : -1)).catch(() => -1);
        if (v > 0) seen.add(v);
        return seen.size;
      },
      { timeout: 30_000, intervals: [100] },
    )
    .toBeGreaterThanOrEqual(2);
  await expect(panel.getByRole('status')).toHaveText(/^Downloading test\/slow: \d+\.\d MB of 1\.\d MB(, about \d+ s left)?$/);
  await expect(panel.getByTestId('footprint-test/slow')).toHaveText(new RegExp(`^${bytes(golden.footprint.float32)} `), {
    timeout: 60_000,
  });
  await expect(panel.locator('.lab-summary')).toContainText('BlipForConditionalGeneration from test/slow (safetensors, float32)');
  expect(hub.requests.filter((r) => r.startsWith('/test/slow/'))).toContain('/test/slow/resolve/main/model.safetensors');

  // It joins the variant table and captions a picture: transformers' own caption for the golden image.
  const captions = page.getByRole('region', { name: 'Captions per variant' });
  await captions.getByLabel('Or caption your own picture').setInputFiles(join(sharedHfBlipDir(), golden.images[0]!.file));
  await captions.getByRole('button', { name: 'Caption', exact: true }).click();
  await expect(captions.locator('tbody tr')).toHaveCount(4, { timeout: 120_000 });
  await expect(captionOf(row(page, 'test/slow', 'fp32'))).toHaveText(golden.images[0]!.greedy.caption);
  await expect(row(page, 'test/slow', 'bf16').locator('td').nth(2)).toHaveText(new RegExp(`^${bytes(golden.footprint.bfloat16)} `));

  const downloads = page.getByRole('region', { name: 'Downloaded models' });
  await expect(downloads.locator('tbody')).toContainText(`${hub.url}/test/slow/resolve/main/model.safetensors`);
  await page.screenshot({ path: 'test-results/lab-page-hub.png', fullPage: true });
});

test('Cancel mid-download stops it and leaves nothing in Downloaded models; a gated repo, a missing one and an unreachable Hub are said in words', async ({
  page,
}) => {
  test.setTimeout(120_000);
  hub.slowMs = 400; // about 13 s for the weights: time to press Cancel
  await page.goto('/?lab');
  const panel = page.getByRole('region', { name: 'Load from the Hugging Face Hub' });
  await panel.getByLabel('Repo id').fill('test/slow');
  await panel.getByLabel('Endpoint').fill(hub.url);
  await panel.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(panel.getByRole('status')).toHaveText(/^Downloading test\/slow: 0\.[1-9] MB of 1\.\d MB/, { timeout: 30_000 });
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(panel.getByRole('alert')).toHaveText(/^Cancelled: the download of test\/slow was stopped; nothing of it was kept/);
  const downloads = page.getByRole('region', { name: 'Downloaded models' });
  await expect(downloads).toContainText('No downloaded models in this browser.');
  await page.reload();
  await expect(page.getByRole('region', { name: 'Downloaded models' })).toContainText('No downloaded models in this browser.');

  const load = async (repo: string): Promise<Locator> => {
    await panel.getByLabel('Repo id').fill(repo);
    await panel.getByLabel('Endpoint').fill(hub.url);
    await panel.getByRole('button', { name: 'Load', exact: true }).click();
    return panel.getByRole('alert');
  };
  await expect(await load('test/gated')).toHaveText(
    /^HubError: the repo test\/gated \(revision main\) is gated or private, or does not exist \(HTTP 401 at \S+\): logging in to the Hub is not supported here/,
    { timeout: 30_000 },
  );
  await expect(await load('test/none')).toHaveText(
    /^HubError: the repo test\/none \(revision main\) has no config\.json: no such repo or revision/,
    { timeout: 30_000 },
  );
  hub.down = true;
  await expect(await load('test/micro-a')).toHaveText(
    /^HubError: could not reach 127\.0\.0\.1:\d+ for config\.json .*offline, or the server does not allow this page \(CORS\)/,
    { timeout: 30_000 },
  );
});

test('or pick the files of a checkpoint: read in place (nothing downloaded, nothing stored), with transformers’ bfloat16 footprint', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/?lab');
  const panel = page.getByRole('region', { name: 'Load from the Hugging Face Hub' });
  await panel.getByLabel('dtype').selectOption('bfloat16');
  const dir = join(sharedHfBlipDir(), 'micro-a');
  await panel
    .getByLabel('Or pick the files')
    .setInputFiles(
      ['config.json', 'model.safetensors', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json'].map((f) => join(dir, f)),
    );
  await expect(panel.locator('.lab-summary')).toContainText(
    'BlipForConditionalGeneration from the picked files (config.json, model.safetensors, preprocessor_config.json, tokenizer.json, tokenizer_config.json) (safetensors, bfloat16)',
    { timeout: 60_000 },
  );
  await expect(panel.locator('.lab-summary')).toContainText(`Footprint${bytes(golden.footprint.bfloat16)} `);
  expect(hub.requests).toEqual([]);
  await expect(page.getByRole('region', { name: 'Downloaded models' })).toContainText('No downloaded models in this browser.');
});
