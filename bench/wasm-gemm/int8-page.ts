// The dynamic-int8 rows of `npm run bench wasm-gemm` (runs in the bench page, imported by page.ts):
// app/wasm's LinearDynamicInt8 with 8-bit weights and with reduce_range (the kernels 'auto' picks: i8-u8-fused with VNNI, else i8-dot16 / i8-shift-relaxed),
// app/wasm's LinearF32 (the float32 the app's BLIP moves onto) and onnxruntime-web's graph for the
// same Linear (app/onnx's dynamic transform of MatMul + Add: DynamicQuantizeLinear → MatMulInteger →
// Cast → Mul, + b), 8-bit and reduce_range, one thread, the whole call timed (x in, y out), in
// interleaved rounds. Checks (they throw): each LinearDynamicInt8's y is ort-web's bits for its graph.
import { buildModel } from '../../app/onnx/build.ts';
import { makeNode } from '../../app/onnx/graph.ts';
import { saveModel } from '../../app/onnx/model.ts';
import { float32Tensor } from '../../app/onnx/tensor.ts';
import { transformModel } from '../../app/onnx/transform.ts';
import { seededRandom } from '../../app/shared/seeded-random.ts';
import { GemmMemory } from '../../app/wasm/gemm-memory.ts';
import { LinearF32 } from '../../app/wasm/linear-f32.ts';
import { linearDynamicInt8 } from '../../app/models/linear-dynamic-int8.ts';
import { median } from './gemm.ts';
import { loadOrt } from './ort-baseline.ts';

export interface Int8BenchOptions {
  readonly shapes: readonly (readonly [M: number, K: number, N: number])[];
  readonly runs: number;
  readonly warmup: number;
}

/** Median ms per call, by what was timed: f32 (LinearF32), int8 / int8-rr (LinearDynamicInt8), ort-int8 / ort-int8-rr (ort-web's graphs). */
export interface Int8Result {
  readonly shape: string;
  readonly kernels: Readonly<Record<'f32' | 'int8' | 'int8-rr', string>>;
  readonly repeats: number;
  readonly ms: Readonly<Record<'f32' | 'int8' | 'int8-rr' | 'ort-int8' | 'ort-int8-rr', number>>;
  /** outputs whose bits differ from ort-web's (the check throws unless 0; kept for the report) */
  readonly mismatches: Readonly<Record<'int8' | 'int8-rr', number>>;
}

declare global {
  var wasmInt8Bench: ((options: Int8BenchOptions) => Promise<Int8Result[]>) | undefined;
}

const diffCount = (a: Float32Array, b: Float32Array): number => {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) n++;
  return n;
};

globalThis.wasmInt8Bench = async (options) => {
  const ort = await loadOrt();
  const memory = new GemmMemory();
  const results: Int8Result[] = [];
  for (const [M, K, N] of options.shapes) {
    const shape = `${M}x${K}x${N}`;
    const random = seededRandom(M * 7 + K * 13 + N + 2);
    // activations as a LayerNorm gives them, weights as a trained Linear's (small, both signs)
    const x = Float32Array.from({ length: M * K }, () => (random() * 2 - 1) * 3);
    const weight = Float32Array.from({ length: N * K }, () => (random() + random() + random() - 1.5) * 0.05);
    const bias = Float32Array.from({ length: N }, () => random() * 0.2 - 0.1);
    const spec = { name: `bench ${K}x${N}`, inFeatures: K, outFeatures: N, weight, bias };
    const f32 = new LinearF32(memory, spec);
    const int8 = linearDynamicInt8(memory, spec);
    const int8rr = linearDynamicInt8(memory, spec, { reduceRange: true });
    const wt = new Float32Array(K * N);
    for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) wt[k * N + n] = weight[n * K + k]!;
    const float = buildModel({
      inputs: [{ name: 'x', shape: ['M', K] }],
      outputs: [{ name: 'y', shape: ['M', N] }],
      nodes: [makeNode('MatMul', ['x', 'W'], ['xw']), makeNode('Add', ['xw', 'b'], ['y'])],
      initializers: [float32Tensor('W', [K, N], wt), float32Tensor('b', [N], bias)],
      name: 'wasm_int8_baseline',
    });
    const session = async (reduceRange: boolean) => {
      const graph = transformModel(float, { byOp: { MatMul: { kind: 'dynamic', reduceRange } } }).model;
      const s = await ort.InferenceSession.create(saveModel(graph), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
      return {
        run: async (): Promise<Float32Array> => {
          const y = (await s.run({ x: new ort.Tensor('float32', x, [M, K]) }))['y']?.data;
          if (!(y instanceof Float32Array)) throw new Error('onnxruntime-web gave no float32 y');
          return y;
        },
        release: () => s.release(),
      };
    };
    const [ort8, ortRr] = [await session(false), await session(true)];
    try {
      const out = new Float32Array(M * N);
      const mismatches = { int8: diffCount(int8.run(x), await ort8.run()), 'int8-rr': diffCount(int8rr.run(x), await ortRr.run()) };
      if (mismatches.int8 !== 0 || mismatches['int8-rr'] !== 0)
        throw new Error(
          `${shape}: LinearDynamicInt8's y differs from onnxruntime-web's in ${mismatches.int8} (8-bit) / ${mismatches['int8-rr']} (reduce_range) outputs`,
        );
      const t0 = performance.now();
      f32.run(x, out);
      const repeats = Math.max(1, Math.ceil(5 / Math.max(performance.now() - t0, 0.005)));
      const calls: Record<keyof Int8Result['ms'], () => unknown> = {
        f32: () => f32.run(x, out),
        int8: () => int8.run(x, out),
        'int8-rr': () => int8rr.run(x, out),
        'ort-int8': () => ort8.run(),
        'ort-int8-rr': () => ortRr.run(),
      };
      const times = Object.fromEntries(Object.keys(calls).map((k) => [k, [] as number[]])) as Record<keyof Int8Result['ms'], number[]>;
      for (let round = 0; round < options.warmup + options.runs; round++)
        for (const [name, call] of Object.entries(calls) as [keyof Int8Result['ms'], () => unknown][]) {
          const start = performance.now();
          for (let i = 0; i < repeats; i++) await call();
          if (round >= options.warmup) times[name].push((performance.now() - start) / repeats);
        }
      results.push({
        shape,
        kernels: { f32: f32.kernel, int8: int8.kernel, 'int8-rr': int8rr.kernel },
        repeats,
        ms: {
          f32: median(times.f32),
          int8: median(times.int8),
          'int8-rr': median(times['int8-rr']),
          'ort-int8': median(times['ort-int8']),
          'ort-int8-rr': median(times['ort-int8-rr']),
        },
        mismatches,
      });
    } finally {
      await ort8.release();
      await ortRr.release();
    }
  }
  return results;
};
