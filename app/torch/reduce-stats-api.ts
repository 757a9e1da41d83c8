/** std/var/norm/cumsum as cells call them (`torch.std(t, …)`, `t.std(…)`); kernels in reduce-stats.ts. */
import type { Tensor } from './tensor.ts';
import { notSupported } from './errors.ts';
import { bind, boolArg, dimsArg, dtypeArg, requiredDim } from './reduce-args.ts';
import { cumsum, norm, varStd, type NormOrder } from './reduce-stats.ts';
import type { Owner } from './reduce-api.ts';

const callName = (owner: Owner, fn: string): string => `${owner === 'torch' ? 'torch' : 'torch.Tensor'}.${fn}`;

/**
 * torch 1.13's overloads: std(unbiased: bool), std(dim, unbiased=True, keepdim=False),
 * std(dim=None, *, correction=None, keepdim=False). Default correction 1 (unbiased).
 */
export function varStdCall(fn: 'var' | 'std', owner: Owner, t: Tensor, args: readonly unknown[]): Tensor {
  const call = callName(owner, fn);
  const positional = typeof args[0] === 'boolean' ? ['unbiased'] : ['dim', 'unbiased', 'keepdim'];
  const a = bind({ call, positional, keywords: ['dim', 'unbiased', 'keepdim', 'correction'], refused: ['out'] }, args);
  if (a.unbiased !== undefined && a.correction !== undefined) {
    throw new TypeError(`${call}(): cannot specify both unbiased= and correction=`);
  }
  let correction = 1;
  if (a.correction !== undefined && a.correction !== null) {
    if (typeof a.correction !== 'number' || !Number.isInteger(a.correction))
      throw new TypeError(`${call}(): argument 'correction' must be int`);
    correction = a.correction;
  } else if (a.unbiased !== undefined) {
    correction = boolArg(call, 'unbiased', a.unbiased, true) ? 1 : 0;
  }
  return varStd(t, dimsArg(call, a.dim), { correction }, boolArg(call, 'keepdim', a.keepdim, false), fn === 'std');
}

/** torch.norm(input, p='fro', dim=None, keepdim=False); p may be a number, ±Infinity or 'fro'. */
export function normCall(owner: Owner, t: Tensor, args: readonly unknown[]): Tensor {
  const call = callName(owner, 'norm');
  const a = bind({ call, positional: ['p', 'dim', 'keepdim'], refused: ['out', 'dtype'] }, args);
  let p: NormOrder;
  if (a.p === undefined) p = 'fro';
  else if (a.p === null) p = 2;
  else if (a.p === 'fro' || typeof a.p === 'number') p = a.p;
  else if (a.p === 'nuc') throw notSupported(call, "p='nuc' (nuclear norm)");
  else throw new RangeError(`only valid string values are 'fro' and 'nuc', found ${String(a.p)}`);
  return norm(t, p, dimsArg(call, a.dim), boolArg(call, 'keepdim', a.keepdim, false));
}

export function cumsumCall(owner: Owner, t: Tensor, args: readonly unknown[]): Tensor {
  const call = callName(owner, 'cumsum');
  const a = bind({ call, positional: ['dim'], keywords: ['dtype'], refused: ['out'] }, args);
  return cumsum(t, requiredDim(call, a.dim), dtypeArg(call, a.dtype));
}
