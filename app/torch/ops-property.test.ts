/**
 * Seeded properties of the ops against plain reference loops (seed in each test name):
 * broadcasting over random shape pairs, permute ∘ inverse = identity, cat ∘ split = identity,
 * transpose/at against index arithmetic, and views sharing storage only when contiguous.
 */
import { describe, expect, it } from 'vitest';
import { MT19937 } from './mt19937.ts';
import { torch, type Tensor } from './index.ts';

const below = (rng: MT19937, n: number): number => rng.nextUint32() % n;

function randomShape(rng: MT19937, maxDims: number): number[] {
  return Array.from({ length: below(rng, maxDims + 1) }, () => 1 + below(rng, 4));
}

/** Two shapes that broadcast: each trailing dim equal, or one of them 1, or missing. */
function broadcastablePair(rng: MT19937): [number[], number[]] {
  const out = randomShape(rng, 4);
  const pick = (): number[] => out.slice(below(rng, out.length + 1)).map((s) => (below(rng, 3) === 0 ? 1 : s));
  return [pick(), pick()];
}

const ints = (rng: MT19937, shape: number[]): Tensor =>
  torch.tensor(Array.from({ length: shape.reduce((p, s) => p * s, 1) }, () => BigInt(below(rng, 200)) - 100n)).reshape(shape);

/** Reference value of a broadcast operand at an output multi-index. */
function at(t: Tensor, index: readonly number[]): bigint {
  const offset = index.length - t.dim();
  let flat = 0;
  t.shape.forEach((size, d) => {
    flat = flat * size + (size === 1 ? 0 : index[d + offset]!);
  });
  return t.data[flat] as bigint;
}

function* indices(shape: readonly number[]): Generator<number[]> {
  const total = shape.reduce((p, s) => p * s, 1);
  for (let flat = 0; flat < total; flat++) {
    const index: number[] = [];
    let rest = flat;
    for (let d = shape.length - 1; d >= 0; d--) {
      index.unshift(rest % shape[d]!);
      rest = Math.floor(rest / shape[d]!);
    }
    yield index;
  }
}

describe('broadcasting matches a reference loop', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`add/mul/maximum/gt/remainder of random int64 shape pairs (seed ${seed})`, () => {
      const rng = new MT19937(seed);
      for (let trial = 0; trial < 40; trial++) {
        const [sa, sb] = broadcastablePair(rng);
        const a = ints(rng, sa);
        const b = ints(rng, sb).abs().add(1n);
        const cases: [Tensor, (x: bigint, y: bigint) => bigint | boolean][] = [
          [a.add(b), (x, y) => x + y],
          [a.mul(b), (x, y) => x * y],
          [torch.maximum(a, b), (x, y) => (x > y ? x : y)],
          [a.gt(b), (x, y) => x > y],
          [a.remainder(b), (x, y) => ((x % y) + y) % y],
        ];
        for (const [got, ref] of cases) {
          const shape = got.shape;
          expect(shape.length).toBe(Math.max(sa.length, sb.length));
          let flat = 0;
          for (const index of indices(shape)) {
            const want = ref(at(a, index), at(b, index));
            expect(got.flatItem(flat), `${got.dtype} at ${index.join(',')}`).toBe(
              typeof want === 'boolean' ? Number(want) : BigInt.asIntN(64, want),
            );
            flat++;
          }
        }
      }
    });
  }
});

describe('shape ops round trips', () => {
  for (const seed of [11, 12, 13]) {
    it(`permute then the inverse permutation is the identity (seed ${seed})`, () => {
      const rng = new MT19937(seed);
      for (let trial = 0; trial < 30; trial++) {
        const shape = randomShape(rng, 5);
        const t = ints(rng, shape);
        const perm = [...shape.keys()].sort(() => (rng.nextUint32() & 1 ? 1 : -1));
        const inverse = perm.map((_, i) => perm.indexOf(i));
        const back = t.permute(perm).permute(inverse);
        expect(back.shape).toEqual(t.shape);
        expect(back.tolist()).toEqual(t.tolist());
        expect(t.permute(perm).shape).toEqual(perm.map((d) => shape[d]));
      }
    });
    it(`cat of split is the identity, along any dim (seed ${seed})`, () => {
      const rng = new MT19937(seed);
      for (let trial = 0; trial < 30; trial++) {
        const shape = randomShape(rng, 4);
        if (shape.length === 0) continue;
        const t = ints(rng, shape);
        const dim = below(rng, shape.length);
        const parts = t.split(1 + below(rng, shape[dim]!), dim);
        expect(torch.cat(parts, dim).tolist()).toEqual(t.tolist());
        expect(torch.stack(t.chunk(shape[0]!, 0), 0).reshape(shape).tolist()).toEqual(t.tolist());
      }
    });
    it(`transpose and at() agree with index arithmetic (seed ${seed})`, () => {
      const rng = new MT19937(seed);
      const t = ints(rng, [3, 4, 5]);
      const tt = t.transpose(0, 2);
      for (const [i, j, k] of indices([3, 4, 5])) {
        expect(tt.at(k!, j!, i!).item()).toBe(t.at(i!, j!, k!).item());
        expect(t.at(`${i}`, ':', k!).at(j!).item()).toBe(at(t, [i!, j!, k!]));
      }
    });
  }
  it('a view that is a contiguous block shares storage; others are copies', () => {
    const t = torch.arange(24).reshape(2, 3, 4);
    expect(t.at(1).data.buffer).toBe(t.data.buffer);
    expect(t.narrow(0, 1, 1).data.buffer).toBe(t.data.buffer);
    expect(t.transpose(0, 1).data.buffer).not.toBe(t.data.buffer);
    expect(t.transpose(0, 1).is_contiguous()).toBe(false);
    expect(t.transpose(0, 1).contiguous().is_contiguous()).toBe(true);
  });
});
