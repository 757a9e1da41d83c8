// What the lab shows about a loaded model (summary, weights, the recommended mix); whether it
// can run is app/models/ocr/recognizer.ts's ocrSignatureProblem.
import type { ModelSummary } from '../onnx/inspect.ts';
import type { ModelInfo } from './protocol.ts';
import { recommendedMix } from './variants.ts';
import { sensitiveLayers } from '../models/ocr/recognizer.ts';

const shapeText = (s: readonly (number | string)[]): string => `[${s.join(', ')}]`;

export function modelInfo(id: string, name: string, fileSize: number, summary: ModelSummary, notRunnable: string | null): ModelInfo {
  const weights = summary.weights
    .filter((w) => w.dtype === 'float32')
    .map((w) => ({ name: w.name, shape: w.shape, dtype: w.dtype, ops: w.usedBy }));
  const names = new Set(weights.map((w) => w.name));
  return {
    id,
    name,
    fileSize,
    footprint: summary.footprint,
    parameterCount: summary.parameterCount,
    nodeCount: summary.nodeCount,
    opsets: summary.opsets.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`),
    operators: summary.operators,
    inputs: summary.inputs.map((i) => `${i.name}: ${i.dtype} ${shapeText(i.shape)}`),
    outputs: summary.outputs.map((o) => `${o.name}: ${o.dtype} ${shapeText(o.shape)}`),
    weights,
    notRunnable,
    recommended: recommendedMix(sensitiveLayers(id).filter((l) => names.has(l))),
  };
}
