/**
 * std/var, norm and cumsum with PyTorch 1.13's CPU arithmetic:
 * - var/std over all elements of a float32/float64 tensor: two passes (`std_var_all_cpu`): the
 *   mean in the tensor's dtype, then Σ(x − mean)² in double; otherwise Welford in double
 *   (`WelfordOps`), one output at a time in memory order. Rounded once to the dtype.
 * - norm: p = 2 over the innermost contiguous dim of float32/float64/bfloat16 takes the
 *   vectorised kernel (lane sums of x² with FMAs, then the lanes, then the tail); every other case
 *   accumulates |x|^p sequentially in the dtype's scalar_value_type (float16/bfloat16 round every
 *   step, float32 with FMAs for p = 2, double for float64). p='fro' over two dims is
 *   sqrt(sum(x * x)) in the dtype. Not bit-exact everywhere: GCC contracted some a + x·x into FMAs
 *   (float64, and float32 tails) in a way the source does not show; reduce-stats.test.ts states
 *   the 1-ulp tolerance.
 * - cumsum: float32 accumulates in double, float16/bfloat16 in float, integers in int64.
 */
import { type DType, float64, int64 } from './dtype.ts';
import { Tensor } from './tensor.ts';
import { castStorage } from './convert.ts';
import { bigValues, makeTensor, storeFloatResults } from './operands.ts';
import { planReduction, reducedDims, type ReducePlan } from './reduce-plan.ts';
import { mean, scalarTypeName, sum, linesOf, type Dims } from './reduce.ts';
import * as ops from './ops.ts';
import { roundToBf16, roundToF16 } from './half.ts';
import { fmaf } from './avx-mathfun.ts';

/** Input indices of each output, in torch's iteration order (reduced dims innermost, memory order). */
function groups(t: Tensor, p: ReducePlan): number[][] {
  const out: number[][] = Array.from({ length: p.outNumel }, () => []);
  const shape = t.shape;
  const ndim = shape.length;
  const outStrides = new Array<number>(ndim).fill(0);
  for (let d = ndim - 1, s = 1; d >= 0; d--)
    if (!p.reduced.includes(d)) {
      outStrides[d] = s;
      s *= shape[d]!;
    }
  const index = new Array<number>(ndim).fill(0);
  let o = 0;
  for (let i = 0; i < t.numel(); i++) {
    out[o]!.push(i);
    for (let d = ndim - 1; d >= 0; d--) {
      index[d]!++;
      o += outStrides[d]!;
      if (index[d]! < shape[d]!) break;
      o -= outStrides[d]! * shape[d]!;
      index[d] = 0;
    }
  }
  return out;
}

export interface Correction {
  readonly correction: number;
}

/** torch.var / torch.std (`take_sqrt`). */
export function varStd(t: Tensor, dim: Dims, { correction }: Correction, keepdim: boolean, takeSqrt: boolean): Tensor {
  if (!t.dtype.isFloat) throw new TypeError('std and var only support floating point and complex dtypes');
  const p = planReduction(t.shape, reducedDims(dim, t.dim()), keepdim);
  const values = t.toFloat64();
  const finish = (v: number): number => (takeSqrt ? Math.sqrt(v) : v);
  const out = new Float64Array(p.outNumel);
  if (p.inNumel === 0 || p.reducedCount === 0) {
    out.fill(NaN);
  } else if (p.outNumel === 1 && (t.dtype.name === 'float32' || t.dtype.name === 'float64')) {
    const m = mean(t).toFloat64()[0]!;
    let sumDx2 = 0;
    for (const x of values) {
      const dx = x - m;
      sumDx2 += dx * dx;
    }
    out[0] = finish(sumDx2 / Math.max(0, t.numel() - correction));
  } else {
    groups(t, p).forEach((members, o) => {
      let n = 0;
      let m = 0;
      let m2 = 0;
      for (const i of members) {
        const x = values[i]!;
        n += 1;
        const delta = x - m;
        m += delta / n;
        m2 += delta * (x - m);
      }
      const divisor = n > correction ? n - correction : 0;
      out[o] = finish(m2 / divisor);
    });
  }
  return makeTensor(storeFloatResults(out, t.dtype), p.outShape, t.dtype);
}

export type NormOrder = number | 'fro';

/** torch.norm(input, p, dim, keepdim) for real tensors (p = 'fro', any number, ±inf). */
export function norm(t: Tensor, pOrder: NormOrder, dim: Dims, keepdim: boolean): Tensor {
  if (!t.dtype.isFloat) {
    throw new TypeError(`norm(): input dtype should be either floating point or complex. Got ${scalarTypeName(t)} instead.`);
  }
  const dims = dim === undefined ? [] : typeof dim === 'number' ? [dim] : [...dim];
  if (pOrder === 'fro') {
    if (dims.length === 2) {
      if (t.dtype.name === 'float16' && t.numel() > 0) throw new TypeError(`"sqrt_vml_cpu" not implemented for 'Half'`);
      const squares = sum(ops.mul(t, t), dims, keepdim);
      const root = squares.toFloat64().map(Math.sqrt);
      return makeTensor(storeFloatResults(root, t.dtype), squares.shape, t.dtype);
    }
    if (dims.length > 2) throw new RangeError(`Expected at most 2 dimensions, but got ${dims.length} dimensions instead.`);
    return norm(t, 2, dim, keepdim);
  }
  const p = planReduction(t.shape, reducedDims(dim, t.dim()), keepdim);
  const values = t.toFloat64();
  const round = t.dtype === float64 ? (x: number) => x : Math.fround;
  // torch 1.13's generic norm kernel accumulates in scalar_value_type<scalar_t>: float16/bfloat16 themselves
  const accRound =
    t.dtype.name === 'float16'
      ? (x: number) => roundToF16(Math.fround(x))
      : t.dtype.name === 'bfloat16'
        ? (x: number) => roundToBf16(Math.fround(x))
        : round;
  const out = new Float64Array(p.outNumel).fill(pOrder < 0 ? Infinity : 0);
  if (p.inNumel > 0) {
    const lastdim =
      p.dims.length > 0 && p.dims.filter((d) => d.outStride === 0).length === 1 && p.dims[0]!.outStride === 0 && p.dims[0]!.inStride === 1;
    const fast = pOrder === 2 && lastdim && t.dtype.name !== 'float16';
    groups(t, p).forEach((members, o) => {
      out[o] = fast ? normTwoLastdim(values, members, t.dtype, round) : normSequential(values, members, pOrder, accRound);
    });
  }
  return makeTensor(storeFloatResults(out, t.dtype), p.outShape, t.dtype);
}

/** binary_kernel_reduce_lastdim with norm_two_reduce_step: lanes of x², summed left to right, then the tail. */
function normTwoLastdim(values: Float64Array, members: readonly number[], dtype: DType, round: (x: number) => number): number {
  const vec = 32 / dtype.itemsize; // Vectorized<scalar_t>::size()
  const lanes = dtype.name === 'float64' ? 4 : 8; // Vectorized<acc_t>::size()
  const acc = new Array<number>(lanes).fill(0);
  const n = members.length;
  const whole = n - (n % vec);
  for (let d = 0; d < whole; d += vec) {
    // bfloat16: the 16 values split into two float vectors, each added in turn
    for (let half = 0; half < vec / lanes; half++) {
      for (let l = 0; l < lanes; l++) {
        const x = values[members[d + half * lanes + l]!]!;
        acc[l] = round === Math.fround ? fmaf(x, x, acc[l]!) : acc[l]! + x * x;
      }
    }
  }
  let total = acc[0]!;
  for (let l = 1; l < lanes; l++) total = round(total + acc[l]!);
  for (let d = whole; d < n; d++) {
    const x = values[members[d]!]!;
    total = round(total + round(x * x));
  }
  return round(Math.sqrt(total));
}

/** NormZeroOps / NormOneOps / NormTwoOps / AbsMaxOps / AbsMinOps / NormOps, in order. */
function normSequential(values: Float64Array, members: readonly number[], p: number, round: (x: number) => number): number {
  if (p === Infinity || p === -Infinity) {
    let acc = p === Infinity ? 0 : Infinity;
    for (const i of members) {
      const a = Math.abs(values[i]!);
      acc = a !== a || acc !== acc ? NaN : p === Infinity ? Math.max(acc, a) : Math.min(acc, a);
    }
    return acc;
  }
  let acc = 0;
  for (const i of members) {
    const x = values[i]!;
    if (p === 0) acc = round(acc + (x === 0 ? 0 : 1));
    else if (p === 1) acc = round(acc + Math.abs(x));
    else if (p === 2) acc = round === Math.fround ? fmaf(x, x, acc) : round(acc + round(x * x));
    else acc = round(acc + round(Math.abs(x) ** p));
  }
  if (p === 0 || p === 1) return acc;
  if (p === 2) return round(Math.sqrt(acc));
  return round(acc ** round(1 / p));
}

/** torch.cumsum(input, dim, dtype=None). */
export function cumsum(t: Tensor, dim: number, dtype?: DType): Tensor {
  const input = dtype === undefined ? (t.dtype.isFloat ? t : castTo(t, int64)) : castTo(t, dtype);
  if (input.dim() === 0) return input === t ? t.clone() : input;
  if (input.dtype.name === 'float16') throw new TypeError(`"cumsum_out_cpu" not implemented for 'Half'`);
  const lines = linesOf(input, dim);
  if (input.data instanceof BigInt64Array || !input.dtype.isFloat) {
    const src = bigValues(input);
    const out = new BigInt64Array(src.length);
    forEachLine(lines, (at) => {
      let acc = 0n;
      for (let k = 0; k < lines.size; k++) {
        acc = BigInt.asIntN(64, acc + src[at(k)]!);
        out[at(k)] = acc;
      }
    });
    return makeTensor(input.dtype === int64 ? out : castStorage(out, int64, input.dtype), input.shape, input.dtype);
  }
  const src = input.toFloat64();
  const out = new Float64Array(src.length);
  // acc_type<float, /*is_cuda=*/false> is double; bfloat16 accumulates in float
  const accRound = input.dtype.name === 'bfloat16' ? Math.fround : (x: number) => x;
  forEachLine(lines, (at) => {
    let acc = 0;
    for (let k = 0; k < lines.size; k++) {
      acc = accRound(acc + src[at(k)]!);
      out[at(k)] = acc;
    }
  });
  return makeTensor(storeFloatResults(out, input.dtype), input.shape, input.dtype);
}

function castTo(t: Tensor, dtype: DType): Tensor {
  return t.dtype === dtype ? t : new Tensor(castStorage(t.data, t.dtype, dtype), t.shape, dtype);
}

function forEachLine(lines: ReturnType<typeof linesOf>, body: (at: (k: number) => number) => void): void {
  for (let o = 0; o < lines.outer; o++) {
    for (let i = 0; i < lines.inner; i++) {
      const base = o * lines.size * lines.inner + i;
      body((k) => base + k * lines.inner);
    }
  }
}
