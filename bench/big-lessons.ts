// Issue 12's big lessons, on a production build in headless Chromium: time to
// render a lesson of N trivial cells, and Run all over it, with the cost per
// cell. The per-cell cost should not grow with N (linear, not quadratic).
// `npm run bench big` runs only this section; BENCH_BIG_SIZES=100,1000 picks sizes.
// Also a generated formula-heavy lesson of ~5 MB (bench/formula-lesson.ts; BENCH_BIG_FORMULA_BYTES
// changes its size, 0 skips it): time until its first cell is visible, and until every formula is typeset.
import type { Browser, Page } from '@playwright/test';
import type { BenchRow } from '../scripts/lib/stats.ts';
import { formulaLesson } from './formula-lesson.ts';
import { KEEP_NAMES_SHIM } from './run-cells.ts';

const trivial = (n: number): string =>
  ['---', 'title: Bench', '---', '', ...Array.from({ length: n }, (_, i) => `\`\`\`ts\n${i}\n\`\`\`\n`)].join('\n');

/** Open the lesson; time until every cell is in the page and a frame has been painted after it. */
async function renderTime(page: Page, n: number): Promise<number> {
  return page.evaluate(
    async ([lesson, count]) => {
      const q = window.__qlab!;
      const t0 = performance.now();
      q.openLessonText(lesson, `bench/big-${count}.md`);
      await new Promise<void>((done) => {
        const tick = () => {
          if (document.querySelectorAll('section.cell').length >= count) requestAnimationFrame(() => requestAnimationFrame(() => done()));
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      return performance.now() - t0;
    },
    [trivial(n), n] as const,
  );
}

/** Run all; time until every cell finished and a frame has been painted showing it. */
async function runAllTime(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const q = window.__qlab!;
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    q.store.getState().runAll();
    // Cells run in order, so Run all is done when the last one is: an O(1) check per update (scanning
    // every cell on every update would itself be quadratic and swamp what is measured).
    const cells = q.store.getState().lesson!.cells;
    const last = cells[cells.length - 1]!.id;
    await new Promise<void>((done) => {
      const check = () => ['ok', 'error'].includes(q.store.getState().cells[last]?.status ?? '');
      if (check()) return done();
      const stop = q.store.subscribe(() => {
        if (!check()) return;
        stop();
        requestAnimationFrame(() => requestAnimationFrame(() => done()));
      });
    });
    return performance.now() - t0;
  });
}

/** Open the formula lesson: ms until its first cell is painted, and until every formula is typeset (none pending, all there). */
async function formulaLessonTimes(page: Page, text: string, formulas: number): Promise<{ firstCell: number; typeset: number }> {
  return page.evaluate(
    async ([lesson, count]) => {
      const q = window.__qlab!;
      const painted = (): Promise<void> => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
      const t0 = performance.now();
      q.openLessonText(lesson, 'bench/formulas.md');
      await new Promise<void>((done) => {
        const tick = () => (document.querySelector('section.cell') !== null ? done() : requestAnimationFrame(tick));
        tick();
      });
      await painted();
      const firstCell = performance.now() - t0;
      // Polled twice a second (a query per frame over ~20,000 formulas would itself slow the typesetting measured).
      await new Promise<void>((done) => {
        const check = () => {
          if (document.querySelector('.math-pending') === null && document.querySelectorAll('.katex').length >= count) done();
          else setTimeout(check, 500);
        };
        check();
      });
      await painted();
      return { firstCell, typeset: performance.now() - t0 };
    },
    [text, formulas] as const,
  );
}

export async function benchBigLessons(browser: Browser, url: string): Promise<BenchRow[]> {
  const sizes = (process.env.BENCH_BIG_SIZES ?? '1000,2000')
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const rows: BenchRow[] = [];
  for (const n of sizes) {
    // A fresh page per size, so one size's leftovers (outputs, editors) do not slow the next.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(KEEP_NAMES_SHIM);
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName('qlab:kernel-ready').length > 0, undefined, { timeout: 30_000 });
    page.setDefaultTimeout(900_000);
    const render = await renderTime(page, n);
    const run = await runAllTime(page);
    await context.close();
    rows.push(
      { section: 'big lessons', name: `render ${n} trivial cells`, value: render, unit: 'ms', ratio: render / n, baseline: 'ms per cell' },
      { section: 'big lessons', name: `Run all, ${n} trivial cells`, value: run, unit: 'ms', ratio: run / n, baseline: 'ms per cell' },
    );
  }
  const bytes = Number(process.env.BENCH_BIG_FORMULA_BYTES ?? 5_000_000);
  if (bytes > 0) {
    const lesson = formulaLesson(bytes);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(KEEP_NAMES_SHIM);
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName('qlab:kernel-ready').length > 0, undefined, { timeout: 30_000 });
    page.setDefaultTimeout(900_000);
    const { firstCell, typeset } = await formulaLessonTimes(page, lesson.text, lesson.formulas);
    await context.close();
    const name = `${(lesson.text.length / 1e6).toFixed(1)} MB lesson, ${lesson.formulas} formulas`;
    rows.push(
      { section: 'big lessons', name: `${name}: first cell visible`, value: firstCell, unit: 'ms' },
      {
        section: 'big lessons',
        name: `${name}: all formulas typeset`,
        value: typeset,
        unit: 'ms',
        ratio: typeset / lesson.formulas,
        baseline: 'ms per formula',
      },
    );
  }
  return rows;
}
