/**
 * Public entry of the numeric core. Cells see `torch` (dtypes, factories, ops, Tensor) and the
 * Python-style helpers `format` and `pyStr`.
 */
import * as dtypes from './dtype.ts';
import { Tensor } from './tensor.ts';
import * as factory from './factory.ts';
import * as ops from './ops.ts';
import * as elementwise from './elementwise.ts';
import { finfo, iinfo, FInfo, IInfo } from './info.ts';
import { promoteTypes, resultType } from './promote.ts';
import { promotionOperand } from './operands.ts';
import { defaultGenerator, Generator } from './generator.ts';
import type { Operand } from './tensor.ts';
import './tensor-reduce-methods.ts';
import { REDUCTIONS } from './reduce-namespace.ts';
import './tensor-math-methods.ts';
import './tensor-shape-methods.ts';
import * as shapeOps from './shape-ops.ts';
import * as join from './join.ts';
import { index_select } from './indexing.ts';
import * as range from './factory-range.ts';
import * as like from './factory-like.ts';
import { mm, bmm } from './linalg.ts';
import { strictNamespace } from './namespace.ts';
import { refuseKeywords } from './args.ts';
import {
  MinMaxObserver,
  PerChannelMinMaxObserver,
  QSCHEMES,
  QTensor,
  observer,
  quantize_per_channel,
  quantize_per_tensor,
} from './quant/index.ts';

const members = Object.freeze({
  ...dtypes.DTYPES,
  ...dtypes.DTYPE_ALIASES,
  dtype: dtypes.DType,
  Tensor,
  Generator,
  default_generator: defaultGenerator,
  iinfo,
  finfo,
  tensor: factory.tensor,
  fromStorage: factory.fromStorage,
  zeros: factory.zeros,
  ones: factory.ones,
  full: factory.full,
  empty: factory.empty,
  eye: factory.eye,
  arange: range.arange,
  linspace: range.linspace,
  zeros_like: like.zeros_like,
  ones_like: like.ones_like,
  full_like: like.full_like,
  empty_like: like.empty_like,
  rand_like: like.rand_like,
  randn_like: like.randn_like,
  rand: factory.rand,
  randn: factory.randn,
  manual_seed: factory.manual_seed,
  initial_seed: factory.initial_seed,
  add: ops.add,
  sub: ops.sub,
  mul: ops.mul,
  div: ops.div,
  floor_divide: ops.floor_divide,
  remainder: ops.remainder,
  fmod: ops.fmod,
  pow: ops.pow,
  abs: ops.abs,
  neg: ops.neg,
  sign: ops.sign,
  sqrt: ops.sqrt,
  exp: ops.exp,
  log: ops.log,
  log2: ops.log2,
  log10: ops.log10,
  floor: ops.floor,
  ceil: ops.ceil,
  trunc: ops.trunc,
  frac: ops.frac,
  round: ops.round,
  clamp: ops.clamp,
  clip: ops.clip,
  maximum: elementwise.maximum,
  minimum: elementwise.minimum,
  gt: ops.gt,
  ge: ops.ge,
  lt: ops.lt,
  le: ops.le,
  eq: ops.eq,
  ne: ops.ne,
  logical_and: ops.logical_and,
  logical_or: ops.logical_or,
  logical_xor: ops.logical_xor,
  logical_not: ops.logical_not,
  where: ops.where,
  isclose: ops.isclose,
  allclose: ops.allclose,
  bitwise_and: ops.bitwise_and,
  bitwise_or: ops.bitwise_or,
  bitwise_xor: ops.bitwise_xor,
  bitwise_not: ops.bitwise_not,
  bitwise_left_shift: ops.bitwise_left_shift,
  bitwise_right_shift: ops.bitwise_right_shift,
  t: refuseKeywords('torch.t()', shapeOps.t2d),
  transpose: refuseKeywords('torch.transpose()', shapeOps.transpose),
  permute: refuseKeywords('torch.permute()', (input: Tensor, dims: readonly number[]) => shapeOps.permute(input, [dims])),
  reshape: refuseKeywords('torch.reshape()', (input: Tensor, shape: readonly number[]) => shapeOps.reshape(input, [shape])),
  flatten: refuseKeywords('torch.flatten()', shapeOps.flatten),
  squeeze: refuseKeywords('torch.squeeze()', shapeOps.squeeze),
  unsqueeze: refuseKeywords('torch.unsqueeze()', shapeOps.unsqueeze),
  diagonal: refuseKeywords('torch.diagonal()', shapeOps.diagonal),
  select: refuseKeywords('torch.select()', shapeOps.select),
  narrow: refuseKeywords('torch.narrow()', shapeOps.narrow),
  index_select,
  cat: join.cat,
  concat: join.concat,
  stack: join.stack,
  split: join.split,
  chunk: join.chunk,
  ...REDUCTIONS,
  dot: ops.dot,
  matmul: ops.matmul,
  mm,
  bmm,
  promote_types: promoteTypes,
  result_type: (a: Operand, b: Operand) => resultType([promotionOperand(a), promotionOperand(b)]),
  is_floating_point: (t: Tensor) => t.dtype.isFloat,
  numel: (t: Tensor) => t.numel(),
  ...QSCHEMES,
  quantize_per_tensor,
  quantize_per_channel,
  ao: Object.freeze({ quantization: Object.freeze({ MinMaxObserver, PerChannelMinMaxObserver }) }),
});

/**
 * `torch` as cells see it: unknown names throw Python's AttributeError (`torch.int7`); see
 * namespace.ts for the probes (then, toJSON, symbols, …) that still answer undefined.
 */
export const torch = strictNamespace('torch', members);

export type Torch = typeof torch;
export { Tensor, FInfo, IInfo, Generator };
export { DType, type DTypeName, type StorageMap, type Storage } from './dtype.ts';
export { format } from './pyformat.ts';
export { pyStr, pyFloatRepr } from './pystr.ts';
export { formatTensor, formatTensorBody, addSuffixes, pyShapeTuple } from './repr.ts';
export { QTensor, observer };
export { fixed } from './fixed.ts';
export { floatBits, intBits, bitView, flipBit } from './bits.ts';
export * as quant from './quant/index.ts';
