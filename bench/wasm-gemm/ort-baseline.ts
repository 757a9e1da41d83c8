// The same-run baseline (runs in the page): onnxruntime-web's WebAssembly build, one thread, a
// one-node graph C = MatMul(A[M,K], B[K,N]) with B an initializer (as a Linear layer's weight).
// Timed around session.run, so it includes copying A into its heap and C out (≈ 1–3 % here).
// ortLinear: the same for app/wasm's Linear rows, a Gemm(transB = 1) with a bias, as nn.Linear exports.
import type * as OrtModule from 'onnxruntime-web';
import { buildModel } from '../../app/onnx/build.ts';
import { intAttr, makeNode } from '../../app/onnx/graph.ts';
import { saveModel } from '../../app/onnx/model.ts';
import { float32Tensor } from '../../app/onnx/tensor.ts';

type Ort = typeof OrtModule;

/** onnxruntime-web from node_modules, served by node-driver.ts under /ort/ (the app's own copy of it). */
export async function loadOrt(): Promise<Ort> {
  const url = '/ort/ort.wasm.min.mjs';
  const ort: Ort = await import(/* @vite-ignore */ url);
  ort.env.wasm.wasmPaths = '/ort/';
  ort.env.wasm.numThreads = 1;
  return ort;
}

export interface OrtMatmul {
  /** One session.run: its time and C. */
  run(): Promise<{ ms: number; C: Float32Array }>;
  release(): Promise<void>;
}

export async function ortMatmul(ort: Ort, A: Float32Array, B: Float32Array, M: number, K: number, N: number): Promise<OrtMatmul> {
  const model = buildModel({
    inputs: [{ name: 'A', shape: [M, K] }],
    outputs: [{ name: 'C', shape: [M, N] }],
    nodes: [makeNode('MatMul', ['A', 'B'], ['C'])],
    initializers: [float32Tensor('B', [K, N], B)],
    name: 'wasm_gemm_baseline',
  });
  const session = await ort.InferenceSession.create(saveModel(model), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  return {
    async run() {
      const feeds = { A: new ort.Tensor('float32', A, [M, K]) };
      const t0 = performance.now();
      const out = await session.run(feeds);
      const ms = performance.now() - t0;
      const C = out['C']?.data;
      if (!(C instanceof Float32Array)) throw new Error('onnxruntime-web MatMul gave no float32 output C');
      return { ms, C };
    },
    release: () => session.release(),
  };
}

export interface OrtLinear {
  /** One session.run on x [M, K]: its time and y [M, N]. */
  run(x: Float32Array, M: number): Promise<{ ms: number; y: Float32Array }>;
  release(): Promise<void>;
}

/** nn.Linear as an exporter writes it: y = Gemm(x [M, K], W [N, K], b [N], transB = 1), W and b initializers, M symbolic. */
export async function ortLinear(ort: Ort, W: Float32Array, b: Float32Array, K: number, N: number): Promise<OrtLinear> {
  const model = buildModel({
    inputs: [{ name: 'x', shape: ['M', K] }],
    outputs: [{ name: 'y', shape: ['M', N] }],
    nodes: [makeNode('Gemm', ['x', 'W', 'b'], ['y'], [intAttr('transB', 1)])],
    initializers: [float32Tensor('W', [N, K], W), float32Tensor('b', [N], b)],
    name: 'wasm_linear_baseline',
  });
  const session = await ort.InferenceSession.create(saveModel(model), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  return {
    async run(x, M) {
      const feeds = { x: new ort.Tensor('float32', x, [M, K]) };
      const t0 = performance.now();
      const out = await session.run(feeds);
      const ms = performance.now() - t0;
      const y = out['y']?.data;
      if (!(y instanceof Float32Array)) throw new Error('onnxruntime-web Gemm gave no float32 output y');
      return { ms, y };
    },
    release: () => session.release(),
  };
}
