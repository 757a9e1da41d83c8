/**
 * Public entry of the numeric core. Cells see `torch` (dtypes, factories, ops, Tensor) and the
 * Python-style helpers `format` and `pyStr`.
 */
import * as dtypes from './dtype.ts';
import { Tensor } from './tensor.ts';
import * as factory from './factory.ts';
import * as ops from './ops.ts';
import { finfo, iinfo, FInfo, IInfo } from './info.ts';
import { promoteTypes, resultType } from './promote.ts';
import { promotionOperand } from './operands.ts';
import { defaultGenerator, Generator } from './generator.ts';
import type { Operand } from './tensor.ts';
import './tensor-reduce-methods.ts';
import { REDUCTIONS } from './reduce-namespace.ts';
import { MinMaxObserver, PerChannelMinMaxObserver, QSCHEMES, QTensor, observer, quantize_per_channel, quantize_per_tensor } from './quant/index.ts';

export const torch = Object.freeze({
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
  arange: factory.arange,
  rand: factory.rand,
  randn: factory.randn,
  manual_seed: factory.manual_seed,
  initial_seed: factory.initial_seed,
  add: ops.add,
  sub: ops.sub,
  mul: ops.mul,
  div: ops.div,
  abs: ops.abs,
  neg: ops.neg,
  round: ops.round,
  clamp: ops.clamp,
  maximum: ops.maximum,
  minimum: ops.minimum,
  ...REDUCTIONS,
  dot: ops.dot,
  matmul: ops.matmul,
  promote_types: promoteTypes,
  result_type: (a: Operand, b: Operand) => resultType([promotionOperand(a), promotionOperand(b)]),
  is_floating_point: (t: Tensor) => t.dtype.isFloat,
  numel: (t: Tensor) => t.numel(),
  ...QSCHEMES,
  quantize_per_tensor,
  quantize_per_channel,
  ao: Object.freeze({ quantization: Object.freeze({ MinMaxObserver, PerChannelMinMaxObserver }) }),
});

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
