// One weight before and after a format, for the histogram panel: bins of the float32 values,
// bins of what the runtime will compute with, the format's grid, and the error. Pure (runs in
// the worker and in Vitest), built on app/onnx's own encode/reconstruct so the plot shows
// exactly what the transform produces.
import { quantizeInt8 } from '../onnx/encode-weights.ts';
import { histogram, reconstructLayer } from '../onnx/metrics.ts';
import type { ModelProto } from '../onnx/onnx-proto.gen.ts';
import { type PlannedLayer, type TransformConfig, planTransform } from '../onnx/plan.ts';
import { float32Of } from '../onnx/tensor.ts';
import { quantError } from '../torch/quant/index.ts';
import type { HistogramReport } from './protocol.ts';

export function weightView(model: ModelProto, tensor: string, config: TransformConfig, bins = 96): HistogramReport {
  const layer = planTransform(model, config).find((l) => l.name === tensor);
  if (layer === undefined) throw new RangeError(`'${tensor}' is not a float32 weight of this model`);
  const data = float32Of(layer.ref.tensor);
  const after = reconstructLayer(layer, data);
  const before = histogram(data, bins);
  const e = quantError(data, after);
  const { grid, note } = gridOf(layer, data, before.min, before.max);
  return {
    tensor,
    shape: layer.shape,
    format: describe(layer),
    edges: before.edges,
    before: before.counts,
    after: binLike(after, before.min, before.max, bins),
    grid,
    gridNote: note,
    mse: e.mse,
    snrDb: e.snrDb,
    maxAbsError: e.maxAbsError,
  };
}

function describe(layer: PlannedLayer): string {
  const f = layer.format;
  if (f.kind === 'int8') return `int8 per-${f.granularity} ${f.symmetric ? 'symmetric' : 'affine'}`;
  if (f.kind === 'dynamic') return `dynamic int8 per-${f.granularity}`;
  return f.kind;
}

/** Counts over the same bins as the original, so the two plots line up (values past the ends go to the end bins). */
export function binLike(values: Float32Array, min: number, max: number, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins || 1;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    counts[Math.max(0, Math.min(bins - 1, Math.floor((v - min) / width)))]! += 1;
  }
  return counts;
}

/** The int8 levels inside [min, max]; per channel, the coarsest channel's (the one that loses most). */
function gridOf(layer: PlannedLayer, data: Float32Array, min: number, max: number): { grid: number[]; note: string } {
  const f = layer.format;
  if (f.kind === 'fp32') return { grid: [], note: 'this weight stays float32 in this variant' };
  if (f.kind === 'float16' || f.kind === 'bfloat16') {
    const bits = f.kind === 'float16' ? 10 : 7;
    return { grid: [], note: `${f.kind} keeps ${bits} mantissa bits: ${2 ** bits} levels per power of two, too dense to draw` };
  }
  const symmetric = f.kind === 'dynamic' ? true : f.symmetric;
  const w = quantizeInt8(data, layer.shape, { granularity: f.granularity, symmetric, axis: layer.axis });
  let c = 0;
  for (let k = 1; k < w.scales.length; k++) if (w.scales[k]! > w.scales[c]!) c = k;
  const scale = w.scales[c]!;
  const zp = w.zeroPoints[c] ?? 0;
  const grid: number[] = [];
  for (let q = -128; q <= 127; q++) {
    const v = (q - zp) * scale;
    if (v >= min - scale / 2 && v <= max + scale / 2) grid.push(v);
  }
  const which = w.scales.length > 1 ? `channel ${c} (the coarsest of ${w.scales.length})` : 'the tensor';
  return { grid, note: `int8 grid of ${which}: step ${scale.toPrecision(3)}, ${grid.length} of 256 levels inside the weights' range` };
}
