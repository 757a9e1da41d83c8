// Issue 15, "Outputs are kept": a reload shows each cell's last outputs with
// the number it had, marked as from an earlier session until it runs again;
// an image over the 5 MB saved-output budget is replaced by a note; the
// .ipynb export carries the outputs and execution counts.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import type { Ipynb, IpynbCell } from '../../app/export/ipynb.ts';
import { ipynbErrors } from '../../app/export/validate-ipynb.ts';
import { cell, lessonOf, openLesson, output, outputText, recordOutsideRequests, runCell } from './helpers.ts';

const LESSON = lessonOf(
  'print("hello")\nprint(6 * 7)',
  // A 4×4 picture (display takes anything shaped like ImageData).
  'display({ width: 4, height: 4, data: new Uint8ClampedArray(64).fill(200) })',
  'display(Plot.plot({ marks: [Plot.dot([[1, 2], [3, 4]])] }))',
  'throw new RangeError("boom")',
  // Noise does not compress: a 1200×1200 PNG is about 7.7 MB as a data: URL, over the 5 MB budget.
  'const n = 1200\nconst px = new Uint8ClampedArray(n * n * 4)\nfor (let i = 0; i < px.length; i++) px[i] = (i % 4 === 3) ? 255 : Math.random() * 256\ndisplay({ width: n, height: n, data: px })',
);
const PATH = 'tests/outputs-kept.md';
const EARLIER = 'From an earlier session — run again to refresh';

const prompt = (page: Page, n: number) => cell(page, n).locator('.cell-prompt');
const earlierNote = (page: Page, n: number) => output(page, n).getByRole('note').filter({ hasText: EARLIER });

async function opened(page: Page): Promise<void> {
  await openLesson(page, LESSON, PATH);
  await expect(cell(page, 1)).toBeVisible();
}

/** Wait until the store has written edits and outputs (both written ≤ 1 s after a change). */
async function saved(page: Page): Promise<void> {
  await page.waitForTimeout(1100);
  await page.evaluate(() => window.__qlab!.store.getState().settled());
}

async function runEveryCell(page: Page): Promise<void> {
  for (let n = 1; n <= 5; n++) {
    await runCell(page, n, 60_000);
    await expect(prompt(page, n)).toHaveText(`[${n}]`);
  }
  await expect(output(page, 5).locator('img.out-image')).toBeVisible();
}

test('outputs survive a reload with their [n], marked as from an earlier session until run again; the big image leaves a note', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await opened(page);
  await expect(prompt(page, 1)).toHaveText('[ ]');
  await runEveryCell(page);
  await expect(earlierNote(page, 1)).toHaveCount(0);
  await saved(page);

  await page.reload();
  await opened(page);
  for (let n = 1; n <= 5; n++) {
    await expect(cell(page, n)).toHaveAttribute('data-earlier-session', 'true');
    await expect(prompt(page, n)).toHaveText(`[${n}]`);
    await expect(earlierNote(page, n)).toBeVisible();
  }
  expect(await outputText(page, 1)).toBe('hello\n42');
  await expect(output(page, 2).locator('img.out-image')).toHaveAttribute('src', /^data:image\/png;base64,/);
  await expect(output(page, 3).locator('figure.out-figure svg')).toBeVisible();
  await expect(output(page, 4).locator('pre.out-error')).toHaveText('RangeError: boom');
  await expect(cell(page, 4)).toHaveAttribute('data-status', 'error');
  // The big image was not kept, and the note says why in its place.
  await expect(output(page, 5).locator('img')).toHaveCount(0);
  await expect(
    output(page, 5)
      .getByRole('note')
      .filter({
        hasText: /^Image not kept \(\d+\.\d MB\): over this lesson's 5 MB budget for saved outputs\. Run the cell again to see it\.$/,
      }),
  ).toBeVisible();
  await page.setViewportSize({ width: 1920, height: 1080 });
  await cell(page, 5).scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('restored-budget-1920.png') });
  await page.setViewportSize({ width: 1366, height: 768 });
  await cell(page, 1).scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('restored-1366.png') });

  // A new kernel session: the first run is [1], and only that cell loses its mark.
  await runCell(page, 3);
  await expect(cell(page, 3)).not.toHaveAttribute('data-earlier-session', 'true');
  await expect(prompt(page, 3)).toHaveText('[1]');
  await expect(cell(page, 3)).toHaveAttribute('data-exec-count', '1');
  await expect(earlierNote(page, 3)).toHaveCount(0);
  await expect(output(page, 3).locator('figure.out-figure svg')).toBeVisible();
  await expect(earlierNote(page, 2)).toBeVisible();
  await expect(prompt(page, 2)).toHaveText('[2]');
  await runCell(page, 1);
  await expect(prompt(page, 1)).toHaveText('[2]');
  await page.screenshot({ path: test.info().outputPath('rerun-1366.png') });
});

test('.ipynb export after a reload has the restored outputs and their execution_count', async ({ page }) => {
  test.setTimeout(120_000);
  await opened(page);
  for (let n = 1; n <= 4; n++) await runCell(page, n);
  await saved(page);
  await page.reload();
  await opened(page);
  await expect(cell(page, 4)).toHaveAttribute('data-earlier-session', 'true');

  await page.getByText('Export', { exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Jupyter/ }).click()]);
  const nb = JSON.parse(await readFile(await download.path(), 'utf8')) as Ipynb;
  expect(ipynbErrors(nb)).toEqual([]);
  const code = nb.cells.filter((c): c is Extract<IpynbCell, { cell_type: 'code' }> => c.cell_type === 'code');
  expect(code.map((c) => c.execution_count)).toEqual([1, 2, 3, 4, null]);
  expect(code[0]?.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: ['hello\n', '42\n'] }]);
  expect(code[1]?.outputs).toEqual([
    expect.objectContaining({
      output_type: 'display_data',
      data: expect.objectContaining({ 'image/png': expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) as unknown }) as unknown,
    }),
  ]);
  expect(code[2]?.outputs).toEqual([
    expect.objectContaining({
      output_type: 'display_data',
      data: expect.objectContaining({
        'image/svg+xml': expect.arrayContaining([expect.stringContaining('<svg') as unknown]) as unknown,
      }) as unknown,
    }),
  ]);
  expect(code[3]?.outputs).toEqual([{ output_type: 'error', ename: 'RangeError', evalue: 'boom', traceback: ['RangeError: boom'] }]);
  expect(code[4]?.outputs).toEqual([]);
});

test('saved outputs tampered with in storage are checked and sanitised again: no script runs, nothing is fetched', async ({
  page,
  context,
  baseURL,
}) => {
  const outside = await recordOutsideRequests(context, page, new URL(baseURL ?? 'http://localhost').origin);
  await opened(page);
  // Write a hostile record straight into the outputs database, as something else on this origin could.
  await page.evaluate(async () => {
    const lesson = window.__qlab!.store.getState().lesson!;
    const record = {
      version: 1,
      lesson: lesson.id,
      lessonHash: lesson.hash,
      savedAt: 0,
      cellHashes: lesson.cells.map(() => 'x'),
      cellKeys: lesson.cells.map(() => null),
      cells: {
        [lesson.cells[0]!.id]: {
          outputs: [
            {
              kind: 'svg',
              html: '<svg><script>window.__pwned = 1</script><image href="https://example.com/x.png"/><circle r="3" onload="window.__pwned = 2"/></svg>',
              alt: 'Figure',
            },
            { kind: 'image', src: 'https://example.com/y.png', alt: 'remote' },
            { kind: 'markdown', markdown: '<img src="https://example.com/z.png" onerror="window.__pwned = 3">' },
            { kind: 'run-this', code: 'window.__pwned = 4' },
          ],
          execCount: 9,
          status: 'ok',
          savedAt: 0,
        },
      },
    };
    await new Promise<void>((done, fail) => {
      const open = indexedDB.open('qlab-outputs', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('outputs');
      open.onerror = () => fail(new Error('open failed'));
      open.onsuccess = () => {
        const tx = open.result.transaction('outputs', 'readwrite');
        tx.objectStore('outputs').put(record, lesson.id);
        tx.oncomplete = () => {
          open.result.close();
          done();
        };
        tx.onerror = () => fail(new Error('write failed'));
      };
    });
  });
  await page.reload();
  await opened(page);
  await expect(cell(page, 1)).toHaveAttribute('data-earlier-session', 'true');
  await expect(prompt(page, 1)).toHaveText('[9]');
  const out = output(page, 1);
  await expect(out.locator('figure.out-figure')).toHaveCount(1);
  await expect(out.locator('script, [onload], [onerror]')).toHaveCount(0);
  await expect(out).toContainText('An output was not shown: an image whose source is not a data: URL of an image type.');
  await expect(out).toContainText('An output was not shown: unknown output kind "run-this".');
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(outside).toEqual([]);
});
