// Per-layer error of a weight format, computed with the numeric core on the values the runtime
// will reconstruct (float16/bfloat16 round trip, or int8 dequantized exactly as DequantizeLinear
// does), plus histogram bins of the original weights for the lab's plots.
import { quantError } from '../torch/quant/index.ts';
import { decodeHalf, dequantizeInt8, encodeHalf, quantizeInt8 } from './encode-weights.ts';
import type { ModelProto } from './onnx-proto.gen.ts';
import { type LayerLabel, type PlannedLayer, type TransformConfig, planTransform } from './plan.ts';
import { float32Of } from './tensor.ts';

export interface LayerError extends LayerLabel {
  readonly mse: number;
  readonly snrDb: number;
  readonly maxAbsError: number;
}

export interface Histogram {
  readonly min: number;
  readonly max: number;
  /** bins + 1 edges, evenly spaced from min to max. */
  readonly edges: readonly number[];
  readonly counts: readonly number[];
}

/** The float32 values a runtime computes with after the layer's planned encoding. */
export function reconstructLayer(layer: PlannedLayer, data: Float32Array = float32Of(layer.ref.tensor)): Float32Array {
  const f = layer.format;
  if (f.kind === 'fp32') return data;
  if (f.kind === 'float16' || f.kind === 'bfloat16') return decodeHalf(encodeHalf(data, f.kind), f.kind);
  const symmetric = f.kind === 'dynamic' ? true : f.symmetric;
  return dequantizeInt8(quantizeInt8(data, layer.shape, { granularity: f.granularity, symmetric, axis: layer.axis }));
}

/** Error of every float32 weight under `config` (layers kept in float32 report zero error). */
export function layerErrors(model: ModelProto, config: TransformConfig): LayerError[] {
  return planTransform(model, config).map((layer) => {
    const data = float32Of(layer.ref.tensor);
    const e = quantError(data, reconstructLayer(layer, data));
    return {
      name: layer.name,
      ops: layer.ops,
      shape: layer.shape,
      format: layer.format.kind,
      mse: e.mse,
      snrDb: e.snrDb,
      maxAbsError: e.maxAbsError,
    };
  });
}

export function histogram(values: ArrayLike<number>, bins = 64): Histogram {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`histogram: bins must be a positive integer, got ${bins}`);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (values.length === 0 || !Number.isFinite(min) || !Number.isFinite(max)) {
    return { min: 0, max: 0, edges: Array.from({ length: bins + 1 }, () => 0), counts: Array.from({ length: bins }, () => 0) };
  }
  const width = (max - min) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    counts[Math.min(bins - 1, Math.floor((v - min) / width))]! += 1;
  }
  return { min, max, edges: Array.from({ length: bins + 1 }, (_, k) => min + k * width), counts };
}

/** Histogram of one weight by name. */
export function weightHistogram(model: ModelProto, name: string, bins = 64): Histogram {
  const layer = planTransform(model, { layers: { [name]: 'fp32' } }).find((l) => l.name === name);
  if (!layer) throw new RangeError(`weightHistogram: '${name}' is not a float32 weight`);
  return histogram(float32Of(layer.ref.tensor), bins);
}
