/**
 * The reductions as cells call them, `torch.sum(t, …)` and `t.sum(…)` alike: Python-style
 * arguments bound by reduce-args.ts, then the kernels in reduce.ts / reduce-stats.ts.
 * `owner` is 'torch' or 'Tensor' and only names the call in messages.
 */
import { Tensor } from './tensor.ts';
import * as ops from './ops.ts';
import { bind, boolArg, dimsArg, dtypeArg, oneDimArg } from './reduce-args.ts';
import { amaxOrAmin, argExtreme, extremeDim, mean, prod, sum } from './reduce.ts';
import type { ValuesIndices } from './return-types.ts';

export type Owner = 'torch' | 'Tensor';
type Extreme = 'max' | 'min';

const callName = (owner: Owner, fn: string): string => `${owner === 'torch' ? 'torch' : 'torch.Tensor'}.${fn}`;

export function sumCall(owner: Owner, t: Tensor, args: readonly unknown[]): Tensor {
  const call = callName(owner, 'sum');
  const a = bind({ call, positional: ['dim', 'keepdim'], keywords: ['dtype'], refused: ['out'] }, args);
  return sum(t, dimsArg(call, a.dim), boolArg(call, 'keepdim', a.keepdim, false), dtypeArg(call, a.dtype));
}

export function meanCall(owner: Owner, t: Tensor, args: readonly unknown[]): Tensor {
  const call = callName(owner, 'mean');
  const a = bind({ call, positional: ['dim', 'keepdim'], keywords: ['dtype'], refused: ['out'] }, args);
  return mean(t, dimsArg(call, a.dim), boolArg(call, 'keepdim', a.keepdim, false), dtypeArg(call, a.dtype));
}

export function prodCall(owner: Owner, t: Tensor, args: readonly unknown[]): Tensor {
  const call = callName(owner, 'prod');
  const a = bind({ call, positional: ['dim', 'keepdim'], keywords: ['dtype'], refused: ['out'] }, args);
  const dim = oneDimArg(call, a.dim);
  return prod(t, dim, boolArg(call, 'keepdim', a.keepdim, false), dtypeArg(call, a.dtype));
}

export function amaxCall(name: Extreme, owner: Owner, t: Tensor, args: readonly unknown[]): Tensor {
  const call = callName(owner, `a${name}`);
  const a = bind({ call, positional: ['dim', 'keepdim'], refused: ['out'] }, args);
  return amaxOrAmin(name, t, dimsArg(call, a.dim), boolArg(call, 'keepdim', a.keepdim, false));
}

export function argCall(name: Extreme, owner: Owner, t: Tensor, args: readonly unknown[]): Tensor {
  const call = callName(owner, `arg${name}`);
  const a = bind({ call, positional: ['dim', 'keepdim'], refused: ['out'] }, args);
  const dim = oneDimArg(call, a.dim);
  return argExtreme(name, t, dim, boolArg(call, 'keepdim', a.keepdim, false));
}

/**
 * torch.max / Tensor.max, PyTorch's three overloads:
 *   max()                      → 0-dim tensor (the whole tensor)
 *   max(other: Tensor)         → element-wise maximum (torch.maximum)
 *   max(dim: int, keepdim?)    → torch.return_types.max(values, indices)
 * A number is always a dim (as in Python, where `t.max(1)` is the max over dim 1).
 */
export function extremeCall(name: Extreme, owner: Owner, t: Tensor, args: readonly unknown[]): Tensor | ValuesIndices {
  const call = callName(owner, name);
  const [first] = args;
  if (first instanceof Tensor || (args.length === 1 && isOtherOption(first))) {
    const a = bind({ call, positional: ['other'], refused: ['out'] }, args);
    const other = a.other;
    if (!(other instanceof Tensor)) throw new TypeError(`${call}(): argument 'other' must be Tensor, got ${typeof other}`);
    return name === 'max' ? ops.maximum(t, other) : ops.minimum(t, other);
  }
  const a = bind({ call, positional: ['dim', 'keepdim'], refused: ['out'] }, args);
  if (a.dim === undefined) {
    if (a.keepdim !== undefined) throw new TypeError(`${call}() received an invalid combination of arguments: keepdim= needs dim=`);
    return amaxOrAmin(name, t, undefined, false, name);
  }
  if (typeof a.dim !== 'number' || !Number.isInteger(a.dim)) {
    throw new TypeError(
      `${call}() received an invalid combination of arguments: dim must be an int (one dim) or the other argument a Tensor, got ${Array.isArray(a.dim) ? 'a list' : typeof a.dim}`,
    );
  }
  return extremeDim(name, t, a.dim, boolArg(call, 'keepdim', a.keepdim, false));
}

function isOtherOption(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'other' in value;
}
