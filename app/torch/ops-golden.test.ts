import { describe, expect, it } from 'vitest';
import { describeGolden, describeResult, label, loadCases, replay, type GoldenCase } from './ops-golden.ts';
import { Tensor } from './index.ts';

function check(c: GoldenCase): void {
  if (c.error !== undefined) {
    expect(() => replay(c)).toThrow(c.message);
    return;
  }
  const got = replay(c);
  const want = c.out!;
  if ('empty' in want) {
    expect(got).toBeInstanceOf(Tensor);
    expect({ dtype: (got as Tensor).dtype.name, shape: [...(got as Tensor).shape] }).toEqual(want.empty);
    return;
  }
  expect(describeResult(got)).toEqual(describeGolden(want));
}

for (const file of ['ops_binary.json', 'ops_unary.json', 'ops_shape.json', 'ops_index.json', 'ops_factory.json', 'ops_matmul.json']) {
  describe(`torch 1.13 goldens: ${file}`, () => {
    it.each(loadCases(file).map((c, i) => [`${label(c)} #${i}`, c] as const))('%s', (_l, c) => check(c));
  });
}
