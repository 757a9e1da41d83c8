import { describe, it } from 'vitest';
import { checkCase, label, loadReduceGolden, type ReduceCase, type ReduceGolden } from './reduce-goldens.ts';

/**
 * Tolerances (ulps of the result's dtype), each observed on the goldens, all other cases bit-exact:
 * - var/std of float64 (Welford in double): 2 ulp. torch's compiled `m2 + delta * (x - mean)`
 *   is fused into an FMA by GCC; JS has no double FMA. float32/16-bit results round the double
 *   result once and match exactly.
 * - norm of float32/float64 with p = 2 / 'fro' / 3: 1 ulp. The x·x + acc contractions into FMAs
 *   in torch's binary depend on the code path (we fuse float32 lanes and sequential sums, which
 *   matches all but 4 float32 cases; float64 is never fused here).
 * - norm of float16 with p = 3: 1 ulp (powf in float vs our pow in double then rounded).
 */
function ulpsFor(golden: ReduceGolden, c: ReduceCase): number {
  const dtype = golden.inputs[c.input]!.dtype;
  if ((c.fn === 'var' || c.fn === 'std') && dtype === 'float64') return 2;
  if (c.fn === 'norm') {
    const p = c.kwargs.p;
    if ((dtype === 'float32' || dtype === 'float64') && (p === 2 || p === 'fro' || p === 3)) return 1;
    if (dtype === 'float16' && p === 3) return 1;
  }
  return 0;
}

// std/var, norm, cumsum against PyTorch 1.13 (values, dtype, shape, repr), both call forms.
for (const file of ['reduce_var.json', 'reduce_norm.json', 'reduce_cumsum.json']) {
  const golden = loadReduceGolden(file);
  const cases = golden.cases.filter((c) => c.fn !== 'quantile');
  describe(`${file} (torch 1.13 goldens)`, () => {
    it.each(cases.map((c) => [label(golden, c, golden.cases.indexOf(c)), c] as const))('%s', (_l, c) => {
      const ulps = ulpsFor(golden, c);
      checkCase(golden, c, ulps, ulps === 0);
    });
  });
}
