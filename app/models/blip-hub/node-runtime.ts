// onnxruntime-node sessions for BlipHubModel (tests and the bench; never bundled for the
// browser). onnxruntime-node has no `externalData` option, so the weights go inline (views of
// the checkpoint that saveModel copies once into the protobuf). `wasm: true` offers app/wasm's
// kernels too (Node 20 validates SIMD128, not relaxed SIMD: 'wasm-simd128', one thread, no pool),
// so the float32 vision encoder runs on them ('auto') as in the browser; off by default, so the
// tests and the native bench that compare against onnxruntime stay on it.
import * as ortNode from 'onnxruntime-node';
import { saveModel } from '../../onnx/model.ts';
import type { BlipHubRuntime } from './blip-hub-sessions.ts';
import { wasmRuntime } from './wasm-engine.ts';

export interface NodeRuntimeOptions {
  /** onnxruntime-node's intra-op threads (default 1) */
  readonly threads?: number;
  /** app/wasm's kernels for the float32 vision encoder, in this thread (default false) */
  readonly wasm?: boolean;
}

export function nodeRuntime(options: NodeRuntimeOptions = {}): BlipHubRuntime {
  const threads = options.threads ?? 1;
  return {
    ort: ortNode,
    placement: 'inline',
    name: `onnxruntime-node × ${threads} thread${threads === 1 ? '' : 's'}`,
    ...(options.wasm === true ? { wasm: wasmRuntime({ threads: 1, spawn: null }) } : {}),
    createSession: (graph) => ortNode.InferenceSession.create(saveModel(graph.model), {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3,
      extra: { session: { disable_quant_qdq: '1' } },
    }),
  };
}
