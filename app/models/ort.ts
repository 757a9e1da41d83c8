// onnxruntime-web, loaded on first use and pointed at our own copies of its
// WebAssembly files (never a CDN). Threads need cross-origin isolation; on a
// 2-core machine 2 threads measured no faster than 1, so 1 is the default.
import type * as OrtModule from 'onnxruntime-web';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import mjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';

export type Ort = typeof OrtModule;

let loading: Promise<Ort> | null = null;

export interface OrtOptions {
  /** WebAssembly threads; clamped to 1 when the page is not cross-origin isolated. */
  readonly threads?: number;
}

export function loadOrt(options: OrtOptions = {}): Promise<Ort> {
  loading ??= import('onnxruntime-web/wasm').then((ort) => {
    ort.env.wasm.wasmPaths = { wasm: wasmUrl, mjs: mjsUrl };
    ort.env.wasm.proxy = false;
    return ort;
  });
  return loading.then((ort) => {
    const isolated = typeof crossOriginIsolated === 'boolean' && crossOriginIsolated;
    ort.env.wasm.numThreads = isolated ? Math.max(1, options.threads ?? 1) : 1;
    return ort;
  });
}

/** Whether WebAssembly threads can be used here (the status bar shows it). */
export const threadsAvailable = (): boolean => typeof crossOriginIsolated === 'boolean' && crossOriginIsolated && typeof SharedArrayBuffer === 'function';
