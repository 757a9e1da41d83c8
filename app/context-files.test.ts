// The CONTEXT.md files are the map a newcomer reads first: this fails when a source file is
// not named in the CONTEXT.md of its folder (the nearest one above it), so the map cannot
// silently fall behind the code. Tests, type declarations, fixtures and goldens are exempt.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const appDir = new URL('.', import.meta.url).pathname;
const EXEMPT_DIRS = new Set(['fixtures', 'goldens']);
const isSource = (name: string): boolean => /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts');

interface Context {
  readonly dir: string;
  readonly text: string;
}

/** `path [CONTEXT.md that should name it]` for every source file its CONTEXT.md does not name. */
export function unnamedSources(dir: string, context: Context | null = null): string[] {
  const here = join(dir, 'CONTEXT.md');
  const ctx = existsSync(here) ? { dir, text: readFileSync(here, 'utf8') } : context;
  const missing: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (!EXEMPT_DIRS.has(entry)) missing.push(...unnamedSources(path, ctx));
    } else if (isSource(entry)) {
      // Named with or without its extension, or by its path from the CONTEXT.md's folder.
      const stem = entry.replace(/\.tsx?$/, '');
      if (ctx === null || !ctx.text.includes(stem)) {
        missing.push(
          `app/${relative(appDir, path)} [${ctx === null ? 'no CONTEXT.md' : `app/${relative(appDir, join(ctx.dir, 'CONTEXT.md'))}`}]`,
        );
      }
    }
  }
  return missing;
}

describe('CONTEXT.md files', () => {
  it('name every source file of their folder', () => {
    expect(unnamedSources(appDir)).toEqual([]);
  });
});
