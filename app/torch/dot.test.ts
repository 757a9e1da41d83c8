import { describe, expect, it } from 'vitest';
import { decodeTensor, loadGolden, rawWords, type EncodedTensor } from './golden-io.ts';
import { torch } from './index.ts';
import { fmaf } from './avx-mathfun.ts';

interface DotGolden {
  first_five_f32: string;
  first_five_bf16: string;
  bfloat16_mode: string;
  torch_float32: EncodedTensor & { repr: string };
  torch_bfloat16: EncodedTensor & { repr: string };
  float32_sequential: { repr: string; bits: number };
  float64_exact: { repr: string; value: number };
  bfloat16_float32_accumulate: { repr: string };
}
const golden = loadGolden<DotGolden>('core_dot.json');

function chapterTensors(): { a: ReturnType<typeof torch.rand>; b: ReturnType<typeof torch.rand> } {
  torch.manual_seed(0);
  const a = torch.rand(1000, { dtype: torch.float32 });
  return { a, b: a.to({ dtype: torch.bfloat16 }) };
}

describe('torch.dot on the chapter example (manual_seed(0), rand(1000))', () => {
  it('prints the first five elements in float32 and bfloat16', () => {
    const { a, b } = chapterTensors();
    expect(String(a.slice(null, 5))).toBe(golden.first_five_f32);
    expect(String(b.slice(null, 5))).toBe(golden.first_five_bf16);
  });

  it('float32 accumulates sequentially in float32 by default: tensor(336.5886)', () => {
    const { a } = chapterTensors();
    const result = torch.dot(a, a);
    expect(String(result)).toBe('tensor(336.5886)');
    expect(rawWords(result)).toEqual([golden.float32_sequential.bits]);
  });

  it('accumulate: float64 rounds once, which is also what Debian torch 1.13 (OpenBLAS sdot) prints', () => {
    const { a } = chapterTensors();
    const result = torch.dot(a, a, { accumulate: torch.float64 });
    expect(String(result)).toBe(golden.float64_exact.repr);
    expect(String(result)).toBe(golden.torch_float32.repr);
    expect(rawWords(result)).toEqual(rawWords(decodeTensor(golden.torch_float32)));
  });

  it('bfloat16 accumulates in float32 and rounds once by default', () => {
    const { b } = chapterTensors();
    expect(String(torch.dot(b, b))).toBe(golden.bfloat16_float32_accumulate.repr);
  });

  it('accumulate: bfloat16 rounds after every step and sticks at 256, as torch 1.13 does', () => {
    const { b } = chapterTensors();
    expect(golden.bfloat16_mode).toBe('sequential-bfloat16');
    const result = torch.dot(b, b, { accumulate: torch.bfloat16 });
    expect(String(result)).toBe('tensor(256., dtype=torch.bfloat16)');
    expect(rawWords(result)).toEqual(rawWords(decodeTensor(golden.torch_bfloat16)));
  });

  it('fused (FMA) accumulation is available for comparison', () => {
    const { a } = chapterTensors();
    let acc = 0;
    for (const x of a.data as Float32Array) acc = fmaf(x, x, acc);
    expect(torch.dot(a, a, { fused: true }).item()).toBe(acc);
  });
});

describe('torch.dot errors', () => {
  it('names both shapes when sizes differ', () => {
    expect(() => torch.dot(torch.rand(3), torch.rand(4))).toThrow(
      'inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively',
    );
  });
  it('requires 1-D tensors', () => {
    expect(() => torch.dot(torch.rand(2, 2), torch.rand(4))).toThrow('1D tensors expected, but got 2D and 1D tensors');
  });
  it('requires equal dtypes', () => {
    expect(() => torch.dot(torch.rand(3), torch.rand(3, { dtype: torch.float64 }))).toThrow(
      'dot : expected both vectors to have same dtype, but found Float and Double',
    );
  });
  it('dots integer tensors with wrap-around in their dtype', () => {
    const a = torch.tensor([100, 100], { dtype: torch.int8 });
    expect(torch.dot(a, a).item()).toBe(32); // 20000 mod 256
  });
});
