// Issue 2's figures, on a production build in headless Chromium: time to the
// first runnable cell, initial JavaScript, trivial-cell round trip, Run all
// over 100 trivial cells.
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


const gzipKB = (file: string): number => gzipSync(readFileSync(resolve(distDir(), file))).length / 1024;

/** JS the entry HTML loads directly (script + modulepreload): what must arrive before anything shows. */
function entryScripts(): string[] {
  const html = readFileSync(resolve(distDir(), 'index.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
}

export async function benchNotebook(browser: Browser, url: string): Promise<BenchRow[]> {
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
  const trivial = (n: number): string => ['---', 'title: Bench', '---', '', ...Array.from({ length: n }, (_, i) => `\`\`\`ts\n${i}\n\`\`\`\n`)].join('\n');

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
    { section: 'notebook', name: 'Run all, 100 trivial cells', value: all, unit: 'ms', goal: '< 3000 ms', met: all < 3000, ratio: all / 100 / rt, baseline: 'per cell vs one round trip' },
    { section: 'notebook', name: 'Run all, chapter 14 without the model cells', value: median(chapterLight), unit: 'ms', goal: '< 5000 ms', met: median(chapterLight) < 5000 },
    { section: 'notebook', name: 'Run all, chapter 14 with the model cells (one run, cold)', value: chapterFull, unit: 'ms' },
  ];
}
