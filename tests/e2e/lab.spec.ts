import { expect, test, type Page } from '@playwright/test';

// The model lab as a student uses it: from the lesson header, on the shipped OCR model.

const row = (page: Page, variant: string) => page.locator(`table.lab-results tr[data-variant="${variant}"]`);
const cellOf = (page: Page, variant: string, column: number) => row(page, variant).locator('td').nth(column);

/** A PNG header (signature + IHDR) claiming a size: enough for the lab's check, which runs before decoding. */
function pngHeader(width: number, height: number): Buffer {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).copy(b);
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}

async function loadModel(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Load model' }).click();
  await expect(page.getByRole('heading', { name: '2. Variants' })).toBeVisible({ timeout: 90_000 });
}

async function runAndWait(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('progressbar', { name: 'Running the variants' })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Running the variants' })).toBeHidden({ timeout: 240_000 });
}

async function setVariants(page: Page, on: readonly string[]): Promise<void> {
  for (const name of [
    'float16 weights',
    'bfloat16 weights',
    'int8 per-tensor',
    'int8 per-channel',
    'dynamic int8 (ORT-style)',
    'recommended mix',
    'custom mix',
  ]) {
    // Anchored: the mix's label goes on to say what it contains.
    await page.getByRole('checkbox', { name: new RegExp(`^${name.replace(/[()]/g, '\\$&')}`) }).setChecked(on.includes(name));
  }
}

test('the lab compares fp32, float16 and int8 on typed text and on the samples, and Back returns to the lesson', async ({ page }) => {
  test.setTimeout(360_000);
  await page.goto('/');
  await expect(page.locator('#lesson-title')).toBeVisible();
  await page.getByRole('link', { name: 'Model lab' }).click();
  await expect(page).toHaveURL(/\?lab$/);
  await expect(page.getByRole('heading', { name: 'Model lab', level: 1 })).toBeVisible();
  await expect(page.locator('#lesson-title')).toBeHidden();
  await loadModel(page);
  await expect(page.getByText(/2,690,296 parameters/)).toBeVisible();

  await setVariants(page, ['float16 weights', 'int8 per-tensor', 'int8 per-channel']);
  await page.getByRole('textbox', { name: 'Text' }).fill('Hello world');
  await page.getByRole('combobox', { name: 'Runs per variant' }).selectOption('3');
  await expect(page.getByRole('img', { name: /Input image: the text “Hello world”/ })).toBeVisible();
  await runAndWait(page);

  for (const v of ['fp32', 'float16', 'int8-channel']) await expect(cellOf(page, v, 6)).toContainText('“Hello world”');
  await expect(cellOf(page, 'fp32', 1)).toHaveText(/^10\.[78]\d MB$/);
  await expect(cellOf(page, 'float16', 1)).toHaveText(/^5\.[34]\d MB$/);
  await expect(cellOf(page, 'int8-channel', 1)).toHaveText(/^2\.[89]\d MB$/);
  await expect(cellOf(page, 'float16', 2)).toHaveText(/float16 5\.38 MB/);
  await expect(cellOf(page, 'float16', 7)).toHaveText('0.000');
  await expect(cellOf(page, 'float16', 8)).toContainText('100% (24/24)');
  await expect(cellOf(page, 'int8-tensor', 6)).toContainText(/differ from fp32/);
  await expect(cellOf(page, 'int8-tensor', 8)).not.toContainText('100%');
  await expect(cellOf(page, 'fp32', 3)).toHaveText(/^\d+ ms$/);
  await page.screenshot({ path: 'test-results/lab-results.png', fullPage: true });

  await page.goBack();
  await expect(page.locator('#lesson-title')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Model lab', level: 1 })).toBeHidden();
});

test('bad inputs give clear errors in the lab, Cancel restarts the worker, and histograms render', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/?lab=ppocr-rec');
  await loadModel(page);

  // Images: a 0-px-wide PNG picked, a 20,000-px PNG dropped.
  await page.getByRole('radio', { name: 'Your image' }).check();
  await page.getByLabel('Choose an image').setInputFiles({ name: 'zero.png', mimeType: 'image/png', buffer: pngHeader(0, 48) });
  await expect(page.getByRole('alert')).toHaveText('zero.png: the PNG image is 0×48 px; it needs a positive width and height');
  const drop = await page.evaluateHandle(
    (bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], 'huge.png', { type: 'image/png' }));
      return dt;
    },
    [...pngHeader(20_000, 48)],
  );
  await page.getByTestId('lab-drop').dispatchEvent('drop', { dataTransfer: drop });
  await expect(page.getByRole('alert')).toContainText(
    'huge.png: the PNG image is 20000×48 px; the largest side the lab accepts is 8192 px',
  );
  await page
    .getByLabel('Choose an image')
    .setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not a picture') });
  await expect(page.getByRole('alert')).toContainText('notes.png: not an image the lab can read');

  // A custom mix naming a layer that does not exist: that row says so, the others still run.
  await page.getByRole('radio', { name: 'Typed text' }).check();
  await setVariants(page, []);
  await page.getByRole('checkbox', { name: 'Also read the sample crops (agreement with fp32)' }).uncheck();
  await page.getByRole('combobox', { name: 'Layer', exact: true }).fill('conv2d_999.w_0');
  await page.getByRole('button', { name: 'Add layer' }).click();
  await runAndWait(page);
  await expect(row(page, 'custom').getByRole('alert')).toContainText("no layer named 'conv2d_999.w_0'; did you mean");
  await expect(cellOf(page, 'fp32', 6)).toContainText('“Hello world”');

  // Cancel mid-run: the worker restarts with the model, and the page keeps working.
  await page.getByRole('button', { name: 'Remove conv2d_999.w_0 from the custom mix' }).click();
  await setVariants(page, ['float16 weights', 'int8 per-channel']);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Cancelled: the lab worker was stopped and restarted').first()).toBeVisible();

  await page.getByRole('combobox', { name: 'Tensor' }).selectOption('conv2d_184.w_0');
  await page.getByRole('combobox', { name: 'After' }).selectOption('int8-tensor');
  await page.getByRole('button', { name: 'Show histogram' }).click();
  const plots = page.getByTestId('lab-histogram');
  await expect(plots.locator('svg')).toHaveCount(2, { timeout: 60_000 });
  await expect(plots).toHaveAttribute('aria-label', /conv2d_184\.w_0 .* after \(int8 per-tensor symmetric\)/);
  await page.getByRole('button', { name: 'Show data' }).click();
  await expect(page.getByRole('table', { name: /Histogram bins of conv2d_184\.w_0/ }).locator('tbody tr')).toHaveCount(96);

  await page.getByRole('button', { name: 'Compute per-layer error' }).click();
  await expect(page.getByRole('table', { name: /quantized weights under int8 per-tensor/ })).toBeVisible({ timeout: 60_000 });

  // The student's own file: not ONNX.
  await page
    .getByLabel('Or open your own .onnx file')
    .setInputFiles({ name: 'notes.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from('hello, not a model') });
  await expect(page.getByRole('alert')).toContainText('OnnxFormatError: notes.onnx (18 bytes): not an ONNX model');
  await expect(page.getByRole('heading', { name: 'Model lab', level: 1 })).toBeVisible();
});
