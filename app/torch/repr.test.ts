import { describe, expect, it, vi } from 'vitest';
import { decodeTensor, loadGolden, type EncodedTensor } from './golden-io.ts';
import { torch } from './index.ts';

interface ReprCase extends EncodedTensor {
  name: string;
  repr: string;
  str: string;
}
const { cases } = loadGolden<{ cases: ReprCase[] }>('core_repr.json');

describe('Tensor.toString matches PyTorch repr (core_repr.json)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(String(decodeTensor(c))).toBe(c.repr);
  });
});

describe('Tensor.toString examples from the chapter', () => {
  it('prints rand(5) after manual_seed(0)', () => {
    torch.manual_seed(0);
    expect(String(torch.rand(5))).toBe('tensor([0.4963, 0.7682, 0.0885, 0.1320, 0.3074])');
  });
  it('prints a bfloat16 scalar in int mode with the dtype suffix', () => {
    expect(String(torch.tensor(256, { dtype: torch.bfloat16 }))).toBe('tensor(256., dtype=torch.bfloat16)');
  });
});

describe('a summarised repr reads only the elements it prints', () => {
  it('prints a 2,000,000-element tensor as PyTorch 1.13 does, reading 6 elements twice at most', () => {
    const t = torch.arange(2_000_000);
    const read = vi.spyOn(t, 'flatItem');
    // Expected text: printed by PyTorch 1.13 for torch.arange(2000000).
    expect(String(t)).toBe('tensor([      0,       1,       2,  ..., 1999997, 1999998, 1999999])');
    expect(read.mock.calls.length).toBeLessThanOrEqual(12);
  });

  it('prints a 2000×2000 float tensor as PyTorch does, reading only its 36 corner elements (twice)', () => {
    const t = torch.arange(4_000_000, { dtype: torch.float32 }).reshape(2000, 2000).div(7);
    const read = vi.spyOn(t, 'flatItem');
    const rows = (a: string, b: string, c: string, d: string, e: string, f: string): string =>
      `[${a}, ${b}, ${c},  ..., ${d}, ${e},\n         ${f}]`;
    // Expected text: printed by PyTorch 1.13 for (torch.arange(4000000, dtype=torch.float32).reshape(2000, 2000) / 7).
    expect(String(t)).toBe(
      `tensor([${rows('0.0000e+00', '1.4286e-01', '2.8571e-01', '2.8529e+02', '2.8543e+02', '2.8557e+02')},\n` +
        `        ${rows('2.8571e+02', '2.8586e+02', '2.8600e+02', '5.7100e+02', '5.7114e+02', '5.7129e+02')},\n` +
        `        ${rows('5.7143e+02', '5.7157e+02', '5.7171e+02', '8.5671e+02', '8.5686e+02', '8.5700e+02')},\n` +
        '        ...,\n' +
        `        ${rows('5.7057e+05', '5.7057e+05', '5.7057e+05', '5.7086e+05', '5.7086e+05', '5.7086e+05')},\n` +
        `        ${rows('5.7086e+05', '5.7086e+05', '5.7086e+05', '5.7114e+05', '5.7114e+05', '5.7114e+05')},\n` +
        `        ${rows('5.7114e+05', '5.7114e+05', '5.7114e+05', '5.7143e+05', '5.7143e+05', '5.7143e+05')}])`,
    );
    expect(read.mock.calls.length).toBeLessThanOrEqual(72);
  });
});
