/**
 * Seeded property tests of the reductions against a plain float64 reference: random shapes up
 * to 4 dims, random dims (one or several, negative too), keepdim both ways. The seed is in each
 * test name so a failure can be replayed.
 */
import { describe, expect, it } from 'vitest';
import { MT19937 } from './mt19937.ts';
import { torch, type Tensor } from './index.ts';
import { formatResult } from '../kernel/runtime/format-value.ts';

class Rng {
  private readonly mt: MT19937;
  constructor(seed: number) {
    this.mt = new MT19937(BigInt(seed));
  }
  int(n: number): number {
    return this.mt.nextUint32() % n;
  }
  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.mt.nextUint32() / 2 ** 32)) * Math.cos(2 * Math.PI * (this.mt.nextUint32() / 2 ** 32));
  }
}

interface Draw {
  shape: number[];
  values: number[];
  dims: number[];
  keepdim: boolean;
}

function draw(rng: Rng): Draw {
  const ndim = 1 + rng.int(4);
  const shape = Array.from({ length: ndim }, () => 1 + rng.int(6));
  const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal());
  const dims = [...Array(ndim).keys()].filter(() => rng.int(2) === 0);
  if (dims.length === 0) dims.push(rng.int(ndim));
  return { shape, values, dims: dims.map((d) => (rng.int(2) === 0 ? d - ndim : d)), keepdim: rng.int(2) === 0 };
}

/** Plain reference: group elements by their output index. */
function reference(d: Draw, combine: (xs: number[]) => number): { shape: number[]; values: number[] } {
  const ndim = d.shape.length;
  const reduced = new Set(d.dims.map((x) => (x + ndim) % ndim));
  const outShape = d.shape.map((s, i) => (reduced.has(i) ? 1 : s));
  const groups = new Map<number, number[]>();
  d.values.forEach((v, flat) => {
    let rest = flat;
    let out = 0;
    let stride = 1;
    for (let i = ndim - 1; i >= 0; i--) {
      const idx = rest % d.shape[i]!;
      rest = Math.floor(rest / d.shape[i]!);
      if (!reduced.has(i)) out += idx * stride;
      stride *= outShape[i]!;
    }
    groups.set(out, [...(groups.get(out) ?? []), v]);
  });
  const size = outShape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, (_, i) => combine(groups.get(i)!));
  return { shape: d.keepdim ? outShape : d.shape.filter((_, i) => !reduced.has(i)), values };
}

function check(got: Tensor, want: { shape: number[]; values: number[] }, tol: (i: number) => number): void {
  expect([...got.shape]).toEqual(want.shape);
  const g = got.toFloat64();
  want.values.forEach((w, i) => expect(Math.abs(g[i]! - w)).toBeLessThanOrEqual(tol(i)));
}

const SEEDS = [1234, 99, 2024, 7, 31337];

describe('reductions against a float64 reference', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: sum/mean/amax/amin/prod over random dims of random float64 tensors`, () => {
      const rng = new Rng(seed);
      for (let n = 0; n < 40; n++) {
        const d = draw(rng);
        const t = torch.tensor(d.values, { dtype: torch.float64 }).reshape(d.shape);
        const abs = reference({ ...d, values: d.values.map(Math.abs) }, (xs) => xs.reduce((a, b) => a + b, 0));
        const bound = (i: number): number => 64 * 2 ** -53 * abs.values[i]!; // ≤ 36 terms, any order
        check(
          t.sum(d.dims, d.keepdim),
          reference(d, (xs) => xs.reduce((a, b) => a + b, 0)),
          bound,
        );
        check(
          torch.mean(t, { dim: d.dims, keepdim: d.keepdim }),
          reference(d, (xs) => xs.reduce((a, b) => a + b, 0) / xs.length),
          (i) => bound(i),
        );
        check(
          t.amax(d.dims, d.keepdim),
          reference(d, (xs) => Math.max(...xs)),
          () => 0,
        );
        check(
          torch.amin(t, d.dims, d.keepdim),
          reference(d, (xs) => Math.min(...xs)),
          () => 0,
        );
        const one = d.dims[0]!;
        const prodRef = reference({ ...d, dims: [one] }, (xs) => xs.reduce((a, b) => a * b, 1));
        check(t.prod(one, d.keepdim), prodRef, (i) => 8 * 2 ** -53 * Math.abs(prodRef.values[i]!)); // ≤ 6 roundings
      }
    });

    it(`seed ${seed}: max/min with a dim give values and the first index of them; argmax agrees`, () => {
      const rng = new Rng(seed);
      for (let n = 0; n < 40; n++) {
        const d = draw(rng);
        // small integers: plenty of ties, so "first index" is tested
        const ints = d.values.map((v) => Math.round(v * 2));
        const t = torch.tensor(ints, { dtype: torch.int32 }).reshape(d.shape);
        const dim = d.dims[0]!;
        const { values, indices } = t.max(dim, d.keepdim);
        check(
          values,
          reference({ ...d, values: ints, dims: [dim] }, (xs) => Math.max(...xs)),
          () => 0,
        );
        check(
          indices,
          reference({ ...d, values: ints, dims: [dim] }, (xs) => xs.indexOf(Math.max(...xs))),
          () => 0,
        );
        expect(torch.argmax(t, dim, d.keepdim).tolist()).toEqual(indices.tolist());
        const [minValues, minIndices] = torch.min(t, { dim, keepdim: d.keepdim });
        check(
          minValues!,
          reference({ ...d, values: ints, dims: [dim] }, (xs) => Math.min(...xs)),
          () => 0,
        );
        expect(minIndices!.tolist()).toEqual(torch.argmin(t, dim, d.keepdim).tolist());
      }
    });

    it(`seed ${seed}: var/std (unbiased and not) against the two-pass formula`, () => {
      const rng = new Rng(seed);
      for (let n = 0; n < 30; n++) {
        const d = draw(rng);
        const t = torch.tensor(d.values, { dtype: torch.float64 }).reshape(d.shape);
        for (const correction of [0, 1]) {
          const ref = reference(d, (xs) => {
            const m = xs.reduce((a, b) => a + b, 0) / xs.length;
            return xs.reduce((a, x) => a + (x - m) ** 2, 0) / Math.max(0, xs.length - correction);
          });
          const got = t.var({ dim: d.dims, correction, keepdim: d.keepdim });
          expect([...got.shape]).toEqual(ref.shape);
          got.toFloat64().forEach((g, i) => {
            const w = ref.values[i]!;
            if (Number.isNaN(w) || !Number.isFinite(w)) expect(Number.isFinite(g)).toBe(Number.isFinite(w));
            else expect(Math.abs(g - w)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(w)));
          });
        }
      }
    });
  }
});

describe('max/min results are Python named tuples', () => {
  const w = torch.tensor([
    [1, 5, -2],
    [7, 0, 7],
  ]);
  it('destructure by name, by position, and index [0]/[1]', () => {
    const r = w.abs().max(1);
    const { values, indices } = r;
    const [v, i] = r;
    expect(values.tolist()).toEqual([5, 7]);
    expect(indices.tolist()).toEqual([1n, 0n]);
    expect(v!.tolist()).toEqual([5, 7]);
    expect(i!.tolist()).toEqual([1n, 0n]);
    expect(r[0]).toBe(values);
    expect(r[1]).toBe(indices);
  });
  it('print() of the result prints what Python prints', () => {
    const text = 'torch.return_types.max(\nvalues=tensor([5., 7.]),\nindices=tensor([1, 0]))';
    expect(String(torch.max(w, 1))).toBe(text);
    expect(formatResult(torch.max(w, 1))).toBe(text);
  });
  it('max(Tensor) stays element-wise, max(number) is a dim (issue 11)', () => {
    expect(w.max(torch.tensor(3)).tolist()).toEqual([
      [3, 5, 3],
      [7, 3, 7],
    ]);
    expect(torch.max(w, 0).values.tolist()).toEqual([7, 5, 7]);
    expect(() => w.max(1.5)).toThrow(TypeError);
    expect(() => w.max([0, 1] as never)).toThrow(TypeError);
  });
  it('unknown keywords are TypeErrors naming the call', () => {
    expect(() => w.sum({ dims: 1 })).toThrow("torch.Tensor.sum got an unexpected keyword argument 'dims'");
    expect(() => torch.mean(w, { axis: 0 })).toThrow("torch.mean got an unexpected keyword argument 'axis'");
  });
});
