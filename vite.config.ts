import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
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

export default defineConfig({
  plugins: [
    react(),
    modelsPlugin(),
    // The Content-Security-Policy of index.html and kernel.html (scripts/csp.ts).
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
      },
      devOptions: { enabled: false },
    }),
  ],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    rollupOptions: { input: { main: 'index.html', kernel: 'kernel.html' } },
  },
});
