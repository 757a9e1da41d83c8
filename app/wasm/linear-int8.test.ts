// LinearDynamicInt8 in Node against what ONNX Runtime computes for the graph app/onnx builds for
// the same Linear (MatMul + Add, transformModel's dynamic format: DynamicQuantizeLinear →
// MatMulInteger → Cast → Mul, then the Add), bit for bit, on onnxruntime-web (1 thread: the runtime
// the app uses; exact integer arithmetic) and, for reduce_range weights, onnxruntime-node (whose
// AVX2 kernel saturates with 8-bit weights: seen here as errors of several units); against a plain JS reference of MatMulInteger; the weights
// against the graph's initializers. Node 20 validates relaxed SIMD only behind a flag, so these run
// the SIMD128 kernel (i8-dot16); the relaxed ones (i8-shift-relaxed, i8-shift-fused, i8-u8-fused) are tested in
// Chromium (tests/e2e/wasm-int8.spec.ts), on the same cases.
import * as ortWeb from 'onnxruntime-web/wasm';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../onnx/build.ts';
import { makeNode } from '../onnx/graph.ts';
import { saveModel } from '../onnx/model.ts';
import { createSession, runFloat } from '../onnx/node/ort-node.ts';
import type { ModelProto, TensorProto } from '../onnx/onnx-proto.gen.ts';
import { float32Of, float32Tensor, rawBytesOf } from '../onnx/tensor.ts';
import { transformModel } from '../onnx/transform.ts';
import { seededRandom } from '../shared/seeded-random.ts';
import { dynamicQParams, dynamicQuantizeLinear } from './dynamic-quantize.ts';
import { GemmMemory } from './gemm-memory.ts';
import { linearDynamicInt8 } from '../models/linear-dynamic-int8.ts';
import { chooseInt8Kernel } from './int8-kernel-choice.ts';
import { LinearDynamicInt8 } from './linear-int8.ts';
import type { RelaxedDotBehaviour } from './relaxed-dot-probe.ts';
import { INT8_CASES, int8CaseData, int8CaseName, type Int8Case } from './linear-int8-cases.ts';
import { dynamicInt8Reference } from './linear-int8-reference.ts';

/** The float model MatMul(x, Wᵀ) + b and app/onnx's dynamic transform of it (the weight named, so small ones are converted too). */
function dynamicGraph(c: Int8Case, weight: Float32Array, bias: Float32Array | null): ModelProto {
  const wt = new Float32Array(c.K * c.N);
  for (let n = 0; n < c.N; n++) for (let k = 0; k < c.K; k++) wt[k * c.N + n] = weight[n * c.K + k]!;
  const initializers: TensorProto[] = [float32Tensor('W', [c.K, c.N], wt)];
  if (bias) initializers.push(float32Tensor('b', [c.N], bias));
  const model = buildModel({
    inputs: [{ name: 'x', shape: [c.M, c.K] }],
    outputs: [{ name: 'y', shape: [c.M, c.N] }],
    nodes: bias ? [makeNode('MatMul', ['x', 'W'], ['xw']), makeNode('Add', ['xw', 'b'], ['y'])] : [makeNode('MatMul', ['x', 'W'], ['y'])],
    initializers,
    name: 'linear_dynamic',
  });
  return transformModel(model, { layers: { W: { kind: 'dynamic', granularity: c.granularity, reduceRange: c.reduceRange } } }).model;
}

const initializer = (m: ModelProto, name: string): TensorProto => {
  const t = m.graph?.initializer?.find((i) => i.name === name);
  if (!t) throw new Error(`no initializer ${name}`);
  return t;
};

async function ortWebRun(model: ModelProto, x: Float32Array, c: Int8Case): Promise<Float32Array> {
  ortWeb.env.wasm.numThreads = 1;
  ortWeb.env.wasm.wasmPaths = new URL('../../node_modules/onnxruntime-web/dist/', import.meta.url).href;
  const session = await ortWeb.InferenceSession.create(saveModel(model));
  const out = await session.run({ x: new ortWeb.Tensor('float32', x, [c.M, c.K]) });
  await session.release();
  const y = out['y']?.data;
  if (!(y instanceof Float32Array)) throw new Error('onnxruntime-web gave no float32 y');
  return y;
}

/** The largest |q| per 4096 values (one number per chunk keeps Math.max's arguments few). */
function maxAbs(q: Int8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < q.length; i += 4096) {
    let m = 0;
    for (let j = i; j < Math.min(q.length, i + 4096); j++) m = Math.max(m, Math.abs(q[j]!));
    out.push(m);
  }
  return out;
}

/** Indices and values of the first differences (Object.is: −0 and NaN count), for a readable failure. */
function firstDifferences(a: Float32Array | Int8Array, b: Float32Array | Int8Array): string[] {
  if (a.length !== b.length) return [`lengths ${a.length} and ${b.length}`];
  const out: string[] = [];
  for (let i = 0; i < a.length && out.length < 3; i++) if (!Object.is(a[i], b[i])) out.push(`${i}: ${a[i]} vs ${b[i]}`);
  return out;
}

describe('LinearDynamicInt8 (SIMD128 kernel i8-dot16) is ONNX Runtime bit for bit', () => {
  const memory = new GemmMemory();
  it.each(INT8_CASES.map((c) => [int8CaseName(c), c] as const))(
    '%s',
    async (_, c) => {
      const { x, spec } = int8CaseData(c);
      const linear = linearDynamicInt8(memory, spec, { granularity: c.granularity, reduceRange: c.reduceRange, kernel: 'i8-dot16' });
      expect(linear.kernel).toBe('i8-dot16');
      const y = linear.run(x);
      const model = dynamicGraph(c, spec.weight, spec.bias ?? null);
      // the weights in the memory are the graph's initializers
      const { q, scales } = linear.weights();
      expect(firstDifferences(q, new Int8Array(rawBytesOf(initializer(model, 'W_quantized')).slice().buffer))).toEqual([]);
      expect(scales).toEqual(float32Of(initializer(model, 'W_scale')));
      expect(Math.max(...maxAbs(q))).toBe(c.reduceRange ? 64 : 127); // ORT's range is reached, never left
      // MatMulInteger in plain JS, then the float steps
      expect(firstDifferences(y, dynamicInt8Reference(x, q, scales, spec.bias ?? null, c.M, c.K, c.N))).toEqual([]);
      const web = await ortWebRun(model, x, c);
      expect(firstDifferences(y, web)).toEqual([]);
      if (c.reduceRange) {
        // onnxruntime-node on x86 without VNNI (this machine: AVX2) multiplies u8 × s8 with pmaddubsw, whose
        // i16 pair sums saturate for 8-bit weights (2 · 255 · 127 > 32767): exact only with reduce_range
        const session = await createSession(model);
        const native = await runFloat(session, { x: { data: x, dims: [c.M, c.K] } });
        await session.release();
        expect(firstDifferences(y, native.data)).toEqual([]);
      }
      // again into a given buffer (scratch reused): the same bits
      const out = new Float32Array(c.M * c.N).fill(Number.NaN);
      expect(linear.run(x, out)).toBe(out);
      expect(firstDifferences(out, y)).toEqual([]);
    },
    120_000,
  );
});

describe('DynamicQuantizeLinear (dynamic-quantize.ts)', () => {
  it.each([11, 12, 13, 14, 15, 16])('seed %i: |dequantize(quantize(x)) − x| ≤ scale / 2, zero point and scale by the formulas', (seed) => {
    const random = seededRandom(seed);
    const lo = -random() * 10;
    const hi = random() * 10;
    const x = Float32Array.from({ length: 4099 }, () => lo + random() * (hi - lo));
    const { q, scale, zeroPoint } = dynamicQuantizeLinear(x);
    let [min, max] = [0, 0];
    for (const v of x) [min, max] = [Math.min(min, v), Math.max(max, v)];
    expect(scale).toBe(Math.fround(Math.fround(max - min) / 255));
    expect(zeroPoint).toBe(Math.round(Math.min(255, Math.max(0, -Math.fround(min / scale))))); // no exact halves here
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs((q[i]! - zeroPoint) * scale - x[i]!));
    // the float32 division x / scale rounds once more: half a unit of x_q at most, plus float32's rounding of it
    expect(worst).toBeLessThanOrEqual(scale * (0.5 + 2 ** -16));
    expect(worst).toBeGreaterThan(scale * 0.4); // the bound is reached, not loose
  });

  it('all-zero input: scale 1, zero point 0 (ONNX Runtime; the spec formula would divide by 0); halves round to even', () => {
    expect(dynamicQuantizeLinear(new Float32Array(9))).toEqual({ q: new Uint8Array(9), scale: 1, zeroPoint: 0 });
    // max 255 · 2^-3 and min 0: scale 2^-3 exactly, x / scale = 0.5, 1.5, 2.5 → 0, 2, 2
    expect(dynamicQuantizeLinear(Float32Array.of(0.0625, 0.1875, 0.3125, 31.875)).q).toEqual(Uint8Array.of(0, 2, 2, 255));
    // min −1, max 0: scale 1/255, zero point 255
    const negative = dynamicQParams(Float32Array.of(-1, -0.5), 'x');
    expect(negative).toEqual({ scale: Math.fround(1 / 255), zeroPoint: 255 });
  });

  it('a non-finite input is refused, naming where', () => {
    expect(() => dynamicQParams(Float32Array.of(1, Number.NaN), "Linear 'fc1'")).toThrow(
      "Linear 'fc1': the input has NaN at element 1; dynamic quantization needs finite values",
    );
    expect(() => dynamicQParams(Float32Array.of(-Infinity, 1), 'x')).toThrow(
      'x: the input has -Infinity; dynamic quantization needs finite values',
    );
  });
});

describe('LinearDynamicInt8: kernel choice and errors name the Linear and the shapes', () => {
  const memory = new GemmMemory();
  const weight = new Float32Array(6 * 4).fill(0.25);
  it('auto in Node 20 (no relaxed SIMD): i8-dot16 for both weight ranges; a relaxed kernel asked for says why', () => {
    const relaxed = memory.validates('i8-relaxed', { mr: 4, nr: 8 });
    expect(relaxed).toBe(false); // Node 20 validates relaxed SIMD only behind a flag
    const spec = { name: 'fc', inFeatures: 4, outFeatures: 6, weight };
    expect(linearDynamicInt8(memory, spec).kernel).toBe('i8-dot16');
    expect(linearDynamicInt8(memory, spec, { reduceRange: true }).kernel).toBe('i8-dot16');
    expect(() => linearDynamicInt8(memory, spec, { kernel: 'i8-shift-relaxed' })).toThrow(
      'kernel i8-shift-relaxed needs reduce_range weights ([-64, 64]): 8-bit weights do not fit its operands',
    );
    expect(() => linearDynamicInt8(memory, spec, { kernel: 'i8-shift-fused', reduceRange: true })).toThrow(
      "kernel i8-shift-fused was asked for, but this WebAssembly engine's relaxed_dot_i8x16_i7x16_add_s does not validate relaxed SIMD",
    );
    expect(() => linearDynamicInt8(memory, spec, { kernel: 'i8-u8-fused' })).toThrow(
      "kernel i8-u8-fused was asked for, but this WebAssembly engine's relaxed_dot_i8x16_i7x16_add_s does not validate relaxed SIMD: u8 activations would not multiply exactly",
    );
  });

  it('chooseInt8Kernel: i8-u8-fused only where relaxed_dot reads u8 × s8 exactly; the shift kernels only for reduce_range', () => {
    const auto = (behaviour: RelaxedDotBehaviour, reduceRange: boolean): string => chooseInt8Kernel(behaviour, reduceRange, 'auto');
    expect([false, true].map((r) => auto('u8s8', r))).toEqual(['i8-u8-fused', 'i8-u8-fused']);
    expect([false, true].map((r) => auto('pairs-saturate', r))).toEqual(['i8-dot16', 'i8-shift-relaxed']);
    expect([false, true].map((r) => auto('s8s8', r))).toEqual(['i8-dot16', 'i8-shift-fused']);
    expect([false, true].map((r) => auto('other', r))).toEqual(['i8-dot16', 'i8-shift-relaxed']);
    expect([false, true].map((r) => auto('none', r))).toEqual(['i8-dot16', 'i8-dot16']);
    for (const behaviour of ['pairs-saturate', 's8s8', 'other'] as const) {
      expect(chooseInt8Kernel(behaviour, true, 'i8-shift-fused')).toBe('i8-shift-fused');
      expect(chooseInt8Kernel(behaviour, true, 'i8-shift-relaxed')).toBe('i8-shift-relaxed');
      expect(() => chooseInt8Kernel(behaviour, false, 'i8-u8-fused')).toThrow(
        /^kernel i8-u8-fused was asked for, but this WebAssembly engine's relaxed_dot_i8x16_i7x16_add_s .+: u8 activations would not multiply exactly$/,
      );
    }
    expect(() => chooseInt8Kernel('pairs-saturate', true, 'i8-u8-fused')).toThrow(
      "kernel i8-u8-fused was asked for, but this WebAssembly engine's relaxed_dot_i8x16_i7x16_add_s sums pairs of products in int16 with saturation (x86 without VNNI): u8 activations would not multiply exactly",
    );
    expect(chooseInt8Kernel('u8s8', false, 'i8-dot16')).toBe('i8-dot16');
    expect(() => chooseInt8Kernel('u8s8', false, 'i8-shift-fused')).toThrow('kernel i8-shift-fused needs reduce_range weights');
  });

  it('a weight, bias, option or input of the wrong kind', () => {
    const label = "dynamic int8 Linear 'fc1' (in_features 4, out_features 6)";
    expect(() => linearDynamicInt8(memory, { name: 'fc1', inFeatures: 4, outFeatures: 6, weight: new Float32Array(23) })).toThrow(
      `${label}: the weight must be a Float32Array of [out_features, in_features] = [6, 4] = 24 elements (nn.Linear's layout)`,
    );
    // already quantized weights (the MatMul's [in, out]) are checked too
    const q = new Int8Array(24).fill(3);
    expect(
      () => new LinearDynamicInt8(memory, { name: 'fc1', inFeatures: 4, outFeatures: 6, q: q.subarray(1), scales: Float32Array.of(1) }),
    ).toThrow(
      `${label}: the quantized weight must be an Int8Array [in_features, out_features] = [4, 6] (the MatMul weight), got 23 values`,
    );
    expect(() => new LinearDynamicInt8(memory, { name: 'fc1', inFeatures: 4, outFeatures: 6, q, scales: new Float32Array(2) })).toThrow(
      `${label}: the weight scales must be a Float32Array of 1 (per tensor) or out_features = 6 (per channel) values`,
    );
    q[7] = 65;
    expect(
      () =>
        new LinearDynamicInt8(memory, { name: 'fc1', inFeatures: 4, outFeatures: 6, q, scales: Float32Array.of(1) }, { reduceRange: true }),
    ).toThrow(`${label}: weight value 65 at [1, 1] is outside [-64, 64] (symmetric int8, reduce_range)`);
    expect(new LinearDynamicInt8(memory, { name: 'fc1', inFeatures: 4, outFeatures: 6, q, scales: Float32Array.of(1) }).kernel).toBe(
      'i8-dot16',
    );
    expect(() => linearDynamicInt8(memory, { name: 'fc1', inFeatures: 4, outFeatures: 6, weight, bias: new Float32Array(4) })).toThrow(
      `${label}: the bias has 4 elements, not out_features = 6`,
    );
    expect(() => linearDynamicInt8(memory, { inFeatures: 0, outFeatures: 6, weight })).toThrow(
      "dynamic int8 Linear 'Linear(0, 6)' (in_features 0, out_features 6): in_features and out_features must be positive integers",
    );
    const spec = { name: 'fc1', inFeatures: 4, outFeatures: 6, weight };
    // @ts-expect-error: a granularity the format does not have
    expect(() => linearDynamicInt8(memory, spec, { granularity: 'group' })).toThrow(
      `${label}: granularity must be 'tensor' or 'channel', got 'group'`,
    );
    const linear = linearDynamicInt8(memory, spec);
    expect(linear.name).toBe('fc1');
    expect(() => linear.run(new Float32Array(10))).toThrow(
      `${label}: the input has 10 elements, not M × 4 for any M ≥ 1 ([M, in_features])`,
    );
    expect(() => linear.run(new Float32Array(8), new Float32Array(6))).toThrow(
      `${label}: the output buffer has 6 floats, not M × out_features = 2 × 6 Float32Array`,
    );
    expect(() => linear.run(Float32Array.of(0, 1, Number.NaN, 2))).toThrow(
      `${label}: the input has NaN at element 2; dynamic quantization needs finite values`,
    );
    // a failed run leaves the memory free for the next one
    expect(linear.run(new Float32Array(4))).toEqual(new Float32Array(6));
  });
});
