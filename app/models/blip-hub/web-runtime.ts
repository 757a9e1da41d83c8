// onnxruntime-web sessions for BlipHubModel (the worker that runs cells). Weights are external
// data: the graph's initializers point into the checkpoint (a buffer, or the file itself read from
// its Blob: external-mount.ts) by offset, and onnxruntime-web copies each tensor straight into its
// heap while the session loads (no protobuf copy of the weights). The mapping is dropped once the
// session exists.
import { saveModel } from '../../onnx/model.ts';
import { wasmSession } from '../backend.ts';
import { loadOrt, SESSION_OPTIONS, type Ort, type OrtSessionOptions } from '../ort.ts';
import type { BlipHubRuntime } from './blip-hub-sessions.ts';
import { withExternalData } from './external-mount.ts';

export interface WebRuntimeOptions {
  readonly threads?: number;
  /** Options on top of SESSION_OPTIONS (the bench tries others). */
  readonly options?: OrtSessionOptions;
}

/**
 * Prepacking makes a packed copy of every Gemm weight inside the WASM heap; without it the heap
 * is ~270 MB smaller for blip-base and the vision graph no slower (onnxruntime-web's WASM in Node,
 * 1 thread: 19.2/17.9 s vs 19.5/20.9 s a run; see app/models/blip-hub/CONTEXT.md).
 */
const NO_PREPACK = { session: { ...SESSION_OPTIONS.extra.session, disable_prepacking: '1' } };

export async function webRuntime(options: WebRuntimeOptions = {}): Promise<BlipHubRuntime> {
  const ort: Ort = await loadOrt({ threads: options.threads, backend: 'wasm' });
  return {
    ort,
    placement: 'external',
    createSession: async (graph) => {
      const made = await withExternalData(graph.externalData, (externalData) =>
        wasmSession(saveModel(graph.model), { ...SESSION_OPTIONS, extra: NO_PREPACK, ...options.options, externalData }, options.threads),
      );
      return made.session;
    },
  };
}
