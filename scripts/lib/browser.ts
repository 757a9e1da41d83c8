// Shared by the lesson checker and the benchmark: a production build served by
// Vite's preview server, and Debian's Chromium driven by Playwright.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';
import { chromiumArgs } from './chromium-args.ts';

export const root = resolve(import.meta.dirname, '..', '..');

export async function launchChromium(): Promise<Browser> {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return chromium.launch({ ...(existsSync(path) ? { executablePath: path } : {}), args: chromiumArgs });
}

/**
 * Chromium with a profile on disk (`userDataDir`), as a student's browser is: its Cache API keeps
 * files on disk. A `browser.newContext()` is incognito-like, and there the Cache API is held in the
 * browser process's memory (and a 990 MB put can fail), which says nothing about a real profile.
 */
export async function launchPersistentChromium(userDataDir: string): Promise<BrowserContext> {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return chromium.launchPersistentContext(userDataDir, { ...(existsSync(path) ? { executablePath: path } : {}), args: chromiumArgs });
}

/** The build folder: dist/, or E2E_DIST (as playwright.config.ts uses it). */
export const distDir = (): string => process.env.E2E_DIST ?? resolve(root, 'dist');

/** Serve dist/ (building it first when missing or when asked) on a free port. */
export async function servePreview(options: { rebuild?: boolean } = {}): Promise<{ url: string; close: () => Promise<void> }> {
  // E2E_DIST: serve (and build into) another folder than dist/, as playwright.config.ts does.
  const outDir = distDir();
  if (options.rebuild === true || !existsSync(resolve(outDir, 'index.html'))) {
    await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  }
  const server: PreviewServer = await preview({
    root,
    logLevel: 'warn',
    build: { outDir },
    preview: { port: 0, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('vite preview did not report a local URL');
  return { url, close: () => server.close() };
}
