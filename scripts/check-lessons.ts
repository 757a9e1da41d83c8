// `npm run check:lessons [files…]`: open each lesson in headless Chromium, run
// every cell in order through the UI, and compare what it printed with the
// lesson's `output` fence. One line per cell, then `N passed, N failed`
// (`, N skipped` when cells marked `online` were skipped: they need the network,
// which a check must not; each is listed with the reason).
import { readdirSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { decodeLesson, sniffEncoding, SNIFF_BYTES } from '../app/export/decode-lesson.ts';
import { parseLesson } from '../app/lesson/parse-lesson.ts';
import { matchOutput } from '../app/lesson/match-output.ts';
import type { CodeBlock } from '../app/lesson/types.ts';
import { buildLessonPage } from '../app/notebook/build-lesson-page.ts';
import { launchChromium, root, servePreview } from './lib/browser.ts';

const DEFAULT_TIMEOUT_S = 30;

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

/** Why an `online` cell is not run here (printed on its report line). */
const ONLINE_SKIP_REASON = 'online: needs the Hugging Face Hub (or the server models.hub.endpoint names), not run by the lesson checks';

function lessonFiles(args: readonly string[]): string[] {
  if (args.length > 0) return args.map((a) => resolve(process.cwd(), a));
  const dir = resolve(root, 'lessons');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => resolve(dir, f));
}

const indent = (text: string): string =>
  text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

/** Past a cell's own `timeout=`, the app stops it itself: this long is left for the app's verdict to show. */
const APP_TIMEOUT_GRACE_MS = 10_000;

/** Resolves when the cell is no longer running (ok, error or cancelled); rejects after `timeout` ms. */
async function finished(page: Page, index: number, timeout: number): Promise<void> {
  await page.waitForFunction(
    (i) => {
      const status = document.querySelector(`section.cell[aria-label="Cell ${i}"]`)?.getAttribute('data-status');
      return status === 'ok' || status === 'error' || status === 'cancelled';
    },
    index,
    { timeout, polling: 10 },
  );
}

async function runCell(page: Page, cell: CodeBlock): Promise<{ status: string; text: string; ms: number }> {
  const region = page.getByRole('region', { name: `Cell ${cell.index}`, exact: true });
  const started = Date.now();
  await region.getByRole('button', { name: 'Run cell', exact: true }).click();
  const timeoutMs = (cell.timeoutSeconds ?? DEFAULT_TIMEOUT_S) * 1000;
  try {
    // A cell with `timeout=N` is stopped by the app at N s: its error is the cell's result (reported, then on to the next cell).
    await finished(page, cell.index, cell.timeoutSeconds === undefined ? timeoutMs : timeoutMs + APP_TIMEOUT_GRACE_MS);
  } catch {
    // Still running: stop it, unless the kernel stopped it in the meantime (Interrupt is then disabled, and a click would wait).
    const interrupt = page.getByRole('button', { name: 'Interrupt', exact: true });
    if (await interrupt.isEnabled()) await interrupt.click({ timeout: 5_000 }).catch(() => undefined);
    await finished(page, cell.index, 10_000).catch(() => undefined);
    return { status: 'timeout', text: `timed out after ${timeoutMs / 1000} s (interrupted)`, ms: Date.now() - started };
  }
  const status = (await region.getAttribute('data-status')) ?? 'unknown';
  const output = region.getByRole('region', { name: `Output ${cell.index}`, exact: true });
  const texts = await output.locator('pre.out-text').allTextContents();
  return { status, text: texts.join('\n'), ms: Date.now() - started };
}

type ExerciseVerdict = { ok: true } | { ok: false; why: string };

/** Check on the untouched stub must fail; after Show solution, Check must pass. */
async function checkExercise(page: Page, cell: CodeBlock): Promise<ExerciseVerdict> {
  const region = page.getByRole('region', { name: `Cell ${cell.index}`, exact: true });
  const verdict = async (): Promise<string> => {
    await region.getByRole('button', { name: /Check/ }).click();
    await page.waitForFunction(
      (index) => {
        const s = document.querySelector(`section.cell[aria-label="Cell ${index}"] .exercise`)?.getAttribute('data-exercise-status');
        return s === 'passed' || s === 'failed';
      },
      cell.index,
      { timeout: (cell.timeoutSeconds ?? DEFAULT_TIMEOUT_S) * 1000 * 2, polling: 10 },
    );
    return (await region.locator('.exercise').getAttribute('data-exercise-status')) ?? '';
  };
  const results = async () => (await region.locator('.exercise-results li').allTextContents()).join('\n');
  if ((await verdict()) !== 'failed') return { ok: false, why: `the untouched stub passes its checks:\n${await results()}` };
  await region.getByRole('button', { name: 'Show solution' }).click();
  if ((await verdict()) !== 'passed') return { ok: false, why: `the solution fails its checks:\n${await results()}` };
  return { ok: true };
}

async function checkLesson(page: Page, url: string, file: string, tally: Tally): Promise<void> {
  const shown = relative(process.cwd(), file) || file;
  // The same decoding as Import (UTF-8, or UTF-16 with or without a byte-order mark).
  const bytes = readFileSync(file);
  const sniffed = sniffEncoding(bytes.subarray(0, SNIFF_BYTES));
  const decoded = sniffed.ok ? decodeLesson(bytes, sniffed.encoding) : sniffed;
  if (!decoded.ok) {
    console.log(`FAIL  ${shown}: ${decoded.message}`);
    tally.failed += 1;
    return;
  }
  const text = decoded.text;
  const parsed = parseLesson(text, shown);
  const built = buildLessonPage(text, shown);
  if (!parsed.ok || !built.ok) {
    for (const e of parsed.ok ? (built.ok ? [] : built.errors) : parsed.errors) console.log(`FAIL  ${e.path}:${e.line}: ${e.message}`);
    tally.failed += 1;
    return;
  }
  await page.goto(url);
  await page.waitForFunction(() => window.__qlab !== undefined);
  const appErrors = await page.evaluate(([t, p]) => window.__qlab!.openLessonText(t, p), [text, shown] as const);
  if (appErrors !== null) {
    for (const e of appErrors) console.log(`FAIL  ${e.path}:${e.line}: ${e.message} (in the app)`);
    tally.failed += 1;
    return;
  }
  console.log(`# ${shown}: ${parsed.lesson.title}`);
  for (const cell of parsed.lesson.blocks) {
    if (cell.kind !== 'code') continue;
    const where = `${shown}:${cell.line} Cell ${cell.index}`;
    if (cell.online === true) {
      console.log(`skip  ${where} ${ONLINE_SKIP_REASON}`);
      tally.skipped += 1;
      continue;
    }
    if (cell.attrMap['exercise'] === true) {
      const verdict = await checkExercise(page, cell);
      if (verdict.ok) {
        console.log(`ok    ${where} exercise: stub fails its checks, solution passes`);
        tally.passed += 1;
      } else {
        console.log(`FAIL  ${where} exercise: ${verdict.why}`);
        tally.failed += 1;
      }
      if (cell.expected === undefined) continue;
    }
    const result = await runCell(page, cell);
    const time = `(${result.ms} ms)`;
    if (result.status === 'timeout') {
      console.log(`error ${where} ${result.text}`);
      tally.failed += 1;
      continue;
    }
    if (cell.expected === undefined) {
      if (result.status === 'ok') {
        console.log(`ok    ${where} ${time} (no expected output)`);
        tally.passed += 1;
      } else {
        console.log(`error ${where} ${time}\n${indent(result.text)}`);
        tally.failed += 1;
      }
      continue;
    }
    const match = matchOutput(cell.expected, result.text);
    if (match.ok) {
      console.log(`ok    ${where} ${time}`);
      tally.passed += 1;
    } else {
      console.log(`FAIL  ${where} ${time}\n${indent(match.diff)}`);
      tally.failed += 1;
    }
  }
}

async function main(): Promise<void> {
  const files = lessonFiles(process.argv.slice(2));
  const server = await servePreview();
  const browser = await launchChromium();
  const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
  try {
    for (const file of files) {
      // A fresh context per lesson: no saved edits, a fresh kernel.
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
      try {
        await checkLesson(page, server.url, file, tally);
      } catch (e) {
        console.log(`error ${file}: ${e instanceof Error ? e.message : String(e)}`);
        tally.failed += 1;
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`${tally.passed} passed, ${tally.failed} failed${tally.skipped > 0 ? `, ${tally.skipped} skipped` : ''}`);
  process.exitCode = tally.failed > 0 ? 1 : 0;
}

await main();
