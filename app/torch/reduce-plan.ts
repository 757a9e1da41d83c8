/**
 * How PyTorch 1.13's TensorIterator lays out a reduction of a contiguous tensor, so kernels can
 * visit elements in torch's order (the order decides float rounding):
 *   - size-1 dims vanish (coalesced away);
 *   - reduced dims move to the front (innermost), sorted by input stride, then the kept dims;
 *   - neighbours whose strides chain (stride0 * size0 == stride1 for input and output) merge;
 *   - kernels get a 2-D loop over iterator dims 0 and 1; dims 2… are looped outside, dim 2 fastest.
 * Strides here count elements, not bytes.
 */
import { normalizeDim } from './tensor.ts';
import { shapeNumel } from './shape.ts';

export interface IterDim {
  readonly size: number;
  readonly inStride: number;
  /** 0 for a reduced dim. */
  readonly outStride: number;
}

export interface ReducePlan {
  /** Iterator dims, innermost first (after reordering and coalescing). */
  readonly dims: readonly IterDim[];
  /** Output shape as returned (reduced dims kept as 1 when keepdim, else dropped). */
  readonly outShape: readonly number[];
  readonly outNumel: number;
  readonly inNumel: number;
  /** Product of the reduced dims' sizes (what mean divides by). */
  readonly reducedCount: number;
  /** Normalised reduced dims, ascending. */
  readonly reduced: readonly number[];
}

/**
 * Normalises `dim` (one or several, negative allowed; null/undefined/[] = all dims) as PyTorch
 * does, with PyTorch's errors for out-of-range and repeated dims.
 */
export function reducedDims(dim: number | readonly number[] | null | undefined, ndim: number): number[] {
  if (dim === null || dim === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dim === 'number' ? [dim] : [...dim];
  if (list.length === 0) return Array.from({ length: ndim }, (_, i) => i);
  const seen = new Set<number>();
  for (const d of list) {
    const n = normalizeDim(d, ndim);
    if (seen.has(n)) throw new RangeError(`dim ${n} appears multiple times in the list of dims`);
    seen.add(n);
  }
  // a 0-dim tensor accepts dim 0 / -1 and reduces "nothing"
  return [...seen].filter((d) => d < ndim).sort((a, b) => a - b);
}

export function planReduction(shape: readonly number[], reduced: readonly number[], keepdim: boolean): ReducePlan {
  const ndim = shape.length;
  const isReduced = (d: number): boolean => reduced.includes(d);
  const inStrides: number[] = new Array<number>(ndim);
  for (let d = ndim - 1, s = 1; d >= 0; d--) {
    inStrides[d] = s;
    s *= shape[d]!;
  }
  const outStrides: number[] = new Array<number>(ndim);
  for (let d = ndim - 1, s = 1; d >= 0; d--) {
    outStrides[d] = isReduced(d) ? 0 : s;
    if (!isReduced(d)) s *= shape[d]!;
  }
  const order: number[] = [];
  for (let d = ndim - 1; d >= 0; d--) if (isReduced(d) && shape[d]! > 1) order.push(d);
  for (let d = ndim - 1; d >= 0; d--) if (!isReduced(d) && shape[d]! > 1) order.push(d);
  const dims: IterDim[] = [];
  for (const d of order) {
    const next: IterDim = { size: shape[d]!, inStride: inStrides[d]!, outStride: outStrides[d]! };
    const prev = dims[dims.length - 1];
    if (prev && prev.inStride * prev.size === next.inStride && prev.outStride * prev.size === next.outStride) {
      dims[dims.length - 1] = { size: prev.size * next.size, inStride: prev.inStride, outStride: prev.outStride };
    } else {
      dims.push(next);
    }
  }
  const outShape = keepdim ? shape.map((s, d) => (isReduced(d) ? 1 : s)) : shape.filter((_, d) => !isReduced(d));
  return {
    dims,
    outShape,
    outNumel: shapeNumel(outShape),
    inNumel: shapeNumel(shape),
    reducedCount: shapeNumel(reduced.map((d) => shape[d]!)),
    reduced,
  };
}

/** The 2-D loop's sizes and strides (missing dims are size 1, stride 0, as TensorIterator pads them). */
export interface Loop2d {
  readonly size0: number;
  readonly size1: number;
  readonly inStride0: number;
  readonly inStride1: number;
  readonly outStride0: number;
  readonly outStride1: number;
}

export function loop2dOf(plan: ReducePlan): Loop2d {
  const d0 = plan.dims[0];
  const d1 = plan.dims[1];
  return {
    size0: d0?.size ?? 1,
    size1: d1?.size ?? 1,
    inStride0: d0?.inStride ?? 0,
    inStride1: d1?.inStride ?? 0,
    outStride0: d0?.outStride ?? 0,
    outStride1: d1?.outStride ?? 0,
  };
}

/** Calls `body(inBase, outBase)` for every index of the outer dims (2…), dim 2 fastest. */
export function forEachOuter(plan: ReducePlan, body: (inBase: number, outBase: number) => void): void {
  const outer = plan.dims.slice(2);
  const index = new Array<number>(outer.length).fill(0);
  const total = outer.reduce((p, d) => p * d.size, 1);
  let inBase = 0;
  let outBase = 0;
  for (let n = 0; n < total; n++) {
    body(inBase, outBase);
    for (let k = 0; k < outer.length; k++) {
      const d = outer[k]!;
      index[k]!++;
      inBase += d.inStride;
      outBase += d.outStride;
      if (index[k]! < d.size) break;
      index[k] = 0;
      inBase -= d.inStride * d.size;
      outBase -= d.outStride * d.size;
    }
  }
}
