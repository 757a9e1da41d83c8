import { describe, expect, it } from 'vitest';
import { decodeTensor } from './golden-io.ts';
import { torch, type Tensor } from './index.ts';
import { checkCase, expectTensorClose, jsKwargs, label, loadReduceGolden, type ReduceCase, type ReduceGolden } from './reduce-goldens.ts';

// sort (stable), topk, unique, histc, quantile against PyTorch 1.13: values, indices, dtype,
// shape and repr, bit for bit, both as torch.X(t, kwargs) and t.X(kwargs).
// One stated exception: topk of a line with equal values. torch 1.13 picks among ties by its
// partial-sort algorithm; we return them in index order. There the values must still match bit
// for bit and each index must point at its value (6 of 464 topk goldens).

const hasTies = (t: Tensor): boolean => new Set(Array.from(t.toFloat64())).size < t.numel();

function checkTopkWithTies(golden: ReduceGolden, c: ReduceCase): void {
  const input = decodeTensor(golden.inputs[c.input]!);
  const kwargs = jsKwargs(c.kwargs);
  const { values, indices } = torch.topk(input, kwargs);
  expectTensorClose(values, decodeTensor(c.values!));
  expect(indices.dtype).toBe(torch.int64);
  expect([...indices.shape]).toEqual(decodeTensor(c.indices!).shape);
  const dim = (kwargs.dim as number | undefined) ?? -1;
  const d = dim < 0 ? dim + input.dim() : dim;
  const inner = input.shape.slice(d + 1).reduce((a, b) => a * b, 1);
  const size = input.shape[d]!;
  const k = values.shape[d]!;
  const src = input.toFloat64();
  values.toFloat64().forEach((v, at) => {
    const i = at % inner;
    const o = Math.floor(at / (inner * k));
    expect(src[o * size * inner + Number(indices.data[at]) * inner + i]).toBe(v);
  });
}

const files: readonly (readonly [string, (fn: string) => boolean])[] = [
  ['reduce_sort.json', () => true],
  ['reduce_topk.json', () => true],
  ['reduce_cumsum.json', (fn) => fn === 'quantile'],
];
for (const [file, wanted] of files) {
  const golden = loadReduceGolden(file);
  const cases = golden.cases.filter((c) => wanted(c.fn));
  describe(`${file} (torch 1.13 goldens)`, () => {
    it.each(cases.map((c) => [label(golden, c, golden.cases.indexOf(c)), c] as const))('%s', (_l, c) => {
      if (c.fn === 'topk' && c.values && hasTies(decodeTensor(golden.inputs[c.input]!))) checkTopkWithTies(golden, c);
      else checkCase(golden, c);
    });
  });
}

describe('order functions refuse what they do not do', () => {
  it('topk(sorted=False), unique(sorted=False), unique(dim=)', () => {
    const t = torch.tensor([3, 1, 2]);
    expect(() => t.topk({ k: 2, sorted: false })).toThrow(/NotImplemented|not supported/);
    expect(() => torch.unique(t, { sorted: false })).toThrow(/not supported/);
    expect(() => torch.unique(t, { dim: 0 })).toThrow(/not supported/);
  });
});
