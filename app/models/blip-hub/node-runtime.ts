// onnxruntime-node sessions for BlipHubModel (tests and the bench; never bundled for the
// browser). onnxruntime-node has no `externalData` option, so the weights go inline (views of
// the checkpoint that saveModel copies once into the protobuf).
import * as ortNode from 'onnxruntime-node';
import { saveModel } from '../../onnx/model.ts';
import type { BlipHubRuntime } from './blip-hub-sessions.ts';

export function nodeRuntime(options: { readonly threads?: number } = {}): BlipHubRuntime {
  return {
    ort: ortNode,
    placement: 'inline',
    createSession: (graph) => ortNode.InferenceSession.create(saveModel(graph.model), {
      intraOpNumThreads: options.threads ?? 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3,
      extra: { session: { disable_quant_qdq: '1' } },
    }),
  };
}
