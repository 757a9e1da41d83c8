/**
 * Audit (issue 11) of the element-wise, comparison, bitwise, shape, indexing, factory and
 * matrix-product members of `torch` and `Tensor` (the h-torch-ops part). 'exact': every form
 * PyTorch 1.13 accepts gives its values, dtype, shape and printing (ops_*.json goldens);
 * 'refuses': the forms listed throw NotImplementedError (ops-refusals.test.ts calls each one).
 * Documented notebook conventions that apply everywhere: JS cannot tell 3 from 3.0, so an
 * integral number is a Python int (write 3n/true or pass dtype=); NaN sign bits are not
 * reproduced; exp/log/pow may differ from SLEEF in the last bit.
 */
import type { AuditEntry, AuditTable } from './types.ts';

const exact: AuditEntry = { status: 'exact', refuses: [] };
const refuses = (...forms: string[]): AuditEntry => ({ status: 'refuses', refuses: forms });
const ours: AuditEntry = { status: 'ours', refuses: [] };

const OUT = refuses('out=');
const FACTORY = ['device= other than cpu', 'requires_grad=True', 'layout=', 'pin_memory=True', 'out='];
const LIKE = [...FACTORY.filter((f) => f !== 'out='), 'memory_format='];

/** Ops that are both `torch.X` and `Tensor.X`, with the same refusals. */
const BOTH: Readonly<Record<string, AuditEntry>> = {
  add: OUT,
  sub: OUT,
  mul: OUT,
  div: OUT,
  floor_divide: OUT,
  remainder: OUT,
  fmod: OUT,
  pow: OUT,
  maximum: OUT,
  minimum: OUT,
  abs: OUT,
  neg: OUT,
  sign: OUT,
  sqrt: OUT,
  exp: OUT,
  log: OUT,
  log2: OUT,
  log10: OUT,
  floor: OUT,
  ceil: OUT,
  trunc: OUT,
  frac: OUT,
  round: OUT,
  clamp: OUT,
  clip: OUT,
  gt: OUT,
  ge: OUT,
  lt: OUT,
  le: OUT,
  eq: OUT,
  ne: OUT,
  logical_and: OUT,
  logical_or: OUT,
  logical_xor: OUT,
  logical_not: OUT,
  bitwise_and: OUT,
  bitwise_or: OUT,
  bitwise_xor: OUT,
  bitwise_not: OUT,
  bitwise_left_shift: refuses('out=', 'shift amounts < 0 or >= the bit width (undefined behaviour in torch)'),
  bitwise_right_shift: refuses('out=', 'shift amounts < 0 or >= the bit width (undefined behaviour in torch)'),
  isclose: exact,
  allclose: exact,
  matmul: OUT,
  mm: OUT,
  bmm: OUT,
  t: exact,
  transpose: exact,
  permute: exact,
  reshape: exact,
  flatten: exact,
  squeeze: exact,
  unsqueeze: exact,
  diagonal: exact,
  select: exact,
  narrow: exact,
  index_select: refuses('out='),
  split: exact,
  chunk: exact,
};

const TORCH_ONLY: Readonly<Record<string, AuditEntry>> = {
  cat: OUT,
  concat: OUT,
  stack: OUT,
  where: OUT,
  zeros: refuses(...FACTORY),
  ones: refuses(...FACTORY),
  empty: refuses(...FACTORY),
  full: refuses(...FACTORY),
  eye: refuses(...FACTORY),
  arange: refuses(...FACTORY),
  linspace: refuses(...FACTORY, 'integer dtype='),
  zeros_like: refuses(...LIKE),
  ones_like: refuses(...LIKE),
  empty_like: refuses(...LIKE),
  full_like: refuses(...LIKE),
  rand_like: refuses(...LIKE),
  randn_like: refuses(...LIKE),
  bool: exact,
};

const TENSOR_ONLY: Readonly<Record<string, AuditEntry>> = {
  where: exact,
  T: exact,
  mT: exact,
  view: exact,
  expand: exact,
  expand_as: exact,
  repeat: exact,
  contiguous: refuses('memory_format='),
  is_contiguous: refuses('memory_format='),
  stride: exact,
  __and__: exact,
  __or__: exact,
  __xor__: exact,
  __invert__: exact,
  __lshift__: refuses('shift amounts < 0 or >= the bit width (undefined behaviour in torch)'),
  __rshift__: refuses('shift amounts < 0 or >= the bit width (undefined behaviour in torch)'),
  at: ours,
  // Python's t[a:b] on the first dimension (a view), kept from before `at`.
  slice: ours,
  // torch.dot (its out= refusal, its float32 accumulation) is in core.ts; the method takes `other` only.
  dot: exact,
};

/** `Tensor.at` is ours (Python's `t[…]`); refused inside it: tensor/list (advanced) indices. */
export const AT_REFUSES: readonly string[] = ['tensor or list indices (advanced indexing)', 'bool indices', 'negative slice steps'];

export const AUDIT: AuditTable = Object.freeze({
  ...Object.fromEntries(
    Object.entries(BOTH).flatMap(([name, entry]) => [
      [`torch.${name}`, entry],
      [`Tensor.${name}`, entry],
    ]),
  ),
  ...Object.fromEntries(Object.entries(TORCH_ONLY).map(([name, entry]) => [`torch.${name}`, entry])),
  ...Object.fromEntries(Object.entries(TENSOR_ONLY).map(([name, entry]) => [`Tensor.${name}`, entry])),
});
