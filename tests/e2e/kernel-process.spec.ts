// The kernel runs in a frame on the other loopback site, so Chromium gives it
// a process of its own: a cell that exhausts the JS heap kills that process,
// not the tab. Playwright marks a page as crashed when any of its frames
// crashes, so after the crash the test looks at the same tab through a second
// connection (Chrome DevTools Protocol), as the student would still see it.
import { chromium, expect, test, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs } from '../../scripts/lib/chromium-args.ts';
import { cell, editorText, lessonOf, openLesson, output, outputText, runCell, typeInCell } from './helpers.ts';

const systemChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const executablePath = existsSync(systemChromium) ? systemChromium : undefined;

const heapHog = 'const hog: number[][] = []\nwhile (true) hog.push(Array.from({ length: 1_000_000 }, (_, i) => i + 0.5))';

test('the status bar says the kernel runs in its own process', async ({ page }) => {
  await openLesson(page, lessonOf('print(1 + 1)'));
  await runCell(page, 1);
  expect(await outputText(page, 1)).toBe('2');
  await expect(page.getByTestId('kernel-process')).toHaveText('Kernel: own process');
});

test('a cell that exhausts the JS heap gets an error, the kernel restarts, the page and the edits survive', async ({ baseURL }) => {
  test.setTimeout(120_000);
  const profile = mkdtempSync(join(tmpdir(), 'qlab-oom-'));
  // A small heap makes V8 give up in seconds instead of the minute a 4 GB heap takes.
  const context = await chromium.launchPersistentContext(profile, {
    ...(executablePath ? { executablePath } : {}),
    args: [...chromiumArgs, '--remote-debugging-port=0', '--js-flags=--max-old-space-size=256'],
    ...(baseURL ? { baseURL } : {}),
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await openLesson(page, lessonOf('const kept = 1', heapHog, 'print("ready")'));
    await expect(page.getByTestId('kernel-process')).toHaveText('Kernel: own process');
    await runCell(page, 1);
    await typeInCell(page, 3, 'print("typed before the crash")');
    const crashed = page.waitForEvent('crash', { timeout: 60_000 });
    await cell(page, 2).getByRole('button', { name: 'Run cell', exact: true }).click();
    await crashed;

    const port = readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0];
    const again = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    try {
      const tab: Page | undefined = again
        .contexts()[0]
        ?.pages()
        .find((p) => p.url().startsWith(baseURL ?? 'http://localhost'));
      if (!tab) throw new Error('the tab is gone');
      await expect(cell(tab, 2)).toHaveAttribute('data-status', 'error', { timeout: 30_000 });
      await expect(output(tab, 2)).toContainText('KernelDied');
      await expect(output(tab, 2)).toContainText('most likely it ran out of memory');
      await expect(tab.getByRole('alert').filter({ hasText: 'Run again: Cell 1, Cell 2.' })).toBeVisible();
      expect(await editorText(tab, 3)).toBe('print("typed before the crash")');
      await runCell(tab, 3);
      expect(await outputText(tab, 3)).toBe('typed before the crash');
      await expect(tab.getByTestId('kernel-process')).toHaveText('Kernel: own process');
    } finally {
      await again.close();
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test('when the kernel frame cannot load, cells run in the page process and the status bar says so', async ({ page, context }) => {
  await context.route(
    (url) => url.hostname === '127.0.0.1',
    (route) => route.abort('connectionrefused'),
  );
  await openLesson(page, lessonOf('print("in process")'));
  await runCell(page, 1, 20_000);
  expect(await outputText(page, 1)).toBe('in process');
  await expect(page.getByTestId('kernel-process')).toHaveText('Kernel: page process');
});
