// The lesson checker itself (scripts/check-lessons.ts), run as `npm run
// check:lessons` runs it, on a fixture lesson whose middle cell hangs until
// its `timeout=3` stops it: that cell is reported failed, the rest is checked;
// and on one whose middle cell is marked `online`: skipped, with the reason.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';

const run = promisify(execFile);

test('a cell stopped by its own timeout is reported failed and the checker goes on to the next cells', async () => {
  test.setTimeout(180_000);
  // The checker serves the same build this suite tests (E2E_DIST), on a port of its own.
  const result = await run('npx', ['tsx', 'scripts/check-lessons.ts', 'scripts/fixtures/hanging-cell.md'], {
    env: process.env,
    timeout: 170_000,
  }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code?: number; stdout?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? '' }),
  );
  const lines = result.stdout
    .trim()
    .split('\n')
    .map((l) => l.replace(/\(\d+ ms\)/, '(… ms)'));
  expect(lines).toEqual([
    '# scripts/fixtures/hanging-cell.md: Hanging cell fixture',
    'ok    scripts/fixtures/hanging-cell.md:7 Cell 1 (… ms)',
    'error scripts/fixtures/hanging-cell.md:15 Cell 2 (… ms)',
    '    TimeoutError: The cell ran longer than 3 s and was stopped; the kernel was restarted.',
    'ok    scripts/fixtures/hanging-cell.md:19 Cell 3 (… ms)',
    '2 passed, 1 failed',
  ]);
  expect(result.code).toBe(1);
});

test('a cell marked online is skipped with the reason on its line, and counted apart', async () => {
  test.setTimeout(180_000);
  const result = await run('npx', ['tsx', 'scripts/check-lessons.ts', 'scripts/fixtures/online-cell.md'], {
    env: process.env,
    timeout: 170_000,
  }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code?: number; stdout?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? '' }),
  );
  const lines = result.stdout
    .trim()
    .split('\n')
    .map((l) => l.replace(/\(\d+ ms\)/, '(… ms)'));
  expect(lines).toEqual([
    '# scripts/fixtures/online-cell.md: Online cell fixture',
    'ok    scripts/fixtures/online-cell.md:7 Cell 1 (… ms)',
    'skip  scripts/fixtures/online-cell.md:15 Cell 2 online: needs the Hugging Face Hub (or the server models.hub.endpoint names), not run by the lesson checks',
    'ok    scripts/fixtures/online-cell.md:23 Cell 3 (… ms)',
    '2 passed, 0 failed, 1 skipped',
  ]);
  expect(result.code).toBe(0);
});
