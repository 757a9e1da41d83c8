/** sort/topk/quantile/unique/histc as cells call them; kernels in reduce-order.ts. */
import { Tensor } from './tensor.ts';
import { notSupported } from './errors.ts';
import { bind, boolArg, numberArg, oneDimArg, requiredDim } from './reduce-args.ts';
import { histc, quantile, sort, topk, unique, type Interpolation } from './reduce-order.ts';
import type { Owner } from './reduce-api.ts';
import type { TensorTuple, ValuesIndices } from './return-types.ts';

const callName = (owner: Owner, fn: string): string => `${owner === 'torch' ? 'torch' : 'torch.Tensor'}.${fn}`;

export function sortCall(owner: Owner, t: Tensor, args: readonly unknown[]): ValuesIndices {
  const call = callName(owner, 'sort');
  const a = bind({ call, positional: ['dim', 'descending'], keywords: ['stable'], refused: ['out'] }, args);
  boolArg(call, 'stable', a.stable ?? false, false); // stable or not: the stable order (see reduce-order.ts)
  return sort(t, a.dim === undefined ? -1 : requiredDim(call, a.dim), boolArg(call, 'descending', a.descending, false));
}

export function topkCall(owner: Owner, t: Tensor, args: readonly unknown[]): ValuesIndices {
  const call = callName(owner, 'topk');
  const a = bind({ call, positional: ['k', 'dim', 'largest', 'sorted'], refused: ['out'] }, args);
  if (!boolArg(call, 'sorted', a.sorted, true)) throw notSupported(call, 'sorted=False (torch leaves that order unspecified)');
  if (typeof a.k !== 'number' || !Number.isInteger(a.k)) throw new TypeError(`${call}() missing required argument 'k' (an int)`);
  return topk(t, a.k, a.dim === undefined ? -1 : requiredDim(call, a.dim), boolArg(call, 'largest', a.largest, true));
}

const INTERPOLATIONS: readonly Interpolation[] = ['linear', 'lower', 'higher', 'midpoint', 'nearest'];

export function quantileCall(owner: Owner, t: Tensor, args: readonly unknown[]): Tensor {
  const call = callName(owner, 'quantile');
  const a = bind({ call, positional: ['q', 'dim', 'keepdim'], keywords: ['interpolation'], refused: ['out'] }, args);
  const q = a.q instanceof Tensor ? a.q : numberArg(call, 'q', a.q);
  const interpolation = a.interpolation ?? 'linear';
  const mode = INTERPOLATIONS.find((m) => m === interpolation);
  if (mode === undefined) {
    throw new RangeError(
      `quantile() interpolation must be one of linear, lower, higher, midpoint or nearest. Got ${String(interpolation)}`,
    );
  }
  return quantile(t, q, oneDimArg(call, a.dim), boolArg(call, 'keepdim', a.keepdim, false), mode);
}

export function uniqueCall(owner: Owner, t: Tensor, args: readonly unknown[]): Tensor | TensorTuple {
  const call = callName(owner, 'unique');
  const a = bind({ call, positional: ['sorted', 'return_inverse', 'return_counts', 'dim'] }, args);
  if (!boolArg(call, 'sorted', a.sorted, true)) throw notSupported(call, 'sorted=False');
  if (a.dim !== undefined && a.dim !== null) throw notSupported(call, 'dim= (unique slices)');
  return unique(t, boolArg(call, 'return_inverse', a.return_inverse, false), boolArg(call, 'return_counts', a.return_counts, false));
}

export function histcCall(owner: Owner, t: Tensor, args: readonly unknown[]): Tensor {
  const call = callName(owner, 'histc');
  const a = bind({ call, positional: ['bins', 'min', 'max'], refused: ['out'] }, args);
  return histc(t, numberArg(call, 'bins', a.bins, 100), numberArg(call, 'min', a.min, 0), numberArg(call, 'max', a.max, 0));
}
