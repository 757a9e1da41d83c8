// What the lab shows about a loaded model, and whether it can run it: only models with the
// PP-OCR recognizer's signature (one float32 input [N, 3, 48, W], output [N, T, classes]).
import type { ModelSummary } from '../onnx/inspect.ts';
import type { ModelInfo } from './protocol.ts';
import { recommendedMix } from './variants.ts';

/** Layers measured to need float32 (app/onnx/CONTEXT.md: a keep-one-layer-in-fp32 search over the samples). */
const SENSITIVE: Readonly<Record<string, readonly string[]>> = { 'ppocr-rec': ['conv2d_162.w_0'] };

const shapeText = (s: readonly (number | string)[]): string => `[${s.join(', ')}]`;

export function ocrSignatureProblem(summary: ModelSummary, classes: number): string | null {
  const inputs = summary.inputs;
  const input = inputs[0];
  const output = summary.outputs[0];
  const describe = inputs.map((i) => `${i.name}: ${i.dtype} ${shapeText(i.shape)}`).join(', ') || 'none';
  const why = `only models with the OCR recognizer's signature run here (one float32 input [N, 3, 48, W] and an output [N, T, ${classes}]); this model's inputs are ${describe}`;
  if (inputs.length !== 1 || input === undefined || output === undefined) return why;
  const s = input.shape;
  if (input.dtype !== 'float32' || s.length !== 4 || s[1] !== 3 || s[2] !== 48) return why;
  const last = output.shape[2];
  if (output.shape.length !== 3 || (typeof last === 'number' && last !== classes)) return why;
  return null;
}

export function modelInfo(id: string, name: string, fileSize: number, summary: ModelSummary, notRunnable: string | null): ModelInfo {
  const weights = summary.weights
    .filter((w) => w.dtype === 'float32')
    .map((w) => ({ name: w.name, shape: w.shape, dtype: w.dtype, ops: w.usedBy }));
  const names = new Set(weights.map((w) => w.name));
  return {
    id, name, fileSize, footprint: summary.footprint, parameterCount: summary.parameterCount, nodeCount: summary.nodeCount,
    opsets: summary.opsets.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`),
    operators: summary.operators,
    inputs: summary.inputs.map((i) => `${i.name}: ${i.dtype} ${shapeText(i.shape)}`),
    outputs: summary.outputs.map((o) => `${o.name}: ${o.dtype} ${shapeText(o.shape)}`),
    weights, notRunnable,
    recommended: recommendedMix((SENSITIVE[id] ?? []).filter((l) => names.has(l))),
  };
}
