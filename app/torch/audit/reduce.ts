/**
 * Audit (issue 11) of the reductions: each exists as torch.X(t, …) and t.X(…); every form PyTorch
 * 1.13 accepts is exact (values bit for bit against goldens, or within the ulps reduce*.test.ts
 * states), except the forms listed, which throw NotImplementedError.
 */
import type { AuditEntry, AuditTable } from './types.ts';

const refuses = (...forms: string[]): AuditEntry => ({ status: 'refuses', refuses: forms });

const OUT_ONLY = [
  'sum',
  'mean',
  'prod',
  'amax',
  'amin',
  'max',
  'min',
  'argmax',
  'argmin',
  'std',
  'var',
  'cumsum',
  'sort',
  'quantile',
  'histc',
];
const both = (fn: string, entry: AuditEntry): [string, AuditEntry][] => [
  [`torch.${fn}`, entry],
  [`Tensor.${fn}`, entry],
];

export const AUDIT: AuditTable = {
  ...Object.fromEntries(
    OUT_ONLY.flatMap((n) => [
      [`torch.${n}`, refuses('out=')],
      [`Tensor.${n}`, refuses('out=')],
    ]),
  ),
  ...Object.fromEntries([
    ...both('norm', refuses("p='nuc'", 'out=', 'dtype=')),
    ...both('topk', refuses('sorted=False', 'out=')),
    ...both('unique', refuses('sorted=False', 'dim=')),
  ]),
};
