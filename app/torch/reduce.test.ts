import { describe, it } from 'vitest';
import { checkCase, label, loadReduceGolden } from './reduce-goldens.ts';

// Against PyTorch 1.13, both as torch.X(t, kwargs) and t.X(kwargs): values (bit for bit; any
// NaN equals any NaN), dtype, shape and repr. The summation/product order is emulated
// (reduce-sum.ts, reduce-vec.ts); max/min/arg* are order-free apart from ties and NaN.
for (const file of ['reduce_sum.json', 'reduce_prod.json', 'reduce_amax.json', 'reduce_max.json', 'reduce_argmax.json']) {
  const golden = loadReduceGolden(file);
  describe(`${file} (torch 1.13 goldens)`, () => {
    it.each(golden.cases.map((c, i) => [label(golden, c, i), c] as const))('%s', (_l, c) => checkCase(golden, c));
  });
}
