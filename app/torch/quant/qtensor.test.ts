import { describe, expect, it } from 'vitest';
import { float32, float64, int8, qint8, quint8 } from '../dtype.ts';
import { tensor } from '../factory.ts';
import { Tensor } from '../tensor.ts';
import { quantize_per_channel, quantize_per_tensor } from './quantize.ts';
import { decode, loadGolden, type QuantizeGoldenCase } from './testing.ts';

interface Case extends QuantizeGoldenCase {
  readonly repr?: string;
}

function quantizeCase(c: Case) {
  const x = new Tensor(Float32Array.from(c.data.map(decode)), c.shape, float32);
  const dtype = c.dtype === 'qint8' ? qint8 : quint8;
  return c.kind === 'per_tensor'
    ? quantize_per_tensor(x, c.scale!, c.zero_point!, dtype)
    : quantize_per_channel(x, c.scales!, c.zero_points!, c.axis!, dtype);
}

describe('torch.quantize_per_tensor / quantize_per_channel against torch', () => {
  for (const c of loadGolden<Case>('quantize').cases) {
    it(`${c.kind} ${c.dtype} ${c.name}: int_repr() and dequantize()`, () => {
      const q = quantizeCase(c);
      expect(Array.from(q.int_repr().data)).toEqual(c.int_repr);
      expect(Array.from(q.dequantize().data)).toEqual(c.dequantize!.map(decode));
      expect(q.shape).toEqual(c.shape);
    });
  }

  for (const c of loadGolden<Case>('repr').cases) {
    it(`repr of ${c.kind} ${c.dtype} ${c.name} matches PyTorch`, () => {
      expect(String(quantizeCase(c))).toBe(c.repr);
    });
  }
});

describe('with tensors from torch.tensor', () => {
  it('prints the chapter example like PyTorch', () => {
    const q = quantize_per_tensor(tensor([-1, 0, 1]), 0.1, 0, qint8);
    expect(String(q)).toBe(
      'tensor([-1.,  0.,  1.], size=(3,), dtype=torch.qint8,\n       quantization_scheme=torch.per_tensor_affine, scale=0.1, zero_point=0)',
    );
    expect(String(q.int_repr())).toBe('tensor([-10,   0,  10], dtype=torch.int8)');
  });
});

describe('QTensor accessors', () => {
  const x = new Tensor(Float32Array.from([0.1, 0.2, 0.3, 1, 2, 3]), [2, 3], float32);

  it('per tensor: q_scale, q_zero_point, dtype, int_repr dtype', () => {
    const q = quantize_per_tensor(x, 0.1, 3, quint8);
    expect([q.q_scale(), q.q_zero_point(), q.dtype, String(q.qscheme())]).toEqual([0.1, 3, quint8, 'torch.per_tensor_affine']);
    expect(q.int_repr().dtype.name).toBe('uint8');
    expect(q.dequantize().dtype).toBe(float32);
    expect(() => q.q_per_channel_scales()).toThrow(/needs a per-channel quantized tensor/);
  });

  it('per channel: scales as float64, zero points as int64, axis', () => {
    const q = quantize_per_channel(x, new Tensor(Float32Array.from([0.1, 0.2]), [2], float32), [0n, 1n], 0, qint8);
    expect(q.q_per_channel_scales().dtype).toBe(float64);
    expect(Array.from(q.q_per_channel_scales().data)).toEqual([Math.fround(0.1), Math.fround(0.2)]);
    expect(Array.from(q.q_per_channel_zero_points().data)).toEqual([0n, 1n]);
    expect(q.q_per_channel_axis()).toBe(0);
    expect(String(q.qscheme())).toBe('torch.per_channel_affine');
    expect(() => q.q_scale()).toThrow(/needs a per-tensor quantized tensor, but this one is torch.per_channel_affine/);
  });

  it('accepts one-element tensors for scale and zero point (observer output)', () => {
    const q = quantize_per_tensor(x, new Tensor(Float32Array.from([0.5]), [1], float32), new Tensor(Int8Array.from([2]), [1], int8), qint8);
    expect([q.q_scale(), q.q_zero_point()]).toEqual([0.5, 2]);
  });
});

describe('quantize argument errors', () => {
  const x = new Tensor(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3], float32);

  it('refuses scale <= 0 and NaN', () => {
    expect(() => quantize_per_tensor(x, 0, 0, qint8)).toThrow(/scale must be a positive finite number, got 0/);
    expect(() => quantize_per_tensor(x, NaN, 0, qint8)).toThrow(/scale is NaN/);
    expect(() => quantize_per_channel(x, [0.1, -1], [0, 0], 0, qint8)).toThrow(/scale 1\): scale must be a positive finite number, got -1/);
  });

  it('refuses non-float32 input and non-quantized dtypes', () => {
    const d = new Tensor(Float64Array.from([1]), [1], float64);
    expect(() => quantize_per_tensor(d, 0.1, 0, qint8)).toThrow(/Quantize only works on Float Tensor \(torch.float32\), got torch.float64/);
    expect(() => quantize_per_tensor(x, 0.1, 0, int8)).toThrow(/dtype must be torch.qint8 or torch.quint8, got torch.int8/);
  });

  it('refuses zero points out of range', () => {
    expect(() => quantize_per_tensor(x, 0.1, 128, qint8)).toThrow(/zero_point 128 is above upper bound 127/);
    expect(() => quantize_per_channel(x, [0.1, 0.1], [0, 300], 0, quint8)).toThrow(/zero_point 300 is above upper bound 255/);
  });

  it('names the shapes on axis and length mismatches', () => {
    expect(() => quantize_per_channel(x, [0.1, 0.2], [0, 0], 2, qint8)).toThrow(/Got: 2 Expected: \[0, 2\) for input of shape \[2, 3\]/);
    expect(() => quantize_per_channel(x, [0.1, 0.2], [0, 0], -1, qint8)).toThrow(/Got: -1/);
    expect(() => quantize_per_channel(x, [0.1, 0.2, 0.3], [0, 0, 0], 0, qint8)).toThrow(
      /length of scales \(3\) and zero_points \(3\) must equal the number of channels, size 2 of dimension 0 of input shape \[2, 3\]/,
    );
  });
});
