import { expect, test } from '@playwright/test';
import { isOwnRequest, lessonOf, openLesson, outputText, runCell } from './helpers.ts';

test('a cell loads the OCR model, reads rendered text, and its variants report footprints', async ({ page }) => {
  test.setTimeout(120_000);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await openLesson(
    page,
    lessonOf(
      'const m = await models.load("ppocr-rec")\nprint(m.get_memory_footprint())\nprint(String(m))',
      'const img = ocr.render("Hello world")\nconst r = await m.run(img)\nprint(r.text)\nprint(r.confidences.length)',
      'const h = m.to(torch.float16)\nprint(h.get_memory_footprint() < m.get_memory_footprint() / 1.9)\nprint((await h.run(img)).text)',
      'const q = m.quantize({ dtype: torch.qint8, scheme: "per_channel", symmetric: true })\nprint(q.variant)\nprint((await q.run(img)).text)',
      'await m.run({ data: new Uint8ClampedArray(0), width: 0, height: 48 })',
      'await m.run({ data: new Uint8ClampedArray(20000 * 48 * 4), width: 20000, height: 48 })',
    ),
  );
  await runCell(page, 1);
  expect(await outputText(page, 1)).toMatch(/^\d{8}\nOnnxModel\(ppocr-rec, fp32, weights 10\.\d\d MB, file 10\.\d\d MB\)$/);
  await runCell(page, 2);
  expect(await outputText(page, 2)).toBe('Hello world\n11');
  await runCell(page, 3);
  expect(await outputText(page, 3)).toBe('true\nHello world');
  await runCell(page, 4);
  expect(await outputText(page, 4)).toBe('int8 per-channel symmetric\nHello world');
  await runCell(page, 5);
  expect(await outputText(page, 5)).toBe('RangeError: ocr: the image is 0×48; it needs a positive width and height');
  await runCell(page, 6);
  expect(await outputText(page, 6)).toBe('RangeError: ocr: the image is 20000 px wide; crop it to one line of text (at most 4096 px wide)');
  const origin = new URL(page.url()).origin;
  expect(requests.filter((u) => !isOwnRequest(u, origin))).toEqual([]);
});

test('loading a model that does not exist names the models there are', async ({ page }) => {
  await openLesson(page, lessonOf('await models.load("gpt-5")'));
  await runCell(page, 1);
  expect(await outputText(page, 1)).toMatch(/^UnknownModelError: no model "gpt-5": the models here are "ppocr-rec"(, "[\w-]+")*$/);
});
