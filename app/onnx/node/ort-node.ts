// onnxruntime-node helpers for tests and the Node bench (never bundled for the browser).
// One thread, sequential execution: the box is shared and numbers must be comparable.
import * as ort from 'onnxruntime-node';
import type { ModelProto } from '../onnx-proto.gen.ts';
import { saveModel } from '../model.ts';

export interface SessionOptions {
  /**
   * Let ORT constant-fold DequantizeLinear on weights at load time (session.disable_quant_qdq):
   * int8 storage, float32 compute with no per-run dequantization. Off by default in ORT because
   * it keeps Q/DQ pairs for its quantized kernels.
   */
  readonly foldDequantize?: boolean;
}

export async function createSession(model: ModelProto | Uint8Array, options: SessionOptions = {}): Promise<ort.InferenceSession> {
  const bytes = model instanceof Uint8Array ? model : saveModel(model);
  return ort.InferenceSession.create(bytes, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
    ...(options.foldDequantize ? { extra: { session: { disable_quant_qdq: '1' } } } : {}),
  });
}

export interface Output {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/** Runs with float32 inputs and returns the first (or named) float32 output. */
export async function runFloat(
  session: ort.InferenceSession,
  inputs: Readonly<Record<string, Output>>,
  outputName?: string,
): Promise<Output> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, v] of Object.entries(inputs)) feeds[name] = new ort.Tensor('float32', v.data, [...v.dims]);
  const results = await session.run(feeds);
  const out = results[outputName ?? session.outputNames[0] ?? ''];
  if (!out || !(out.data instanceof Float32Array))
    throw new Error(`output ${outputName ?? session.outputNames[0] ?? ''} is not a float32 tensor`);
  return { data: out.data, dims: out.dims };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`maxAbsDiff: lengths ${a.length} and ${b.length} differ`);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}
