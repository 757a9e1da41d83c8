import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { chromiumArgs } from './scripts/lib/chromium-args.ts';

// Never download a browser: use Debian's Chromium (or CHROMIUM_PATH) when present.
const systemChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const executablePath = existsSync(systemChromium) ? systemChromium : undefined;
const port = Number(process.env.E2E_PORT ?? 4173);
// A build folder other than dist/ (lets several people test their own builds at once).
const outDir = process.env.E2E_DIST;

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: chromiumArgs,
    },
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort${outDir ? ` --outDir ${outDir}` : ''}`,
    url: `http://localhost:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
