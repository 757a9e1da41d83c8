// 2- to 8-bit targets against PyTorch: torch.fake_quantize_per_tensor_affine takes any
// quant_min/quant_max, so it is the golden for the course's narrower targets
// (scripts/goldens/torch_quant.py, nbit_goldens).
import { describe, expect, it } from 'vitest';
import { dequantizeArray, paramLayout, qrange, quantizeArray, toQuantTarget, type AffineParams } from './index.ts';
import { QUANT_BITS, quantTarget } from './targets.ts';
import { decode, loadGolden, type GoldenNumber } from './testing.ts';

interface NbitCase {
  readonly name: string;
  readonly target: string;
  readonly data: readonly GoldenNumber[];
  readonly shape: readonly number[];
  readonly scale: number;
  readonly zero_point: number;
  readonly int_repr: readonly number[];
  readonly dequantize: readonly GoldenNumber[];
}

const golden = loadGolden<NbitCase>('nbit');

describe('qrange', () => {
  it('gives 2^bits levels for every width from 2 to 8, signed and unsigned', () => {
    for (const bits of QUANT_BITS) {
      expect(qrange(quantTarget(bits, true))).toEqual({ qmin: -(2 ** (bits - 1)), qmax: 2 ** (bits - 1) - 1 });
      expect(qrange(quantTarget(bits, false))).toEqual({ qmin: 0, qmax: 2 ** bits - 1 });
    }
    expect(qrange('int3')).toEqual({ qmin: -4, qmax: 3 });
    expect(qrange('uint2')).toEqual({ qmin: 0, qmax: 3 });
  });

  it('toQuantTarget refuses widths the core does not have, naming the value', () => {
    expect(toQuantTarget('uint5')).toBe('uint5');
    expect(() => toQuantTarget('int1')).toThrow("got 'int1'");
    expect(() => toQuantTarget('int9')).toThrow("got 'int9'");
    expect(() => toQuantTarget('int16')).toThrow('int2 … int8 or uint2 … uint8');
  });
});

describe('quantizeArray / dequantizeArray on 2- to 8-bit targets (torch.fake_quantize_per_tensor_affine)', () => {
  it(`covers every width, both signs (${golden.cases.length} cases, torch ${golden.torch})`, () => {
    expect(new Set(golden.cases.map((c) => c.target)).size).toBe(14);
  });
  for (const c of golden.cases) {
    it(c.name, () => {
      const target = toQuantTarget(c.target);
      const params: AffineParams = { target, layout: paramLayout(c.shape), scales: [c.scale], zeroPoints: [c.zero_point] };
      const data = Float32Array.from(c.data.map(decode));
      const q = quantizeArray(data, params);
      expect(Array.from(q)).toEqual(c.int_repr);
      expect(Array.from(dequantizeArray(q, params))).toEqual(c.dequantize.map(decode));
    });
  }
});
