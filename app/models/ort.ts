// onnxruntime-web, loaded on first use and pointed at our own copies of its
// WebAssembly files (never a CDN). Two builds, each loaded only when asked for:
// - 'wasm': the plain CPU build (14 MB, precached for offline use);
// - 'webgpu': the JSEP build (WebGPU kernels, and the same CPU kernels for nodes WebGPU
//   lacks; 28 MB, fetched on first use and not precached: see vite.config.ts).
// They are separate module instances: a session must be fed Tensors of its own module.
// Threads need cross-origin isolation; when the page has it, every core up to 4 is used
// (`npm run bench models` on a quiet 2-core machine: 2 threads ran the OCR model 1.9x faster
// than 1; an earlier "no faster" was measured while another job held the second core).
import type * as OrtModule from 'onnxruntime-web';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import mjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import jsepWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import jsepMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.mjs?url';

export type Ort = typeof OrtModule;
export type OrtSessionOptions = OrtModule.InferenceSession.SessionOptions;

/** Where a session runs: onnxruntime-web's WebAssembly CPU kernels, or WebGPU. */
export type Backend = 'wasm' | 'webgpu';
/** What a student asks for: 'auto' is WebGPU when the browser gives an adapter, else WASM. */
export type BackendChoice = Backend | 'auto';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'wasm', 'webgpu'];
export const isBackendChoice = (s: unknown): s is BackendChoice => BACKEND_CHOICES.some((c) => c === s);

/**
 * The session options every model here uses (cells, the lab, the lab's bench). 'all' is the
 * highest graph optimisation level; onnxruntime's defaults for the rest. Lower levels, memory
 * pattern or arena off and parallel execution measured within noise of these in the browser
 * (`npm run bench models`, its "fp32 like for like" rows).
 */
export const SESSION_OPTIONS = {
  graphOptimizationLevel: 'all',
  // Fold weight DequantizeLinear at load: int8 storage, float32 compute (see app/onnx/CONTEXT.md).
  extra: { session: { disable_quant_qdq: '1' } },
} as const satisfies OrtSessionOptions;

export interface OrtOptions {
  /** WebAssembly threads (default `defaultThreads()`); clamped to 1 when the page is not cross-origin isolated. */
  readonly threads?: number | undefined;
  readonly backend?: Backend;
}

const loading = new Map<Backend, Promise<Ort>>();

function start(backend: Backend): Promise<Ort> {
  // Two literal import() calls so Vite makes each build its own lazy chunk.
  const module = backend === 'webgpu' ? import('onnxruntime-web') : import('onnxruntime-web/wasm');
  return module.then((ort) => {
    ort.env.wasm.wasmPaths = backend === 'webgpu' ? { wasm: jsepWasmUrl, mjs: jsepMjsUrl } : { wasm: wasmUrl, mjs: mjsUrl };
    ort.env.wasm.proxy = false;
    return ort;
  });
}

export function loadOrt(options: OrtOptions = {}): Promise<Ort> {
  const backend = options.backend ?? 'wasm';
  let pending = loading.get(backend);
  if (pending === undefined) {
    pending = start(backend);
    loading.set(backend, pending);
    // A failed download (offline: the WebGPU build is not precached) may succeed next time.
    pending.catch(() => loading.delete(backend));
  }
  return pending.then((ort) => {
    // Read by onnxruntime once, when its WebAssembly starts (the first session of that build).
    ort.env.wasm.numThreads = threadsAvailable() ? Math.max(1, options.threads ?? defaultThreads()) : 1;
    return ort;
  });
}

/** Whether WebAssembly threads can be used here (the status bar shows it). */
export const threadsAvailable = (): boolean => typeof crossOriginIsolated === 'boolean' && crossOriginIsolated && typeof SharedArrayBuffer === 'function';

/** All cores up to 4 when threads are possible (onnxruntime's own cap: small convolutions gain little past it), else 1. */
export function defaultThreads(): number {
  const cores = typeof navigator === 'object' ? navigator.hardwareConcurrency : 1;
  return threadsAvailable() ? Math.max(1, Math.min(4, cores || 1)) : 1;
}
