// ARCHITECTURE.md's "Folders" table is the map of app/: this fails when a folder of app/ is not in
// it, or when it names a folder that no longer exists, so a move cannot leave the map behind.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FOLDER_GRAPH } from '../.dependency-cruiser.mjs';

const repo = new URL('..', import.meta.url).pathname;
const EXEMPT = new Set(['fixtures', 'goldens']);

function foldersOf(dir: string, rel: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (!statSync(path).isDirectory() || EXEMPT.has(entry)) continue;
    out.push(`${rel}${entry}/`, ...foldersOf(path, `${rel}${entry}/`));
  }
  return out;
}

/** The "Folders" section of ARCHITECTURE.md. */
function foldersSection(): string {
  const text = readFileSync(join(repo, 'ARCHITECTURE.md'), 'utf8');
  const start = text.indexOf('## Folders');
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end === -1 ? undefined : end);
}

/** Every folder the table names: `app/x/` cells, and `x/` names in a row that starts with one. */
function namedFolders(section: string): Set<string> {
  const named = new Set<string>();
  for (const row of section.split('\n').filter((line) => line.startsWith('| `app/'))) {
    const first = row.split('|')[1] ?? '';
    const base = /`(app\/[\w/-]*?\/)`/.exec(first)?.[1];
    for (const m of first.matchAll(/`([\w/-]+\/)`/g)) {
      const name = m[1] ?? '';
      named.add(name.startsWith('app/') ? name.slice(4) : `${base?.slice(4) ?? ''}${name}`);
    }
  }
  return named;
}

describe('ARCHITECTURE.md', () => {
  const section = foldersSection();
  const named = namedFolders(section);

  it('names every folder of app/ in its Folders table', () => {
    const missing = foldersOf(join(repo, 'app'), '').filter((f) => !named.has(f));
    expect(missing).toEqual([]);
  });

  it('names no folder that does not exist', () => {
    const gone = [...named].filter((f) => !existsSync(join(repo, 'app', f)));
    expect(gone).toEqual([]);
  });
});

describe('ARCHITECTURE.md, the folder graph', () => {
  it('is FOLDER_GRAPH of .dependency-cruiser.mjs, node for node and arrow for arrow', () => {
    const text = readFileSync(join(repo, 'ARCHITECTURE.md'), 'utf8');
    const start = text.indexOf('## The folder graph');
    const section = text.slice(start, text.indexOf('\n## ', start + 1));
    const table = new Map<string, string[]>();
    for (const m of section.matchAll(/^\| `([\w/]+)` \| (.+) \|$/gm)) {
      const arrows = m[2] === 'nothing' ? [] : [...(m[2] ?? '').matchAll(/`([\w/]+)`/g)].map((a) => a[1] ?? '');
      table.set(m[1] ?? '', arrows.sort());
    }
    const graph = new Map(
      Object.entries(FOLDER_GRAPH)
        .filter(([, node]) => node.mayImport !== '*')
        .map(([name, node]) => [name, [...node.mayImport].sort()]),
    );
    expect(Object.fromEntries(table)).toEqual(Object.fromEntries(graph));
  });
});
