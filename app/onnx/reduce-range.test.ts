// ONNX Runtime's reduce_range for the dynamic format (plan.ts, encode-weights.ts, transform.ts) and
// its option on OnnxModel.quantize_dynamic: weights in [-64, 64] with scale max|w| / 64 (per tensor and
// per channel), as quant_utils.py's get_qmin_qmax_for_qType(INT8, reduce_range=True) and
// compute_scale_zp(symmetric=True) give; q as ORT's quantize_nparray computes it (w / scale in float32,
// round half to even) — the numeric core multiplies by float32(1 / scale) instead (PyTorch's kernel),
// which gives the same q on these seeded weights; the ONNX graph (ORT) runs with them.
import { describe, expect, it } from 'vitest';
import { OnnxModel } from '../models/onnx-model.ts';
import { seededRandom } from '../shared/seeded-random.ts';
import { buildModel } from './build.ts';
import { makeNode } from './graph.ts';
import type { ModelProto } from './onnx-proto.gen.ts';
import { resolveFormat } from './plan.ts';
import { float32Of, float32Tensor, rawBytesOf } from './tensor.ts';
import { transformModel } from './transform.ts';

const K = 300;
const N = 70;

function matmul(seed: number): { model: ModelProto; w: Float32Array } {
  const random = seededRandom(seed);
  const w = Float32Array.from({ length: K * N }, () => (random() - 0.5) * (1 + Math.floor(random() * 4)));
  const model = buildModel({
    inputs: [{ name: 'x', shape: ['M', K] }],
    outputs: [{ name: 'y', shape: ['M', N] }],
    nodes: [makeNode('MatMul', ['x', 'W'], ['y'])],
    initializers: [float32Tensor('W', [K, N], w)],
  });
  return { model, w };
}

const init = (m: ModelProto, name: string): Uint8Array => rawBytesOf(m.graph!.initializer!.find((t) => t.name === name)!);
/** 2^52 + 2^51: rounds half to even, as numpy's round. */
const roundEven = (t: number): number => t + 6755399441055744 - 6755399441055744;

describe('reduce_range (ONNX Runtime quantize_dynamic)', () => {
  for (const granularity of ['tensor', 'channel'] as const)
    it.each([21, 22, 23])(
      `seed %i, per ${granularity}: q in [-64, 64], scale max|w| / 64 in float32, q = round_half_even(w / scale)`,
      (seed) => {
        const { model, w } = matmul(seed);
        const { model: q, layers } = transformModel(model, { byOp: { MatMul: { kind: 'dynamic', granularity, reduceRange: true } } });
        const values = new Int8Array(init(q, 'W_quantized').slice().buffer);
        const scales = float32Of(q.graph!.initializer!.find((t) => t.name === 'W_scale')!);
        expect(scales.length).toBe(granularity === 'channel' ? N : 1);
        for (let p = 0; p < scales.length; p++) {
          let maxAbs = 0;
          for (let k = 0; k < K; k++)
            for (let n = 0; n < N; n++) if (granularity === 'tensor' || n === p) maxAbs = Math.max(maxAbs, Math.abs(w[k * N + n]!));
          expect(scales[p]).toBe(Math.fround(maxAbs / 64));
        }
        let [maxQ, differ] = [0, 0];
        for (let i = 0; i < values.length; i++) {
          const s = scales[granularity === 'channel' ? i % N : 0]!;
          if (values[i] !== roundEven(Math.fround(w[i]! / s))) differ++;
          maxQ = Math.max(maxQ, Math.abs(values[i]!));
        }
        expect(maxQ).toBe(64);
        expect(differ).toBe(0);
        expect(layers.find((l) => l.name === 'W')?.detail).toBe(
          `dynamic MatMulInteger, ${granularity === 'channel' ? 'per channel (axis 1)' : 'per tensor'}, symmetric, reduce_range`,
        );
      },
    );

  it('without it the weights keep the full symmetric range [-127, 127]; a reduceRange that is not a boolean is refused', () => {
    const { model } = matmul(24);
    const q = transformModel(model, { byOp: { MatMul: 'dynamic' } }).model;
    expect(Math.max(...new Int8Array(init(q, 'W_quantized').slice().buffer).map(Math.abs))).toBe(127);
    expect(resolveFormat({ kind: 'dynamic', reduceRange: true })).toEqual({ kind: 'dynamic', granularity: 'tensor', reduceRange: true });
    expect(() => resolveFormat({ kind: 'dynamic', reduceRange: 1 as unknown as boolean })).toThrow(
      'dynamic format: reduceRange must be true or false, got 1',
    );
  });

  it('OnnxModel.quantize_dynamic({ reduce_range }) transforms with it, labels it, and refuses bad options by name', () => {
    const { model } = matmul(25);
    const task = { task: 'test', run: () => Promise.resolve(null) };
    const m = new OnnxModel({ manifest: { id: 't', name: 't', task: 'test', files: {} }, original: model, task });
    const reduced = m.quantize_dynamic({ op_types: ['MatMul'], reduce_range: true });
    expect(reduced.variant).toBe('dynamic int8 (MatMul, reduce_range)');
    expect(Math.max(...new Int8Array(init(reduced.proto, 'W_quantized').slice().buffer).map(Math.abs))).toBe(64);
    expect(m.quantize_dynamic().variant).toBe('dynamic int8 (MatMul, Conv)');
    expect(() => m.quantize_dynamic({ reduce_range: 'yes' } as unknown as { reduce_range: boolean })).toThrow(
      'quantize_dynamic(): reduce_range must be true or false, got "yes"',
    );
    expect(() => m.quantize_dynamic({ per_channel: true } as object)).toThrow("quantize_dynamic(): unknown option 'per_channel'");
  });
});
