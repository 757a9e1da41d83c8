// The folder graph (.dependency-cruiser.mjs) is a real rule: it holds for its own data, and the
// checker `npm run lint` runs fails on an upward import and on a cycle in a small tree on disk.
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { afterEach, describe, expect, it } from 'vitest';
import config, { FOLDER_GRAPH, KNOWN_UPWARD, folderRules } from '../.dependency-cruiser.mjs';

const trees: string[] = [];
afterEach(() => {
  for (const dir of trees.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes the files (path → source) into a fresh directory and runs the app's rules on its app/. */
async function violations(files: Readonly<Record<string, string>>, knownUpward = KNOWN_UPWARD): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'folder-graph-'));
  trees.push(root);
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  const { output } = await cruise(['app'], {
    baseDir: root,
    validate: true,
    ruleSet: { forbidden: folderRules(FOLDER_GRAPH, knownUpward) },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
  });
  if (typeof output === 'string') throw new Error('expected a cruise result, got text');
  const result: ICruiseResult = output;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

describe('the folder graph', () => {
  it('names nodes that exist and has no cycle', () => {
    const names = Object.keys(FOLDER_GRAPH);
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, path: readonly string[]): void => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'visiting') throw new Error(`the folder graph has a cycle: ${[...path, name].join(' → ')}`);
      state.set(name, 'visiting');
      const node = FOLDER_GRAPH[name];
      if (node === undefined) throw new Error(`${path.at(-1) ?? '?'} may import ${name}, which is not a node`);
      for (const next of node.mayImport === '*' ? [] : node.mayImport) visit(next, [...path, name]);
      state.set(name, 'done');
    };
    for (const name of names) visit(name, []);
    expect(state.size).toBe(names.length);
  });

  it('has a node for every folder of app/', () => {
    const folders = readdirSync('app', { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => `app/${e.name}/x.ts`);
    const patterns = Object.values(FOLDER_GRAPH).map((node) => new RegExp(node.files));
    expect(folders.filter((f) => !patterns.some((p) => p.test(f)))).toEqual([]);
  });

  it('is the rule set the lint runs', () => {
    expect(config.forbidden).toEqual(folderRules(FOLDER_GRAPH, KNOWN_UPWARD));
  });
});

describe('the checker on a small tree', () => {
  it('passes imports down the graph, within a folder and of packages', async () => {
    expect(
      await violations({
        'app/shared/brand.ts': 'export const a = 1;\n',
        'app/torch/tensor.ts': "import { a } from '../shared/brand.ts';\nexport const t = a;\n",
        'app/torch/ops.ts': "import { t } from './tensor.ts';\nexport const o = t;\n",
        'app/ui/Cell.tsx': "import { o } from '../torch/ops.ts';\nimport { a } from '../shared/brand.ts';\nexport const c = o + a;\n",
        'app/App.tsx': "import { c } from './ui/Cell.tsx';\nexport const app = c;\n",
      }),
    ).toEqual([]);
  });

  it('fails on an import up the graph (also a type-only one)', async () => {
    expect(
      await violations({
        'app/ui/Output.tsx': 'export const out = 1;\nexport type Out = number;\n',
        'app/torch/tensor.ts': "import { out } from '../ui/Output.tsx';\nexport const t = out;\n",
        'app/offline/StatusBar.tsx': "import type { Out } from '../ui/Output.tsx';\nexport const s: Out = 1;\n",
        'app/presenter/Presenter.tsx': "import { out } from '../ui/Output.tsx';\nexport const p = out;\n",
        'app/ui/Cell.tsx': "import { p } from '../presenter/Presenter.tsx';\nexport const c = p;\n",
      }),
    ).toEqual([
      'folder-order: offline: app/offline/StatusBar.tsx → app/ui/Output.tsx',
      'folder-order: torch: app/torch/tensor.ts → app/ui/Output.tsx',
      'folder-order: ui: app/ui/Cell.tsx → app/presenter/Presenter.tsx',
    ]);
  });

  it('fails on a runtime import cycle inside a folder, not on a type-only one', async () => {
    const found = await violations({
      'app/lesson/match-output.ts':
        "import { formatDiff } from './output-diff.ts';\nexport const WILDCARD = '...';\nexport const m = formatDiff;\n",
      'app/lesson/output-diff.ts': "import { WILDCARD } from './match-output.ts';\nexport const formatDiff = () => WILDCARD;\n",
      'app/torch/tensor.ts': "import type { Op } from './ops.ts';\nexport class Tensor {}\nexport type T = Op;\n",
      'app/torch/ops.ts': "import { Tensor } from './tensor.ts';\nexport type Op = Tensor;\nexport const op = new Tensor();\n",
    });
    // one report per cycle; the torch pair imports each other only for types
    expect(found).toEqual(['no-cycle: app/lesson/match-output.ts → app/lesson/output-diff.ts']);
  });

  it('allows a known upward arrow from its own file only', async () => {
    expect(
      await violations(
        {
          'app/lab/image-input.ts': 'export const imageSize = 1;\n',
          'app/models/image/read-image.ts': "import { imageSize } from '../../lab/image-input.ts';\nexport const r = imageSize;\n",
          'app/models/other.ts': "import { imageSize } from '../lab/image-input.ts';\nexport const o = imageSize;\n",
        },
        [{ from: '^app/models/image/read-image\\.ts$', to: '^app/lab/image-input\\.ts$' }],
      ),
    ).toEqual(['folder-order: models: app/models/other.ts → app/lab/image-input.ts']);
  });

  it('fails on a folder that is not in the graph, and on app code importing scripts/', async () => {
    expect(
      await violations({
        'scripts/helper.ts': 'export const h = 1;\n',
        'app/shared/brand.ts': "import { h } from '../../scripts/helper.ts';\nexport const a = h;\n",
        'app/newfolder/thing.ts': "import { a } from '../shared/brand.ts';\nexport const n = a;\n",
      }),
    ).toEqual([
      'app imports only app and packages: app/shared/brand.ts → scripts/helper.ts',
      'folder-order: every folder is in the graph: app/newfolder/thing.ts → app/shared/brand.ts',
    ]);
  });
});
