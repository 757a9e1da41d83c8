// Issue 2's figures, on a production build in headless Chromium: time to the
// first runnable cell, initial JavaScript, trivial-cell round trip, Run all
// over 100 trivial cells; issue 14's: a cell printing 10,000 lines, from Run
// until its last line is on screen (`npm run bench notebook:print-10k` runs that row alone).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from '@playwright/test';
import { median, type BenchRow } from '../scripts/lib/stats.ts';
import { distDir, root } from '../scripts/lib/browser.ts';
// tsx compiles with keepNames, which wraps functions in page.evaluate callbacks in a `__name` helper the page lacks.
import { KEEP_NAMES_SHIM } from './run-cells.ts';

const LOADS = 7;
const ROUND_TRIPS = 60;
const RUN_ALLS = 5;
const PRINT_RUNS = 7;

const gzipKB = (file: string): number => gzipSync(readFileSync(resolve(distDir(), file))).length / 1024;

/** JS the entry HTML loads directly (script + modulepreload): what must arrive before anything shows. */
function entryScripts(): string[] {
  const html = readFileSync(resolve(distDir(), 'index.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
}

/** A lesson of one cell printing 10,000 lines; times from the Run button's click until `line 9999` is in the cell's output on the page. */
async function benchPrint10k(browser: Browser, url: string): Promise<BenchRow[]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(KEEP_NAMES_SHIM);
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('qlab:kernel-ready').length > 0);
  const lesson = ['---', 'title: Bench', '---', '', '```ts', 'for (let i = 0; i < 10000; i++) print(`line ${i}`)', '```', ''].join('\n');
  const times: number[] = [];
  for (let i = 0; i < PRINT_RUNS; i++) {
    times.push(
      await page.evaluate(async (text) => {
        const q = window.__qlab!;
        if (q.store.getState().lesson?.title !== 'Bench') {
          q.openLessonText(text, 'bench/print-10k.md');
          await new Promise((r) => setTimeout(r, 300));
        }
        const id = q.store.getState().lesson!.cells[0]!.id;
        const cell = document.querySelector(`[data-cell-id="${CSS.escape(id)}"]`);
        const button = cell?.querySelector<HTMLButtonElement>('button.btn-run');
        if (!cell || !button) throw new Error('the bench cell or its Run button is not on the page');
        // The previous run's lines must be gone first, or they would count as this run's.
        q.store.getState().clearOutput(id);
        const lastLine = (): string | undefined => cell.querySelector('.cell-output pre:last-of-type')?.textContent?.slice(-9);
        while (lastLine() !== undefined) await new Promise((r) => requestAnimationFrame(r));
        const t0 = performance.now();
        button.click();
        for (;;) {
          await new Promise((r) => requestAnimationFrame(r));
          if (lastLine() === 'line 9999') break;
          if (performance.now() - t0 > 60_000)
            throw new Error(`the last line did not show within 60 s (status ${q.store.getState().cells[id]?.status})`);
        }
        const elapsed = performance.now() - t0;
        // Let the run finish before the next one (the last batch may show before its `done`).
        while (q.store.getState().busy) await new Promise((r) => setTimeout(r, 10));
        return elapsed;
      }, lesson),
    );
  }
  await context.close();
  const value = median(times);
  return [
    { section: 'notebook', name: `cell printing 10,000 lines: Run → last line on screen (median of ${PRINT_RUNS})`, value, unit: 'ms' },
  ];
}

export async function benchNotebook(browser: Browser, url: string, row?: string): Promise<BenchRow[]> {
  if (row !== undefined) {
    // The one row that runs alone (`npm run bench notebook:print-10k`).
    if (row !== 'print-10k') throw new Error(`no notebook row "${row}"; the row that runs alone: print-10k`);
    return benchPrint10k(browser, url);
  }
  const readyTimes: number[] = [];
  let runnableJs = 0;
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(KEEP_NAMES_SHIM);
    const jsFiles = new Set<string>();
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.endsWith('.js')) jsFiles.add(path.slice(1));
    });
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName('qlab:kernel-ready').length > 0, undefined, { timeout: 30_000 });
    readyTimes.push(await page.evaluate(() => performance.getEntriesByName('qlab:kernel-ready')[0]!.startTime));
    runnableJs = [...jsFiles].reduce((sum, f) => sum + gzipKB(f), 0);
    await context.close();
  }
  const initialJs = entryScripts().reduce((sum, f) => sum + gzipKB(f), 0);

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(KEEP_NAMES_SHIM);
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('qlab:kernel-ready').length > 0);
  const trivial = (n: number): string =>
    ['---', 'title: Bench', '---', '', ...Array.from({ length: n }, (_, i) => `\`\`\`ts\n${i}\n\`\`\`\n`)].join('\n');

  const roundTrips = await page.evaluate(
    async ([lesson, count]) => {
      const q = window.__qlab!;
      q.openLessonText(lesson, 'bench/one-cell.md');
      const id = q.store.getState().lesson!.cells[0]!.id;
      const times: number[] = [];
      for (let i = 0; i < count; i++) {
        const t0 = performance.now();
        q.store.getState().runCell(id);
        await new Promise<void>((done) => {
          const stop = q.store.subscribe((s) => {
            if (s.cells[id]?.status === 'ok' || s.cells[id]?.status === 'error') {
              stop();
              done();
            }
          });
        });
        times.push(performance.now() - t0);
      }
      return times;
    },
    [trivial(1), ROUND_TRIPS] as const,
  );

  const runAlls: number[] = [];
  for (let i = 0; i < RUN_ALLS; i++) {
    runAlls.push(
      await page.evaluate(async (lesson) => {
        const q = window.__qlab!;
        q.openLessonText(lesson, 'bench/hundred-cells.md');
        await new Promise((r) => setTimeout(r, 200));
        const t0 = performance.now();
        q.store.getState().runAll();
        await new Promise<void>((done) => {
          const check = () => Object.values(q.store.getState().cells).every((c) => c.status === 'ok' || c.status === 'error');
          if (check()) return done();
          const stop = q.store.subscribe(() => {
            if (check()) {
              stop();
              done();
            }
          });
        });
        return performance.now() - t0;
      }, trivial(100)),
    );
  }
  // Chapter 14 as a student runs it: Run all without the model cells (marked `heavy`), then with them.
  const chapter = readFileSync(resolve(root, 'lessons/14-quantization.md'), 'utf8');
  const withoutHeavy = chapter.replace(/```ts[^\n]*\bheavy\b[^\n]*\n[\s\S]*?\n```\n(\s*```output\n[\s\S]*?\n```\n)?/g, '');
  const chapterRunAll = async (text: string): Promise<number> =>
    page.evaluate(async (lesson) => {
      const q = window.__qlab!;
      q.openLessonText(lesson, 'lessons/14-quantization.md');
      await new Promise((r) => setTimeout(r, 300));
      const t0 = performance.now();
      q.store.getState().runAll();
      await new Promise<void>((done) => {
        const check = () => Object.values(q.store.getState().cells).every((c) => c.status !== 'queued' && c.status !== 'running');
        const stop = q.store.subscribe(() => {
          if (check()) {
            stop();
            done();
          }
        });
      });
      return performance.now() - t0;
    }, text);
  const chapterLight: number[] = [];
  for (let i = 0; i < 3; i++) chapterLight.push(await chapterRunAll(withoutHeavy));
  const chapterFull = await chapterRunAll(chapter);
  await context.close();

  const ready = median(readyTimes);
  const rt = median(roundTrips.slice(5));
  const all = median(runAlls);
  return [
    { section: 'notebook', name: 'navigation → first cell runnable', value: ready, unit: 'ms', goal: '< 1500 ms', met: ready < 1500 },
    { section: 'notebook', name: 'initial JS (entry chunks, gzip)', value: initialJs, unit: 'KB', goal: '< 350 KB', met: initialJs < 350 },
    { section: 'notebook', name: 'all JS fetched until runnable (gzip, incl. worker, editor)', value: runnableJs, unit: 'KB' },
    { section: 'notebook', name: 'trivial cell round trip', value: rt, unit: 'ms', goal: '< 15 ms', met: rt < 15 },
    {
      section: 'notebook',
      name: 'Run all, 100 trivial cells',
      value: all,
      unit: 'ms',
      goal: '< 3000 ms',
      met: all < 3000,
      ratio: all / 100 / rt,
      baseline: 'per cell vs one round trip',
    },
    {
      section: 'notebook',
      name: 'Run all, chapter 14 without the model cells',
      value: median(chapterLight),
      unit: 'ms',
      goal: '< 5000 ms',
      met: median(chapterLight) < 5000,
    },
    { section: 'notebook', name: 'Run all, chapter 14 with the model cells (one run, cold)', value: chapterFull, unit: 'ms' },
    ...(await benchPrint10k(browser, url)),
  ];
}
