import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { noBrowserReason } from './scripts/lib/open-browser.ts';
import { modelsPlugin } from './scripts/vite-plugin-models.ts';
import { cspPlugin } from './scripts/vite-plugin-csp.ts';

// Cross-origin isolation lets the inference runtime use WebAssembly threads
// (SharedArrayBuffer); both the dev and preview servers must send it.
// The kernel frame (kernel.html) is loaded from the other loopback site
// (app/kernel/frame/origin.ts); an isolated page may embed it, and the frame
// its own files, only with a Cross-Origin-Resource-Policy that allows it.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

/** onnxruntime-web's WebGPU (JSEP) build as emitted (app/models/ort.ts); tests/e2e/offline.spec.ts leaves the same files out. */
const WEBGPU_RUNTIME = ['**/ort-wasm-simd-threaded.jsep-*.wasm', '**/ort-wasm-simd-threaded.jsep-*.mjs', '**/ort.bundle.min-*.js'];

/**
 * Every file a Worker is started from (`new Worker(new URL(…))`, which Vite's dependency scan
 * does not follow), with the pages: the dev server then optimises the workers' dependencies
 * (onnxruntime-web, sucrase, acorn, linkedom…) on its first start, before the page asks for
 * them. Found later, they are optimised one by one while the kernel starts, which on a cold
 * `npm start` took longer than the kernel's 10 s start-up limit. Checked by
 * scripts/vite-config.test.ts.
 */
export const DEV_ENTRIES = [
  'index.html',
  'kernel.html',
  'speaker.html',
  'app/kernel/runtime/worker.ts',
  'app/lab/lab-worker.ts',
  'app/wasm/linear-worker.ts',
];

/**
 * Whether rolldown prints its [PLUGIN_TIMINGS] blocks. They say how much of a build JavaScript
 * plugins took, and show on every build here: the workers' builds each read and emit
 * onnxruntime-web's 42 MB of WebAssembly (vite:asset), vite-plugin-pwa's closeBundle builds the
 * service worker and hashes the 32 MB it precaches, and vite:build-html's time includes the
 * whole entry it waits for. That is the work, not a fault; QLAB_BUILD_TIMINGS=1 shows them.
 */
const bundlerTimings = process.env.QLAB_BUILD_TIMINGS === '1';

/**
 * For vite-plugin-pwa's own build of the service worker, which reads none of this file: the
 * same bundlerTimings; and its rollup-era `output.inlineDynamicImports: true`, which rolldown
 * (Vite 8) deprecates, with a warning, for `codeSplitting: false` (the same single-file output,
 * asked for by its new name; vite-plugin-pwa 2.0.0 is the latest release).
 */
function serviceWorkerBuild(): Plugin {
  return {
    name: 'quantization-lab-sw-build',
    options(options) {
      return { ...options, checks: { ...options.checks, bundlerTimings } };
    },
    outputOptions(options) {
      if (options.inlineDynamicImports !== true) return null;
      const { inlineDynamicImports: _deprecated, ...rest } = options;
      return { ...rest, codeSplitting: false };
    },
  };
}

export default defineConfig(({ command }) => {
  // `npm start` passes --open; where no browser can be opened, say so instead of a stack trace.
  const noBrowser = command === 'serve' ? noBrowserReason(process.env, process.platform) : null;
  if (noBrowser !== null && process.env.BROWSER === undefined) {
    process.env.BROWSER = 'none';
    if (process.argv.includes('--open')) console.info(`No browser to open here (${noBrowser}); open the Local address below in yours.`);
  }
  return {
    plugins: [
      react(),
      modelsPlugin(),
      // The Content-Security-Policy of index.html, kernel.html and speaker.html (scripts/csp.ts).
      cspPlugin(),
      // The service worker (app/offline/sw.ts): precaches the whole build so the
      // app works offline after one visit, and adds the isolation headers for
      // hosts that cannot send them. Registered by app/offline/register.ts.
      VitePWA({
        strategies: 'injectManifest',
        srcDir: 'app/offline',
        filename: 'sw.ts',
        injectRegister: false,
        manifest: false,
        injectManifest: {
          // Everything the app needs: code, styles, lessons (bundled in JS), the
          // onnxruntime WebAssembly, KaTeX fonts (woff2 only: every browser with
          // service workers reads it), shipped models, sample images.
          globPatterns: ['**/*.{html,js,mjs,css,wasm,woff2,json,onnx,ort,bin,txt,png,svg}'],
          // Not the WebGPU runtime (onnxruntime-web's JSEP build: a 28 MB .wasm, its loader and
          // the ort.bundle chunk): optional, fetched on first WebGPU use; offline, WASM runs instead.
          globIgnores: ['**/*.map', 'sw.js', ...WEBGPU_RUNTIME],
          // The onnxruntime WebAssembly alone is ~14 MB.
          maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
          buildPlugins: { vite: [serviceWorkerBuild()] },
        },
        devOptions: { enabled: false },
      }),
    ],
    server: { headers: isolationHeaders },
    preview: { headers: isolationHeaders },
    optimizeDeps: { entries: DEV_ENTRIES },
    worker: { format: 'es', rolldownOptions: { checks: { bundlerTimings } } },
    build: {
      target: 'es2022',
      sourcemap: true,
      rolldownOptions: { input: { main: 'index.html', kernel: 'kernel.html', speaker: 'speaker.html' }, checks: { bundlerTimings } },
      // The entry chunk, assets/main-*.js (~880 kB, ~290 kB gzip), is the lesson page itself:
      // React DOM, KaTeX, markdown-it, yaml and the lessons, all needed before a lesson shows.
      // Its budget is the bench's "initial JS (entry chunks, gzip) < 350 KB" (bench/notebook.ts),
      // not Vite's generic 500 kB; everything else (editor, lab, onnxruntime-web) loads lazily.
      chunkSizeWarningLimit: 1000,
    },
  };
});
