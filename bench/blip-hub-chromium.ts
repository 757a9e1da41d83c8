// The Chromium side of the blip-hub bench (bench/blip-hub.ts): Chromium on a profile on disk (a
// student's browser, its Cache API on disk), the rows of a first load (download → cache → first
// caption) and of a cold start (a new Chromium on the same profile: cache → first caption), each with
// the peak memory of that Chromium's processes (summed VmRSS and PSS, bench/proc-memory.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { resolve } from 'node:path';
import type { BrowserContext } from '@playwright/test';
import type { BenchRow } from '../scripts/lib/stats.ts';
import { launchPersistentChromium } from '../scripts/lib/browser.ts';
import { processWithArg, samplePeakRss, settledRss } from './proc-memory.ts';
import { runCellsInApp } from './run-cells.ts';

export const THREADS = Math.min(4, cpus().length);
export const ROUNDS = 3;
export const SECTION = `blip-hub base-sized (random weights, ${THREADS} threads)`;

/** The same test image on both sides: a 500×350 gradient. */
export const IMAGE_CELL =
  'const c = new OffscreenCanvas(500, 350).getContext("2d")!\nconst grad = c.createLinearGradient(0, 0, 500, 350); grad.addColorStop(0, "#8ac"); grad.addColorStop(1, "#c84")\nc.fillStyle = grad; c.fillRect(0, 0, 500, 350)\nconst img = c.getImageData(0, 0, 500, 350)';

/** From the browser's cache to the first caption in a new page (the model was loaded once in `context`), and the peak memory meanwhile. */
export async function coldRows(first: Profile, appUrl: string, modelUrl: string): Promise<BenchRow[]> {
  // A new Chromium on the same profile (its cache on disk): nothing of the first page's memory is
  // left in the tree measured (a closed page's renderer may otherwise stay for reuse).
  const profile = await reopenProfile(first);
  const idle = await settledRss(profile.pid);
  const second = await profile.context.newPage();
  const memory = samplePeakRss(200, profile.pid);
  const cold = await runCellsInApp(second, appUrl, [
    `${IMAGE_CELL}\nconst t0 = performance.now()\nconst m = await models.from_pretrained("${modelUrl}", { log: print })\nconst t1 = performance.now()\nconst r = await m.run(img)\nprint(t1 - t0, performance.now() - t0)`,
  ]);
  const peak = memory.stop();
  await closeProfile(profile, { keepDir: true });
  const [readMs, coldMs] = lastLine(cold[0]).split(' ').map(Number);
  if (readMs === undefined || coldMs === undefined || !Number.isFinite(coldMs))
    throw new Error(`cache → first caption failed: ${(cold[0] ?? '').replaceAll('\n', ' / ')}`);
  return [
    {
      section: SECTION,
      name: 'browser cache → first caption (new page), chromium',
      value: coldMs,
      unit: 'ms',
      goal: '< 10 s',
      met: coldMs < 10_000,
    },
    {
      section: SECTION,
      name: 'of which: from_pretrained (the cached checkpoint opened: its header, config and tokenizer read)',
      value: readMs,
      unit: 'ms',
    },
    {
      section: SECTION,
      name: 'of which: the first run() (the tensors read from the cache and packed into the engines, then the caption)',
      value: coldMs - readMs,
      unit: 'ms',
    },
    {
      section: SECTION,
      name: 'peak memory of the browser processes, cache → first caption (fp32)',
      value: peak / 1e6,
      unit: 'MB',
      goal: '< 3000 MB',
      met: peak < 3e9,
    },
    {
      section: SECTION,
      name: 'the same peak as PSS (each shared page counted once; the row above sums VmRSS, which counts them per process)',
      value: memory.peakPss() / 1e6,
      unit: 'MB',
    },
    { section: SECTION, name: 'of which: the browser processes before the page opened (idle)', value: idle / 1e6, unit: 'MB' },
    {
      section: SECTION,
      name: 'of which: the largest process at the peak (the kernel, with the WASM heap)',
      value: memory.largestAtPeak() / 1e6,
      unit: 'MB',
    },
  ];
}

/**
 * Chromium on a profile on disk, as a student's: in an incognito-like `browser.newContext()` the
 * Cache API lives in the browser process's memory (and putting 990 MB in it failed here, so the
 * "cached" load downloaded again). Memory is that Chromium's process tree only.
 */
export interface Profile {
  readonly context: BrowserContext;
  readonly pid: number;
  readonly dir: string;
}

export const openProfile = (): Promise<Profile> => launchProfile(mkdtempSync(resolve(tmpdir(), 'qlab-bench-profile-')));

async function launchProfile(dir: string): Promise<Profile> {
  const context = await launchPersistentChromium(dir);
  const pid = processWithArg(`--user-data-dir=${dir}`);
  if (pid === null) {
    await context.close();
    throw new Error(`no Chromium process with --user-data-dir=${dir}`);
  }
  return { context, pid, dir };
}

/** Closes `profile`'s Chromium and starts another on the same profile folder. */
async function reopenProfile(profile: Profile): Promise<Profile> {
  await profile.context.close();
  return launchProfile(profile.dir);
}

export async function closeProfile(profile: Profile, options: { readonly keepDir?: boolean } = {}): Promise<void> {
  await profile.context.close(); // closing twice is a no-op
  if (options.keepDir !== true) rmSync(profile.dir, { recursive: true, force: true }); // it holds the 990 MB cache entry
}

/** A cell's figures are on its last line (from_pretrained prints its own progress lines above). */
export const lastLine = (s: string | undefined): string => (s ?? '').trim().split('\n').at(-1) ?? '';

/** `npm run bench blip-hub-cold`: only the load into the cache, then cache → first caption and its memory. */
export async function coldOnlyRows(appUrl: string, modelUrl: string): Promise<BenchRow[]> {
  const profile = await openProfile();
  try {
    // A student's first load: download (into the cache) → first caption, and its peak memory.
    const page = await profile.context.newPage();
    const memory = samplePeakRss(200, profile.pid);
    const out = await runCellsInApp(
      page,
      appUrl,
      [
        `${IMAGE_CELL}\nconst t0 = performance.now()\nconst m = await models.from_pretrained("${modelUrl}")\nawait m.run(img)\nprint(performance.now() - t0)`,
      ],
      1_800_000,
    );
    const peak = memory.stop();
    const firstMs = Number(lastLine(out[0]));
    if (!Number.isFinite(firstMs)) throw new Error(`from_pretrained failed: ${out.join(' | ').replaceAll('\n', ' / ')}`);
    await page.close();
    const first: BenchRow[] = [
      { section: SECTION, name: 'first load: download (loopback) → cache → first caption, chromium', value: firstMs, unit: 'ms' },
      { section: SECTION, name: 'first load: peak memory of the browser processes (summed VmRSS)', value: peak / 1e6, unit: 'MB' },
      { section: SECTION, name: 'first load: the same peak as PSS', value: memory.peakPss() / 1e6, unit: 'MB' },
    ];
    return [...first, ...(await coldRows(profile, appUrl, modelUrl))];
  } finally {
    await closeProfile(profile);
  }
}
