// onnxruntime-web sessions for BlipHubModel (the worker that runs cells). Weights are external
// data: the graph's initializers point into the checkpoint (a buffer, or the file itself read from
// its Blob: external-mount.ts) by offset, and onnxruntime-web copies each tensor straight into its
// heap while the session loads (no protobuf copy of the weights). The mapping is dropped once the
// session exists. The float32 vision encoder runs on app/wasm's kernels instead (`wasm`): one
// GemmMemory per model, and when cross-origin isolated a LinearPool of threads − 1 workers of
// app/wasm/linear-worker.ts plus this thread (nested workers of the kernel's or the lab's worker;
// Vite bundles the worker file from the `new URL` below: it is in vite.config.ts's DEV_ENTRIES).
import { saveModel } from '../../onnx/model.ts';
import { linearWorkerFrom } from '../../wasm/linear-pool.ts';
import { wasmSession } from '../backend.ts';
import { defaultThreads, loadOrt, SESSION_OPTIONS, threadsAvailable, type Ort, type OrtSessionOptions } from '../ort.ts';
import type { BlipHubRuntime } from './blip-hub-sessions.ts';
import { withExternalData } from './external-mount.ts';
import { wasmRuntime } from './wasm-engine.ts';

export interface WebRuntimeOptions {
  /** onnxruntime's threads and the WebAssembly encoder's (default app/models/ort.ts's defaultThreads()); 1 when not cross-origin isolated. */
  readonly threads?: number;
  /** Options on top of SESSION_OPTIONS (the bench tries others). */
  readonly options?: OrtSessionOptions;
}

const spawnLinearWorker = linearWorkerFrom(() => new Worker(new URL('../../wasm/linear-worker.ts', import.meta.url), { type: 'module' }));

/**
 * Prepacking makes a packed copy of every Gemm weight inside the WASM heap; without it the heap
 * is ~270 MB smaller for blip-base and the vision graph no slower (onnxruntime-web's WASM in Node,
 * 1 thread: 19.2/17.9 s vs 19.5/20.9 s a run; see app/models/blip-hub/CONTEXT.md).
 */
const NO_PREPACK = { session: { ...SESSION_OPTIONS.extra.session, disable_prepacking: '1' } };

export async function webRuntime(options: WebRuntimeOptions = {}): Promise<BlipHubRuntime> {
  const ort: Ort = await loadOrt({ threads: options.threads, backend: 'wasm' });
  // What loadOrt gives onnxruntime; the pool's workers share the memory, so they need isolation too.
  const threads = threadsAvailable() ? Math.max(1, options.threads ?? defaultThreads()) : 1;
  return {
    ort,
    placement: 'external',
    name: `onnxruntime-web × ${threads} thread${threads === 1 ? '' : 's'}`,
    wasm: wasmRuntime({ threads, spawn: threads > 1 ? spawnLinearWorker : null }),
    createSession: async (graph) => {
      const made = await withExternalData(graph.externalData, (externalData) =>
        wasmSession(saveModel(graph.model), { ...SESSION_OPTIONS, extra: NO_PREPACK, ...options.options, externalData }, options.threads),
      );
      return made.session;
    },
  };
}
