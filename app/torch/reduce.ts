/**
 * Reductions over no dim, one dim or several dims, with PyTorch 1.13's dtypes and order:
 * sum, mean, prod, amax, amin, max/min with a dim (values and indices), argmax, argmin.
 * Kernels take already-validated arguments; reduce-api.ts binds Python-style arguments.
 */
import { type DType, float64, int64 } from './dtype.ts';
import { Tensor } from './tensor.ts';
import { castStorage } from './convert.ts';
import { bigValues, makeTensor, storeFloatResults } from './operands.ts';
import { planReduction, reducedDims, type ReducePlan } from './reduce-plan.ts';
import { floatSum } from './reduce-sum.ts';
import { vecLanes, vecReduce } from './reduce-vec.ts';
import { ValuesIndices } from './return-types.ts';
import { normalizeDim } from './tensor.ts';

export type Dims = number | readonly number[] | undefined;

/** make_reduction's `self.to(in_dtype)`. */
function castTo(t: Tensor, dtype: DType): Tensor {
  return t.dtype === dtype ? t : new Tensor(castStorage(t.data, t.dtype, dtype), t.shape, dtype);
}

function plan(t: Tensor, dim: Dims, keepdim: boolean): ReducePlan {
  return planReduction(t.shape, reducedDims(dim, t.dim()), keepdim);
}

/** torch.sum: integers (and uint8) accumulate in int64, wrapping; floats keep their dtype. */
export function sum(t: Tensor, dim?: Dims, keepdim = false, dtype?: DType): Tensor {
  const input = castTo(t, dtype ?? (t.dtype.isFloat ? t.dtype : int64));
  const p = plan(input, dim, keepdim);
  if (input.dtype.isFloat) {
    return makeTensor(storeFloatResults(floatSum(input.toFloat64(), input.dtype, p), input.dtype), p.outShape, input.dtype);
  }
  if (input.dtype === int64) {
    const sums = vecReduce(bigValues(input), p, 4, (a, b) => BigInt.asIntN(64, a + b), 0n);
    return makeTensor(BigInt64Array.from(sums), p.outShape, int64);
  }
  // dtype= a narrower integer type: wraps in that type (order does not matter for integers)
  const sums = vecReduce(bigValues(input), p, 4, (a, b) => a + b, 0n);
  return makeTensor(
    castStorage(
      BigInt64Array.from(sums, (s) => BigInt.asIntN(64, s)),
      int64,
      input.dtype,
    ),
    p.outShape,
    input.dtype,
  );
}

/** torch.mean = sum / (number of reduced elements), each rounded in the dtype (torch 1.13 on CPU). */
export function mean(t: Tensor, dim?: Dims, keepdim = false, dtype?: DType): Tensor {
  const target = dtype ?? t.dtype;
  if (!target.isFloat) {
    throw new TypeError(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${scalarTypeName(target)}`,
    );
  }
  const total = sum(t, dim, keepdim, target);
  const count = plan(t, dim, keepdim).reducedCount;
  const values = total.toFloat64().map((s) => s / count);
  return makeTensor(storeFloatResults(values, target), total.shape, target);
}

/** torch.prod (one dim or all): integers in int64; float16/bfloat16 are not implemented in torch 1.13. */
export function prod(t: Tensor, dim?: number, keepdim = false, dtype?: DType): Tensor {
  const input = castTo(t, dtype ?? (t.dtype.isFloat ? t.dtype : int64));
  if ((input.dtype.name === 'float16' || input.dtype.name === 'bfloat16') && input.numel() > 0) {
    throw new TypeError(`"prod_cpu" not implemented for '${scalarTypeName(input.dtype)}'`);
  }
  const p = plan(input, dim, keepdim);
  if (input.dtype.isFloat) {
    const mul = input.dtype === float64 ? (a: number, b: number) => a * b : (a: number, b: number) => Math.fround(a * b);
    const out = vecReduce(input.toFloat64(), p, vecLanes(input.dtype.itemsize), mul, 1);
    return makeTensor(storeFloatResults(Float64Array.from(out), input.dtype), p.outShape, input.dtype);
  }
  const wrap = input.dtype === int64 ? (x: bigint) => BigInt.asIntN(64, x) : (x: bigint) => x;
  const out = vecReduce(bigValues(input), p, 4, (a, b) => wrap(a * b), 1n);
  const exact = BigInt64Array.from(out, (v) => BigInt.asIntN(64, v));
  return makeTensor(input.dtype === int64 ? exact : castStorage(exact, int64, input.dtype), p.outShape, input.dtype);
}

type Extreme = 'max' | 'min';

/**
 * max/min of two: NaN wins; on ties (+0 vs -0) the running value stays, which is what the goldens
 * show for torch 1.13's scalar loops (`amin([0., -0.])` is `0.`, `amin([-0., 0.])` is `-0.`).
 */
const pick: Record<Extreme, (a: number, b: number) => number> = {
  max: (a, b) => (a !== a || b !== b ? NaN : b > a ? b : a),
  min: (a, b) => (a !== a || b !== b ? NaN : b < a ? b : a),
};

function checkNonEmpty(name: string, t: Tensor, p: ReducePlan, dimGiven: boolean): void {
  if (t.numel() !== 0) return;
  if (!dimGiven) {
    const hint = name.startsWith('arg') ? '' : " Specify the reduction dim with the 'dim' argument.";
    throw new RangeError(`${name}(): Expected reduction dim to be specified for input.numel() == 0.${hint}`);
  }
  for (const d of p.reduced) {
    if (t.shape[d] === 0) throw new RangeError(`${name}(): Expected reduction dim ${d} to have non-zero size.`);
  }
}

/** torch.amax / torch.amin (also `max()`/`min()` without a dim): keep the dtype. */
export function amaxOrAmin(name: Extreme, t: Tensor, dim?: Dims, keepdim = false, call: string = `a${name}`): Tensor {
  const p = plan(t, dim, keepdim);
  checkNonEmpty(call, t, p, dim !== undefined && !(Array.isArray(dim) && dim.length === 0));
  const lanes = vecLanes(t.dtype.itemsize);
  if (t.data instanceof BigInt64Array) {
    const better = name === 'max' ? (a: bigint, b: bigint) => (a > b ? a : b) : (a: bigint, b: bigint) => (a < b ? a : b);
    const out = vecReduce(t.data, p, lanes, better, name === 'max' ? -(2n ** 63n) : 2n ** 63n - 1n);
    return makeTensor(BigInt64Array.from(out), p.outShape, t.dtype);
  }
  const out = vecReduce(t.toFloat64(), p, lanes, pick[name], name === 'max' ? -Infinity : Infinity);
  return makeTensor(storeFloatResults(Float64Array.from(out), t.dtype), p.outShape, t.dtype);
}

/** A single dim split as outer × size × inner (contiguous row-major). */
interface Lines {
  readonly outer: number;
  readonly size: number;
  readonly inner: number;
  readonly dim: number;
}

export function linesOf(t: Tensor, dim: number): Lines {
  const d = normalizeDim(dim, t.dim());
  const shape = t.shape;
  if (shape.length === 0) return { outer: 1, size: 1, inner: 1, dim: d };
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < d; i++) outer *= shape[i]!;
  for (let i = d + 1; i < shape.length; i++) inner *= shape[i]!;
  return { outer, size: shape[d]!, inner, dim: d };
}

export function reducedShape(t: Tensor, dim: number, keepdim: boolean): number[] {
  if (t.dim() === 0) return [];
  return keepdim ? t.shape.map((s, i) => (i === dim ? 1 : s)) : t.shape.filter((_, i) => i !== dim);
}

/**
 * Index of the max/min along each line, as torch's compare_base_kernel / ArgMaxOps do it:
 * the first of equal values, the first NaN.
 */
function lineExtremes(t: Tensor, dim: number, name: Extreme): { index: Float64Array; lines: Lines } {
  const lines = linesOf(t, dim);
  const values = t.data instanceof BigInt64Array ? t.data : t.toFloat64();
  const better =
    name === 'max'
      ? (v: number | bigint, best: number | bigint) => !(v <= best)
      : (v: number | bigint, best: number | bigint) => !(v >= best);
  const index = new Float64Array(lines.outer * lines.inner);
  for (let o = 0; o < lines.outer; o++) {
    for (let i = 0; i < lines.inner; i++) {
      const base = o * lines.size * lines.inner + i;
      let best = values[base]!;
      let at = 0;
      if (best === best) {
        // a NaN first element stays
        for (let k = 1; k < lines.size; k++) {
          const v = values[base + k * lines.inner]!;
          if (better(v, best)) {
            best = v;
            at = k;
            if (v !== v) break;
          }
        }
      }
      index[o * lines.inner + i] = at;
    }
  }
  return { index, lines };
}

function gatherLine(t: Tensor, lines: Lines, index: Float64Array, shape: readonly number[]): Tensor {
  const out = t.dtype.allocate(index.length);
  const src = t.data as ArrayLike<number | bigint>;
  const dst = out as unknown as { [i: number]: number | bigint };
  for (let o = 0; o < lines.outer; o++) {
    for (let i = 0; i < lines.inner; i++) {
      const j = o * lines.inner + i;
      dst[j] = src[o * lines.size * lines.inner + index[j]! * lines.inner + i]!;
    }
  }
  return makeTensor(out, shape, t.dtype);
}

/** torch.max(input, dim, keepdim) → (values, indices). */
export function extremeDim(name: Extreme, t: Tensor, dim: number, keepdim = false): ValuesIndices {
  const d = normalizeDim(dim, t.dim());
  if (t.dim() > 0 && t.shape[d] === 0) throw new RangeError(`${name}(): Expected reduction dim ${d} to have non-zero size.`);
  const { index, lines } = lineExtremes(t, d, name);
  const shape = reducedShape(t, d, keepdim);
  const values = gatherLine(t, lines, index, shape);
  return new ValuesIndices(name, values, makeTensor(BigInt64Array.from(index, BigInt), shape, int64));
}

/** torch.argmax / argmin: over all elements (flat index) or one dim; int64. */
export function argExtreme(name: Extreme, t: Tensor, dim: number | undefined, keepdim = false): Tensor {
  const call = `arg${name}`;
  if (dim === undefined) {
    if (t.numel() === 0) throw new RangeError(`${call}(): Expected reduction dim to be specified for input.numel() == 0.`);
    const flat = new Tensor(t.data, [t.numel()], t.dtype);
    const { index } = lineExtremes(flat, 0, name);
    return makeTensor(BigInt64Array.from(index, BigInt), keepdim ? t.shape.map(() => 1) : [], int64);
  }
  const d = normalizeDim(dim, t.dim());
  if (t.dim() > 0 && t.shape[d] === 0) throw new RangeError(`${call}(): Expected reduction dim ${d} to have non-zero size.`);
  const { index } = lineExtremes(t, d, name);
  return makeTensor(BigInt64Array.from(index, BigInt), reducedShape(t, d, keepdim), int64);
}

/** PyTorch's C++ ScalarType names, used in its error messages. */
export function scalarTypeName(t: Tensor | DType): string {
  const names: Record<string, string> = {
    bool: 'Bool',
    uint8: 'Byte',
    int8: 'Char',
    int16: 'Short',
    int32: 'Int',
    int64: 'Long',
    float16: 'Half',
    bfloat16: 'BFloat16',
    float32: 'Float',
    float64: 'Double',
    qint8: 'QInt8',
    quint8: 'QUInt8',
  };
  const name = t instanceof Tensor ? t.dtype.name : t.name;
  return names[name] ?? name;
}
