// A loopback server for a bench's own Chromium page, cross-origin isolated (COOP/COEP: shared
// memory for workers, as the app's kernel worker has), serving the page, its esbuild bundles and
// onnxruntime-web's dist under /ort/. Used by bench/wasm-gemm and bench/vision-wasm (Node).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { basename, resolve } from 'node:path';
import { build } from 'esbuild';
import { root } from '../../scripts/lib/browser.ts';

/** `entry` (relative to `dir`) bundled for the browser, as text. */
export async function bundleScript(dir: string, entry: string, format: 'esm' | 'iife'): Promise<string> {
  const out = await build({
    entryPoints: [resolve(dir, entry)],
    bundle: true,
    write: false,
    format,
    target: 'es2022',
    logLevel: 'warning',
  });
  return out.outputFiles[0]!.text;
}

/** Serves `/` (a page titled `title` that loads `/page.js`), the `scripts` by path, and `/ort/*.mjs|wasm`. */
export function serveIsolated(title: string, scripts: Readonly<Record<string, string>>): Promise<{ url: string; close: () => void }> {
  const files = new Map<string, { type: string; body: string | Buffer }>([
    [
      '/',
      {
        type: 'text/html',
        body: `<!doctype html><meta charset="utf-8"><title>${title}</title><script type="module" src="/page.js"></script>`,
      },
    ],
    ...Object.entries(scripts).map(([path, body]) => [path, { type: 'text/javascript', body }] as const),
  ]);
  const ortDist = resolve(root, 'node_modules/onnxruntime-web/dist');
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    let file = files.get(path);
    if (file === undefined && path.startsWith('/ort/') && /^[\w.-]+\.(mjs|wasm)$/.test(basename(path))) {
      try {
        file = {
          type: path.endsWith('.wasm') ? 'application/wasm' : 'text/javascript',
          body: readFileSync(resolve(ortDist, basename(path))),
        };
      } catch {
        file = undefined;
      }
    }
    if (file === undefined) return void res.writeHead(404).end();
    res
      .writeHead(200, {
        'Content-Type': file.type,
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
        'Cache-Control': 'no-store',
      })
      .end(file.body);
  });
  return new Promise((ready) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      ready({ url: `http://127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}/`, close: () => server.close() });
    }),
  );
}
