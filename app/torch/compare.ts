/**
 * Comparisons and logic with bool results: gt/ge/lt/le/eq/ne (operands promoted to their common
 * dtype first, as PyTorch does), logical_and/or/xor/not (nonzero is true, any dtypes), isnan.
 */
import { bool } from './dtype.ts';
import { type Tensor, type Operand } from './tensor.ts';
import { binaryOperands, mapBigIntPredicate, mapNumbers, mapUnaryNumbers } from './binary.ts';
import { makeTensor } from './operands.ts';
import { checkOptions, type Options } from './args.ts';
import { toTensorArg } from './tensor-args.ts';

type Predicate = <T extends number | bigint>(a: T, b: T) => boolean;

function comparison(name: string, predicate: Predicate): (a: Operand, b: Operand, options?: Options) => Tensor {
  return (a, b, options = {}) => {
    checkOptions(`torch.${name}`, options, [], ['out']);
    const ops = binaryOperands(a, b);
    if (ops.dtype.isBigInt) return mapBigIntPredicate(ops, predicate);
    return mapNumbers(ops, ops.dtype, bool, (x, y) => (predicate(x, y) ? 1 : 0));
  };
}

export const gt = comparison('gt', (a, b) => a > b);
export const ge = comparison('ge', (a, b) => a >= b);
export const lt = comparison('lt', (a, b) => a < b);
export const le = comparison('le', (a, b) => a <= b);
export const eq = comparison('eq', (a, b) => a === b);
export const ne = comparison('ne', (a, b) => a !== b);

function logical(name: string, kernel: (a: boolean, b: boolean) => boolean): (a: Operand, b: Operand, options?: Options) => Tensor {
  return (a, b, options = {}) => {
    checkOptions(`torch.${name}`, options, [], ['out']);
    const ops = binaryOperands(toTensorArg(a, `torch.${name}`, 'input'), b);
    // truthiness is decided on each operand's own values (no promotion): cast each to bool
    const left = ops.a.to(bool);
    const right = ops.b.to(bool);
    return mapNumbers({ ...ops, a: left, b: right, dtype: bool }, bool, bool, (x, y) => (kernel(x !== 0, y !== 0) ? 1 : 0));
  };
}

export const logical_and = logical('logical_and', (a, b) => a && b);
export const logical_or = logical('logical_or', (a, b) => a || b);
export const logical_xor = logical('logical_xor', (a, b) => a !== b);

export function logical_not(input: Tensor, options: Options = {}): Tensor {
  checkOptions('torch.logical_not', options, [], ['out']);
  const t = toTensorArg(input, 'torch.logical_not', 'input').to(bool);
  return makeTensor(
    t.data.map((v) => (v === 0 ? 1 : 0)),
    t.shape,
    bool,
  );
}

export function isnan(input: Tensor): Tensor {
  const t = toTensorArg(input, 'torch.isnan', 'input');
  if (!t.dtype.isFloat) return makeTensor(bool.allocate(t.numel()), t.shape, bool);
  return mapUnaryNumbers(t, t.dtype, bool, (x) => (x !== x ? 1 : 0));
}
