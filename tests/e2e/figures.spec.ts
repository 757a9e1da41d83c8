import { readFileSync } from 'node:fs';
// The six lesson figures (app/figures), driven as a reader would: typing, clicking bits,
// keyboard on sliders and bit groups, dragging, presets and toggles.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openLesson } from './helpers.ts';

/** A lesson with one figure (and a heading, as real lessons have). */
async function openFigure(page: Page, name: string, options = ''): Promise<Locator> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openLesson(page, `---\ntitle: Figure fixture\n---\n\n## The figure\n\n\`\`\`figure ${name}\n${options}\`\`\`\n`);
  const figure = page.locator(`[data-figure="${name}"] figure`);
  await expect(figure).toBeVisible();
  await expect(figure.locator('figcaption')).not.toBeEmpty();
  await expect(figure.getByRole('status')).not.toBeEmpty();
  expect(errors).toEqual([]);
  return figure;
}

const numberIn = async (l: Locator): Promise<number> => Number((await l.textContent())!.replace(/[^\d.eE+-]/g, ''));

test.describe('bit-explorer', () => {
  test('flipping float32 bit 31 of 1 gives -1, and back', async ({ page }) => {
    const fig = await openFigure(page, 'bit-explorer');
    await fig.getByLabel('Value', { exact: true }).fill('1');
    const f32 = fig.locator('[data-format="float32"]');
    await expect(f32.locator('.qfig-value')).toHaveText(/^1 \(normal\)/);
    await expect(f32.locator('.qfig-formula')).toContainText('(−1)^0 × 2^(127 − 127) × 1.00000000000000000000000₂');
    const sign = fig.getByRole('button', { name: 'float32 bit 31 (sign)', exact: true });
    await expect(sign).toHaveAttribute('aria-pressed', 'false');
    await sign.click();
    await expect(sign).toHaveAttribute('aria-pressed', 'true');
    await expect(f32.locator('.qfig-value')).toHaveText(/^-1 \(normal\)/);
    await expect(f32.locator('.qfig-error')).toContainText('changed by bit flips');
    await expect(fig.getByRole('status')).toContainText('float32 = -1;');
    // The other formats keep the typed value.
    await expect(fig.locator('[data-format="float16"] .qfig-value')).toHaveText(/^1 /);
    await f32.getByRole('button', { name: 'Back to the typed value' }).click();
    await expect(f32.locator('.qfig-value')).toHaveText(/^1 /);
    await expect(f32.locator('.qfig-error')).toHaveText('0');
  });

  test('typing 0.1 shows each format exactly with its error and ulp', async ({ page }) => {
    const fig = await openFigure(page, 'bit-explorer');
    await fig.getByLabel('Value', { exact: true }).fill('0.1');
    await expect(fig.getByTestId('typed-exact')).toHaveText('0.1000000000000000055511151231257827021181583404541015625');
    const bf16 = fig.locator('[data-format="bfloat16"]');
    await expect(bf16.locator('.qfig-value')).toHaveText('0.10009765625 (normal)');
    await expect(bf16.locator('.qfig-error')).toHaveText('0.0000976562499999944488848768742172978818416595458984375');
    await expect(bf16.locator('.qfig-ulp')).toHaveText('0.00048828125 = 2^-11');
    const f32 = fig.locator('[data-format="float32"]');
    await expect(f32.locator('.qfig-value')).toHaveText('0.100000001490116119384765625 (normal)');
    await expect(f32.locator('.qfig-error')).toHaveText('0.0000000014901161138336505018742172978818416595458984375');
    await expect(f32.locator('.qfig-ulp')).toHaveText('0.000000007450580596923828125 = 2^-27');
    await expect(fig.locator('[data-format="float16"] .qfig-value')).toHaveText('0.0999755859375 (normal)');
  });

  test('inf, nan, -0, a/b and bad input', async ({ page }) => {
    const fig = await openFigure(page, 'bit-explorer');
    const input = fig.getByLabel('Value', { exact: true });
    await input.fill('1e5');
    await expect(fig.locator('[data-format="float16"] .qfig-value')).toHaveText('inf (inf)');
    await expect(fig.locator('[data-format="bfloat16"] .qfig-value')).toHaveText('99840 (normal)');
    await input.fill('-0');
    await expect(fig.getByRole('button', { name: 'float16 bit 15 (sign)', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect(fig.locator('[data-format="float16"] .qfig-value')).toHaveText('-0 (zero)');
    await input.fill('nan');
    await expect(fig.locator('[data-format="float32"] .qfig-value')).toHaveText(/^nan \(nan\)/);
    await input.fill('1/3');
    await expect(fig.locator('[data-format="float16"] .qfig-value')).toHaveText('0.333251953125 (normal)');
    await input.fill('abc');
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(fig.locator('[data-format="float16"] .qfig-value')).toHaveText('0.333251953125 (normal)');
  });

  test('bits are reachable and flippable with the keyboard', async ({ page }) => {
    const fig = await openFigure(page, 'bit-explorer', 'value: 1\n');
    await fig.getByRole('button', { name: 'float16 bit 15 (sign)', exact: true }).focus();
    await page.keyboard.press('ArrowRight'); // bit 14: top exponent bit
    await expect(fig.getByRole('button', { name: 'float16 bit 14 (exponent)', exact: true })).toBeFocused();
    await page.keyboard.press('Space');
    await expect(fig.locator('[data-format="float16"] .qfig-value')).toHaveText('inf (inf)');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter'); // bit 0 of the mantissa: inf becomes nan
    await expect(fig.locator('[data-format="float16"] .qfig-value')).toHaveText(/^nan \(nan\)/);
  });
});

test.describe('integer-ranges', () => {
  test('exact bounds and which dtypes hold a value', async ({ page }) => {
    const fig = await openFigure(page, 'integer-ranges');
    await expect(fig.locator('svg').first()).toBeVisible();
    const int64 = fig.locator('tr[data-dtype="int64"]');
    await expect(int64).toContainText('-9223372036854775808');
    await expect(int64).toContainText('9223372036854775807');
    await expect(fig.locator('tr[data-dtype="uint8"]')).toContainText('255');
    const input = fig.getByLabel('Does it fit? Whole number');
    await input.fill('40000');
    await expect(fig.getByRole('status')).toHaveText('40000 fits in int32, int64.');
    await input.fill('-128');
    await expect(fig.getByRole('status')).toHaveText('-128 fits in int8, int16, int32, int64.');
    await input.fill('9223372036854775808');
    await expect(fig.getByRole('status')).toHaveText('9223372036854775808 fits none of these dtypes.');
  });
});

test.describe('mac-walkthrough', () => {
  test('the chapter defaults: int8 -1000, Q7 488 = 3.8125', async ({ page }) => {
    const fig = await openFigure(page, 'mac-walkthrough');
    await expect(fig.getByTestId('int-result')).toHaveText('-1000');
    await expect(fig.getByTestId('q7-result')).toHaveText('3.8125');
    // The chapter prints 11111100 00001000 for -1000, but that is -1016; -1000 is 0xFC18.
    await expect(fig.getByRole('status')).toContainText('-1000 (11111100 00011000)');
    await expect(fig.getByText('The chapter prints 11111100 00001000 here, which is -1016; -1000 is 11111100 00011000.')).toBeVisible();
    await expect(
      fig.getByText('The chapter prints 00000011 11101000 here, which is integer 1000, i.e. 7.8125; 3.8125 is 00000001 11101000.'),
    ).toBeVisible();
    await expect(fig.getByRole('status')).toContainText('integer 488, 00000001 11101000');
    const q7 = fig.locator('table[data-path="fixed"]');
    await expect(q7.locator('tr[data-step="A × B"]')).toContainText('11111010 00100100');
    await expect(q7.locator('tr[data-step=">> 7"]')).toContainText('11110100');
    await expect(q7.locator('tr[data-step=">> 7"]')).toContainText('-0.09375');
  });

  test('overflow wraps for int8 and saturates for Q7', async ({ page }) => {
    const fig = await openFigure(page, 'mac-walkthrough');
    await fig.getByRole('button', { name: 'Accumulator overflow' }).click();
    await expect(fig.getByTestId('int-result')).toHaveText('-16707');
    await expect(fig.getByTestId('q7-result')).toHaveText('255.9921875');
    await expect(fig.getByText('Overflow: 48829 does not fit int16')).toBeVisible();
    await expect(fig.getByText(/Saturation: 32826 does not fit Q8\.7, so it is clamped to 32767/)).toBeVisible();
    await fig.getByRole('button', { name: '−1 × −1 (Q7 product saturates)' }).click();
    await expect(fig.getByText('The shifted product does not fit Q7: it saturates to 127 (0.9921875).')).toBeVisible();
    await expect(fig.getByTestId('int-result')).toHaveText('16384');
  });

  test('typing inputs as raw integers or as Q7 values', async ({ page }) => {
    const fig = await openFigure(page, 'mac-walkthrough');
    await fig.getByLabel('A (int8)').fill('100');
    await expect(fig.getByTestId('int-result')).toHaveText('3500');
    await fig.getByLabel('A (int8)').fill('300');
    await expect(fig.getByLabel('A (int8)')).toHaveAttribute('aria-invalid', 'true');
    await fig.getByRole('radio', { name: 'Q7 / Q8.7 values' }).check();
    await expect(fig.getByLabel('A (Q7)')).toHaveValue('0.78125');
    await fig.getByLabel('A (Q7)').fill('0.5');
    await expect(fig.getByTestId('int-result')).toHaveText('2420'); // 64 × 30 + 500
    await expect(fig.getByTestId('q7-result')).toHaveText('4.0234375'); // (1920 >> 7 = 15) + 500 = 515
    await fig.getByLabel('B (Q7)').fill('0.1');
    await expect(fig.getByText('integer 13 (not a Q7 value: stored as 0.1015625)')).toBeVisible();
    await fig.getByLabel('Accumulator (Q8.7)').press('ArrowUp');
    await expect(fig.getByRole('status')).toContainText('accumulator 3.9140625');
  });
});

test.describe('linear-mapping', () => {
  test('rmin -1, rmax 1, 8 bits: s = 2/255 and z = 128 unsigned, z = 0 signed', async ({ page }) => {
    const fig = await openFigure(page, 'linear-mapping', 'rmin: -1\nrmax: 1\nbits: 8\nsigned: false\nr: 0.5\n');
    await expect(fig.getByTestId('scale')).toHaveText('0.00784313725490196');
    await expect(fig.getByTestId('zero-point')).toHaveText('128');
    await expect(fig.getByTestId('q')).toHaveText('192');
    await expect(fig.getByTestId('dequantized')).toHaveText('0.501960813999176');
    await expect(fig.getByTestId('error')).toHaveText('0.0019608139991760254');
    await fig.getByRole('radio', { name: 'signed', exact: true }).check();
    await expect(fig.getByTestId('zero-point')).toHaveText('0');
    await expect(fig.getByTestId('q')).toHaveText('64');
    // The bits slider goes from 2 to 8: at 2 bits (int2, q in [-2, 1]) only four values of r′ exist.
    const bits = fig.getByRole('slider', { name: 'bits' });
    await bits.focus();
    await page.keyboard.press('Home');
    await expect(bits).toHaveAttribute('aria-valuetext', '2 (4 levels)');
    await expect(fig.getByText('int2: q in [-2, 1]')).toBeVisible();
    await expect(fig.getByTestId('scale')).toHaveText('0.6666666666666666'); // (1 - (-1)) / (1 - (-2))
    await expect(fig.getByTestId('q')).toHaveText('1');
    await expect(fig.getByTestId('dequantized')).toHaveText('0.6666666865348816');
    await page.keyboard.press('ArrowRight');
    await expect(fig.getByTestId('scale')).toHaveText('0.2857142857142857'); // 2 / 7
    await expect(fig.getByTestId('q')).toHaveText('2');
    await page.keyboard.press('ArrowRight');
    await expect(fig.getByTestId('scale')).toHaveText('0.13333333333333333'); // (1 - (-1)) / (7 - (-8))
    await expect(fig.getByTestId('zero-point')).toHaveText('0');
    await expect(fig.getByTestId('dequantized')).toHaveText('0.5333333611488342');
  });

  test('sliders, keyboard and dragging move r and q', async ({ page }) => {
    const fig = await openFigure(page, 'linear-mapping', 'rmin: -1\nrmax: 1\nr: 0.5\n');
    const r = fig.getByRole('slider', { name: 'r', exact: true });
    await r.focus();
    await page.keyboard.press('ArrowRight');
    await expect(r).toHaveValue('0.51');
    await expect(fig.getByTestId('q')).toHaveText('193');
    const rmin = fig.getByRole('slider', { name: 'rmin' });
    await rmin.focus();
    await page.keyboard.press('End'); // rmin = 0: the range becomes [0, 1]
    await expect(fig.getByTestId('zero-point')).toHaveText('0');
    await expect(fig.getByTestId('scale')).toHaveText('0.00392156862745098');
    // Drag the point to the far right of the r axis: beyond rmax, so q is clamped.
    const svg = fig.locator('svg.qfig-linear');
    const box = (await svg.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.27);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.27, { steps: 5 });
    await page.mouse.up();
    await expect(fig.getByTestId('q')).toHaveText('255 (clamped to qmax)');
    expect(Number(await r.inputValue())).toBeGreaterThan(3.5);
  });
});

test.describe('dynamic-range', () => {
  test('SNR drops as the outlier grows; per channel beats per tensor', async ({ page }) => {
    const fig = await openFigure(page, 'dynamic-range');
    const snr = async (scheme: string) => numberIn(fig.getByTestId(`snr-ordinary-${scheme}`));
    const at20 = { tensor: await snr('tensor'), channel: await snr('channel') };
    expect(at20.channel).toBeGreaterThan(at20.tensor);
    const slider = fig.getByRole('slider', { name: 'outlier value' });
    await slider.focus();
    await page.keyboard.press('End');
    await expect(slider).toHaveValue('100');
    await expect(fig.getByRole('status')).toContainText('Outlier 100:');
    const at100 = { tensor: await snr('tensor'), channel: await snr('channel') };
    expect(at100.tensor).toBeLessThan(at20.tensor - 5);
    expect(at100.channel).toBeLessThan(at20.channel);
    expect(at100.channel).toBeGreaterThan(at100.tensor);
    expect(await numberIn(fig.getByTestId('snr-channel'))).toBeGreaterThan(await numberIn(fig.getByTestId('snr-tensor')));
    await page.keyboard.press('Home');
    await expect(fig.getByRole('status')).toContainText('Outlier 1:');
    expect(await snr('tensor')).toBeGreaterThan(at20.tensor);
    await fig.getByRole('radio', { name: 'symmetric (z = 0)' }).check();
    await expect(fig.locator('tr[data-scheme="tensor"]')).toBeVisible();
    await expect(fig.locator('.qfig-plot svg')).toHaveCount(3);
  });
});

test.describe('ptq-table', () => {
  test('the chapter table next to what models/ptq-measurements.json says was measured', async ({ page }) => {
    const measured: { techniques: Record<string, { bytes: number }>; float32: { bytes: number } } = JSON.parse(
      readFileSync('models/ptq-measurements.json', 'utf8'),
    );
    const fig = await openFigure(page, 'ptq-table');
    await expect(fig.locator('tbody tr')).toHaveCount(3);
    await expect(fig.locator('tr[data-technique="full-integer"]')).toContainText('CPU, Edge TPU, Microcontrollers');
    // Full-integer (static) quantization is not measured: that row says so.
    await expect(fig.locator('tr[data-technique="full-integer"] .qfig-measured')).toHaveText('not measured yet — see the Model lab');
    const ratio = (measured.float32.bytes / measured.techniques['float16']!.bytes).toFixed(2);
    await expect(fig.locator('tr[data-technique="float16"] .qfig-measured')).toContainText(`${ratio}x smaller than float32`);
    await expect(fig.locator('tr[data-technique="dynamic-range"] .qfig-measured')).toContainText('ms per inference');
  });
});
