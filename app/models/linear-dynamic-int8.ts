// nn.Linear's float weight → app/wasm's exact dynamic-int8 Linear (runs in the calling thread): Wᵀ
// quantized by app/onnx's quantizeInt8 exactly as transformModel and BLIP's graph builder quantize a
// MatMul weight for the dynamic format (symmetric, channel axis 1, reduce_range or not), so the
// Linear computes the bits onnxruntime gives for that graph (app/wasm/linear-int8.test.ts). Here, not
// in app/wasm, because app/wasm imports only app/shared (the folder graph).
import { quantizeInt8 } from '../onnx/encode-weights.ts';
import type { GemmMemory } from '../wasm/gemm-memory.ts';
import type { LinearSpec } from '../wasm/linear-f32.ts';
import { LinearDynamicInt8, type DynamicInt8Options } from '../wasm/linear-int8.ts';

export interface DynamicLinearOptions extends DynamicInt8Options {
  /** ONNX Runtime's per_channel: 'channel' gives each output its own weight scale (default 'tensor', as ORT). */
  readonly granularity?: 'tensor' | 'channel';
}

export function linearDynamicInt8(memory: GemmMemory, spec: LinearSpec, options: DynamicLinearOptions = {}): LinearDynamicInt8 {
  const { inFeatures: K, outFeatures: N, weight } = spec;
  const label = `dynamic int8 Linear '${spec.name ?? `Linear(${K}, ${N})`}' (in_features ${K}, out_features ${N})`;
  if (!(Number.isInteger(K) && K >= 1 && Number.isInteger(N) && N >= 1))
    throw new Error(`${label}: in_features and out_features must be positive integers`);
  if (!(weight instanceof Float32Array) || weight.length !== N * K)
    throw new Error(`${label}: the weight must be a Float32Array of [out_features, in_features] = [${N}, ${K}] = ${N * K} elements (nn.Linear's layout)`);
  const granularity = options.granularity ?? 'tensor';
  if (granularity !== 'tensor' && granularity !== 'channel')
    throw new Error(`${label}: granularity must be 'tensor' or 'channel', got '${String(granularity)}'`);
  const wt = new Float32Array(K * N);
  for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) wt[k * N + n] = weight[n * K + k]!;
  const w = quantizeInt8(wt, [K, N], { granularity, symmetric: true, axis: 1, reduceRange: options.reduceRange ?? false });
  const { granularity: _, ...rest } = options;
  return new LinearDynamicInt8(memory, { ...(spec.name === undefined ? {} : { name: spec.name }), inFeatures: K, outFeatures: N, q: w.q, scales: w.scales, bias: spec.bias ?? null }, rest);
}
