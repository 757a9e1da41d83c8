import { describe, expect, it } from 'vitest';
import { decodeTensor, loadGolden, type EncodedTensor } from './golden-io.ts';
import { torch } from './index.ts';

interface ReprCase extends EncodedTensor { name: string; repr: string; str: string }
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
