// What a PP-OCR text recognizer is, as far as running one goes: its signature (one float32
// input [N, 3, 48, W], one output [N, T, classes]), so another .onnx is refused with the reason
// before anything runs, and the layers measured to need float32.
import type { ModelSummary } from '../../onnx/inspect.ts';

/** Layers measured to need float32 (bench/NOTES-models.md: a keep-one-layer-in-fp32 search over the samples), by model id. */
const FP32_LAYERS: Readonly<Record<string, readonly string[]>> = { 'ppocr-rec': ['conv2d_162.w_0'] };

/** The layers of model `id` best kept in float32 (none known: empty). */
export const sensitiveLayers = (id: string): readonly string[] => FP32_LAYERS[id] ?? [];

const shapeText = (s: readonly (number | string)[]): string => `[${s.join(', ')}]`;

/** Why this model cannot run as the recognizer (with `classes` output classes), or null when it can. */
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
