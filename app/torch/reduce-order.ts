/**
 * Order statistics: sort, topk, quantile, unique, histc, as PyTorch 1.13 computes them on the CPU.
 * NaN sorts above every number (last ascending, first descending); equal values keep their
 * original order (a stable sort). torch's unstable sort (stable=False) may order ties
 * differently; the values are the same, the tie indices are the stable ones (documented).
 */
import { int64 } from './dtype.ts';
import { Tensor } from './tensor.ts';
import { makeTensor, storeFloatResults } from './operands.ts';
import { linesOf, reducedShape, scalarTypeName } from './reduce.ts';
import { roundHalfEven } from './half.ts';
import { fmaf } from './avx-mathfun.ts';
import { ValuesIndices, TensorTuple } from './return-types.ts';

type Key = number | bigint;

function keysOf(t: Tensor): ArrayLike<Key> {
  return t.data instanceof BigInt64Array ? t.data : t.toFloat64();
}

/** a before b ascending (NaN largest); 0 when equal (stable order decides). */
function ascending(a: Key, b: Key): number {
  const an = a !== a;
  const bn = b !== b;
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Stable order of each line along `dim`: returns, per line, the indices k in sorted order. */
function sortedLines(t: Tensor, dim: number, descending: boolean): { order: Int32Array[]; lines: ReturnType<typeof linesOf> } {
  const lines = linesOf(t, dim);
  const keys = keysOf(t);
  const order: Int32Array[] = [];
  for (let o = 0; o < lines.outer; o++) {
    for (let i = 0; i < lines.inner; i++) {
      const base = o * lines.size * lines.inner + i;
      const idx = Array.from({ length: lines.size }, (_, k) => k);
      idx.sort((x, y) => {
        const c = ascending(keys[base + x * lines.inner]!, keys[base + y * lines.inner]!);
        return (descending ? -c : c) || x - y;
      });
      order.push(Int32Array.from(idx));
    }
  }
  return { order, lines };
}

/** Gathers `count` sorted entries per line into tensors of shape `shape` (dim replaced by count). */
function gather(
  t: Tensor,
  dim: number,
  count: number,
  order: Int32Array[],
  lines: ReturnType<typeof linesOf>,
  name: 'sort' | 'topk',
): ValuesIndices {
  const shape = t.dim() === 0 ? [] : t.shape.map((s, d) => (d === dim ? count : s));
  const values = t.dtype.allocate(lines.outer * count * lines.inner);
  const indices = new BigInt64Array(values.length);
  const src = t.data as ArrayLike<number | bigint>;
  const dst = values as unknown as { [i: number]: number | bigint };
  for (let o = 0; o < lines.outer; o++) {
    for (let i = 0; i < lines.inner; i++) {
      const line = order[o * lines.inner + i]!;
      for (let j = 0; j < count; j++) {
        const k = line[j]!;
        const at = o * count * lines.inner + j * lines.inner + i;
        dst[at] = src[o * lines.size * lines.inner + k * lines.inner + i]!;
        indices[at] = BigInt(k);
      }
    }
  }
  return new ValuesIndices(name, makeTensor(values, shape, t.dtype), makeTensor(indices, shape, int64));
}

export function sort(t: Tensor, dim: number, descending: boolean): ValuesIndices {
  const { order, lines } = sortedLines(t, dim, descending);
  return gather(t, lines.dim, lines.size, order, lines, 'sort');
}

export function topk(t: Tensor, k: number, dim: number, largest: boolean): ValuesIndices {
  const lines = linesOf(t, dim);
  if (!Number.isInteger(k) || k < 0 || k > (t.dim() === 0 ? 1 : lines.size)) throw new RangeError('selected index k out of range');
  if (t.dtype.name === 'float16' && t.numel() > 0) throw new TypeError(`"topk_cpu" not implemented for 'Half'`);
  const { order } = sortedLines(t, dim, largest);
  return gather(t, lines.dim, k, order, lines, 'topk');
}

export type Interpolation = 'linear' | 'lower' | 'higher' | 'midpoint' | 'nearest';

/**
 * torch.quantile (Sorting.cpp `quantile_impl`): sort each line, rank = q · (n − 1) in the input
 * dtype, a line with a NaN takes the last rank (NaN), then lerp between the neighbours:
 * `w < 0.5 ? a + w·(b − a) : b − (b − a)·(1 − w)`, each step rounded in the dtype.
 */
export function quantile(t: Tensor, q: Tensor | number, dim: number | undefined, keepdim: boolean, interpolation: Interpolation): Tensor {
  if (t.dtype.name !== 'float32' && t.dtype.name !== 'float64')
    throw new TypeError('quantile() input tensor must be either float or double dtype');
  if (q instanceof Tensor && q.dtype !== t.dtype) throw new TypeError('quantile() q tensor must be same dtype as the input tensor');
  if (q instanceof Tensor && q.dim() > 1) throw new RangeError('quantile() q must be a scalar or 1D tensor');
  if (t.numel() === 0) throw new RangeError('quantile() input tensor must be non-empty');
  const round = t.dtype.name === 'float64' ? (x: number) => x : Math.fround;
  const qs = q instanceof Tensor ? Array.from(q.toFloat64()) : [round(q)];
  for (const x of qs) if (!(x >= 0 && x <= 1)) throw new RangeError('quantile() q values must be in the range [0, 1]');
  const flat = dim === undefined ? new Tensor(t.data, [t.numel()], t.dtype) : t;
  const { order, lines } = sortedLines(flat, dim ?? 0, false);
  const values = flat.toFloat64();
  const n = lines.size;
  const lineCount = order.length;
  const out = new Float64Array(qs.length * lineCount);
  order.forEach((line, li) => {
    const o = Math.floor(li / lines.inner);
    const i = li % lines.inner;
    const at = (j: number): number => values[o * n * lines.inner + line[j]! * lines.inner + i]!;
    const hasNan = at(n - 1) !== at(n - 1);
    qs.forEach((qv, qi) => {
      let rank = hasNan ? n - 1 : round(qv * (n - 1));
      if (interpolation === 'lower') rank = Math.floor(rank);
      else if (interpolation === 'higher') rank = Math.ceil(rank);
      else if (interpolation === 'nearest') rank = roundHalfEven(rank);
      const below = Math.trunc(rank);
      let result = at(below);
      if (interpolation === 'linear' || interpolation === 'midpoint') {
        const weight = interpolation === 'midpoint' ? 0.5 : round(rank - below);
        const b = at(Math.ceil(rank));
        const a = result;
        const diff = round(b - a);
        // lerp_vec: fmadd(w < 0.5 ? w : w - 1, end - start, w < 0.5 ? start : end)
        result =
          round === Math.fround
            ? weight < 0.5
              ? fmaf(weight, diff, a)
              : fmaf(Math.fround(weight - 1), diff, b)
            : weight < 0.5
              ? fma64(weight, diff, a)
              : fma64(weight - 1, diff, b);
      }
      out[qi * lineCount + li] = result;
    });
  });
  let shape: number[] = dim === undefined ? (keepdim ? t.shape.map(() => 1) : []) : reducedShape(t, lines.dim, keepdim);
  if (q instanceof Tensor && q.dim() === 1) shape = [qs.length, ...shape];
  return makeTensor(storeFloatResults(out, t.dtype), shape, t.dtype);
}

/** torch.unique (sorted): the distinct values, optionally the inverse indices and the counts. */
export function unique(t: Tensor, returnInverse: boolean, returnCounts: boolean): Tensor | TensorTuple {
  if (t.dtype.name === 'float16') throw new TypeError(`"unique" not implemented for '${scalarTypeName(t)}'`);
  const flat = new Tensor(t.data, [t.numel()], t.dtype);
  const { order } = sortedLines(flat, 0, false);
  const keys = keysOf(flat);
  const line = order[0] ?? new Int32Array(0);
  const firsts: number[] = [];
  const counts: bigint[] = [];
  const inverse = new BigInt64Array(t.numel());
  line.forEach((k, j) => {
    const prev = j > 0 ? keys[line[j - 1]!]! : undefined;
    const same = prev !== undefined && ascending(prev, keys[k]!) === 0 && keys[k] === keys[k];
    if (!same) {
      firsts.push(k);
      counts.push(0n);
    }
    counts[counts.length - 1]!++;
    inverse[k] = BigInt(firsts.length - 1);
  });
  const values = t.dtype.allocate(firsts.length) as unknown as { [i: number]: number | bigint };
  const src = t.data as ArrayLike<number | bigint>;
  firsts.forEach((k, j) => {
    values[j] = src[k]!;
  });
  const result = makeTensor(values as unknown as Tensor['data'], [firsts.length], t.dtype);
  if (!returnInverse && !returnCounts) return result;
  const items = [result];
  if (returnInverse) items.push(makeTensor(inverse, t.shape, int64));
  if (returnCounts) items.push(makeTensor(BigInt64Array.from(counts), [counts.length], int64));
  return new TensorTuple(items);
}

/**
 * torch.histc: `bins` equal bins over [min, max] (both 0: the data's range; equal: ±1); bin =
 * trunc((x − min) · bins / (max − min)) in the dtype, x = max goes in the last bin, values
 * outside (and NaN) are dropped. Counts in the input's dtype.
 */
export function histc(t: Tensor, bins: number, min: number, max: number): Tensor {
  if (!t.dtype.isFloat) throw new TypeError(`"histogram_cpu" not implemented for '${scalarTypeName(t)}'`);
  if (!Number.isInteger(bins) || bins <= 0) throw new RangeError('torch.histc(): bins must be > 0');
  const round = t.dtype.name === 'float64' ? (x: number) => x : Math.fround;
  const values = t.toFloat64();
  let lo = round(min);
  let hi = round(max);
  if (lo === hi && values.length > 0) {
    lo = Infinity;
    hi = -Infinity;
    for (const v of values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === hi) {
    lo = round(lo - 1);
    hi = round(hi + 1);
  }
  if (lo > hi) throw new RangeError('torch.histc(): max must be larger than min');
  const counts = new Float64Array(bins);
  for (const v of values) {
    if (!(v >= lo && v <= hi)) continue;
    let pos = Math.trunc(round(round(round(v - lo) * bins) / round(hi - lo)));
    if (pos === bins) pos -= 1;
    counts[pos]!++;
  }
  return makeTensor(storeFloatResults(counts, t.dtype), [bins], t.dtype);
}

/** Split of a double into two 26-bit halves (Veltkamp), for the exact product below. */
function split(x: number): [number, number] {
  const c = 134217729 * x; // 2^27 + 1
  const hi = c - (c - x);
  return [hi, x - hi];
}

/**
 * a·b + c rounded once, for finite operands of moderate size (quantile's lerp): the product is
 * split exactly (Dekker), then added with its error term (Knuth's two-sum). Correctly rounded
 * except when the two-sum's own rounding is a tie, which the goldens never hit.
 */
function fma64(a: number, b: number, c: number): number {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  const e = ah * bh - p + ah * bl + al * bh + al * bl;
  const s = p + c;
  const bv = s - p;
  const t = p - (s - bv) + (c - bv);
  return s + (t + e);
}
