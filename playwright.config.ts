import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { chromiumArgs } from './scripts/lib/chromium-args.ts';

// Never download a browser: use Debian's Chromium (or CHROMIUM_PATH) when present.
const systemChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const executablePath = existsSync(systemChromium) ? systemChromium : undefined;
const port = Number(process.env.E2E_PORT ?? 4173);
// The dev server (`npm start`'s Vite) for tests/e2e/dev-server.spec.ts, on a port of its own:
// 1000 above the preview's by default (5173 for the default 4173, 5311 for E2E_PORT=4311).
const devPort = Number(process.env.E2E_DEV_PORT ?? port + 1000);
// A build folder other than dist/ (lets several people test their own builds at once).
const outDir = process.env.E2E_DIST;
const DEV_SPEC = /dev-server\.spec\.ts$/;

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: chromiumArgs,
    },
  },
  projects: [
    // Every spec but the dev-server smoke test, against the production build (`vite preview`).
    { name: 'preview', testIgnore: DEV_SPEC, use: { baseURL: `http://localhost:${port}` } },
    // The smoke test against the dev server. Its first page load optimises dependencies and
    // serves every module unbundled, so it gets far more time than the build.
    { name: 'dev', testMatch: DEV_SPEC, timeout: 240_000, expect: { timeout: 30_000 }, use: { baseURL: `http://localhost:${devPort}` } },
  ],
  webServer: [
    {
      command: `npx vite preview --port ${port} --strictPort${outDir ? ` --outDir ${outDir}` : ''}`,
      url: `http://localhost:${port}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      command: `npx vite --port ${devPort} --strictPort`,
      url: `http://localhost:${devPort}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
