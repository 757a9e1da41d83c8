import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEV_ENTRIES } from '../vite.config.ts';

const root = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : sources(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

describe('vite.config.ts', () => {
  it("names every worker entry for the dev server's first dependency optimisation", () => {
    const workers = new Set<string>();
    for (const file of sources(join(root, 'app'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(
        /new (?:Shared)?Worker\(\s*new URL\(\s*['"]([^'"]+)['"],\s*import\.meta\.url\s*\)/g,
      ))
        workers.add(relative(root, resolve(dirname(file), m[1]!)));
    }
    // The app starts its kernel worker from two places (frame and page), the lab's, and (from
    // those two workers, app/models/blip-hub/web-runtime.ts) app/wasm's LinearPool workers.
    expect([...workers].sort()).toEqual(['app/kernel/runtime/worker.ts', 'app/lab/lab-worker.ts', 'app/wasm/linear-worker.ts']);
    for (const w of workers) expect(DEV_ENTRIES).toContain(w);
    expect(DEV_ENTRIES).toEqual(expect.arrayContaining(['index.html', 'kernel.html']));
  });
});
