import { existsSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { webgpuSwiftshaderArgs } from '../../scripts/lib/chromium-args.ts';
import { lessonOf, openLesson, outputText, runCell } from './helpers.ts';

// WebGPU as a student gets it, on SwiftShader: Chromium's software adapter (a CPU pretending to
// be a GPU, slow: seconds per line), which is what a headless machine without a GPU has. It
// proves the WebGPU path (runtime download, sessions on 'webgpu', the choice in the lab and in
// cells), not its speed. The same variants must read the same text as on WASM.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
test.use({ launchOptions: { ...(existsSync(chromium) ? { executablePath: chromium } : {}), args: webgpuSwiftshaderArgs } });

const row = (page: Page, variant: string) => page.locator(`table.lab-results tr[data-variant="${variant}"]`);
const cellOf = (page: Page, variant: string, column: number) => row(page, variant).locator('td').nth(column);

async function runOn(page: Page, backend: 'WebGPU' | 'WASM (CPU)'): Promise<void> {
  await page.getByRole('group', { name: 'Backend' }).getByRole('radio', { name: backend }).check();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('progressbar', { name: 'Running the variants' })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Running the variants' })).toBeHidden({ timeout: 300_000 });
}

test('the lab runs fp32 and float16 weights on WebGPU and they read what WASM reads', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('/?lab=ppocr-rec');
  await page.getByRole('button', { name: 'Load model' }).click();
  await expect(page.getByRole('heading', { name: '2. Variants' })).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('lab-webgpu-status')).toHaveText(/^WebGPU adapter: google swiftshader.*\. Auto uses WebGPU\.$/);
  await expect(page.getByRole('radio', { name: 'WebGPU' })).toBeEnabled();

  for (const name of ['int8 per-tensor', 'int8 per-channel', 'recommended mix'])
    await page.getByRole('checkbox', { name: new RegExp(`^${name}`) }).setChecked(false);
  await page.getByRole('checkbox', { name: /^float16 weights/ }).setChecked(true);
  await page.getByRole('checkbox', { name: 'Also read the sample crops (agreement with fp32)' }).uncheck();
  await page.getByRole('textbox', { name: 'Text' }).fill('Hello world');
  await page.getByRole('combobox', { name: 'Runs per variant' }).selectOption('1');

  const texts: Record<string, string[]> = {};
  for (const backend of ['WebGPU', 'WASM (CPU)'] as const) {
    await runOn(page, backend);
    texts[backend] = [];
    for (const v of ['fp32', 'float16']) {
      // Ran on: the backend asked for, with no fallback note.
      await expect(cellOf(page, v, 10)).toHaveText(backend);
      await expect(cellOf(page, v, 6)).toContainText('“Hello world”');
      texts[backend].push((await cellOf(page, v, 6).textContent()) ?? '');
    }
  }
  expect(texts['WebGPU']).toEqual(texts['WASM (CPU)']);
  await page.screenshot({ path: 'test-results/lab-webgpu.png', fullPage: true });
});

test('cells run fp32 and float16 weights on WebGPU and read the OCR samples as WASM does', async ({ page }) => {
  test.setTimeout(600_000);
  await openLesson(
    page,
    lessonOf(
      'const gpu = (await models.backends()).find((b) => b.backend === "webgpu")\nprint(gpu.available, gpu.detail)',
      // Six of the 24 shipped crops: SwiftShader takes seconds per line.
      'const lines = (await ocr.samples()).slice(0, 6)\nconst read = async (m) => { const out = []; for (const s of lines) out.push((await m.run(s.image)).text); return out }\n' +
        'const g = await models.load("ppocr-rec", { backend: "webgpu" })\nconst w = g.to("wasm")\n' +
        'for (const [name, a, b] of [["fp32", g, w], ["float16", g.to(torch.float16), w.to(torch.float16)]]) {\n' +
        '  const [onGpu, onCpu] = [await read(a), await read(b)]\n' +
        '  print(name, a.backend, b.backend, onGpu.filter((t, i) => t === onCpu[i]).length + "/" + lines.length, onGpu.filter((t, i) => t === lines[i].text).length + "/" + lines.length)\n' +
        '}',
    ),
  );
  await runCell(page, 1, 30_000);
  expect(await outputText(page, 1)).toMatch(/^true google swiftshader/);
  await runCell(page, 2, 540_000);
  expect(await outputText(page, 2)).toBe('fp32 webgpu wasm 6/6 6/6\nfloat16 webgpu wasm 6/6 6/6');
});

test.describe('when WebGPU cannot make the session', () => {
  // Without the service worker, the test can stop the WebGPU runtime's download (what happens offline: it is not precached).
  test.use({ serviceWorkers: 'block' });

  test('the model runs on WASM and the cell and the lab say why', async ({ page, context }) => {
    test.setTimeout(300_000);
    const blocked: string[] = [];
    await context.route(/ort-wasm-simd-threaded\.jsep-[^/]*\.wasm$/, (route) => {
      blocked.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    await openLesson(
      page,
      lessonOf(
        'const m = await models.load("ppocr-rec", { backend: "webgpu" })\nprint((await m.run(ocr.render("Hello world"))).text, m.backend)',
      ),
    );
    await runCell(page, 1, 120_000);
    expect(await outputText(page, 1)).toMatch(
      /^fp32: WebGPU could not run this model \(its runtime could not be downloaded, and it is not kept for offline use: .+\); it ran on WASM instead\nHello world wasm$/,
    );
    expect(blocked.length).toBeGreaterThan(0);

    await page.goto('/?lab=ppocr-rec');
    await page.getByRole('button', { name: 'Load model' }).click();
    await expect(page.getByRole('heading', { name: '2. Variants' })).toBeVisible({ timeout: 90_000 });
    for (const name of ['float16 weights', 'int8 per-tensor', 'int8 per-channel', 'recommended mix'])
      await page.getByRole('checkbox', { name: new RegExp(`^${name}`) }).setChecked(false);
    await page.getByRole('checkbox', { name: 'Also read the sample crops (agreement with fp32)' }).uncheck();
    await page.getByRole('textbox', { name: 'Text' }).fill('Hello world');
    await page.getByRole('combobox', { name: 'Runs per variant' }).selectOption('1');
    await runOn(page, 'WebGPU');
    await expect(cellOf(page, 'fp32', 6)).toContainText('“Hello world”');
    await expect(cellOf(page, 'fp32', 10)).toHaveText(
      /^WASM \(CPU\) WebGPU could not run this model \(its runtime could not be downloaded.+\); it ran on WASM instead$/,
    );
  });
});
