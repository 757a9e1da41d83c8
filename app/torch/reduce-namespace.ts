/** The reductions' members of the `torch` namespace (spread into it by index.ts). */
import type { Tensor } from './tensor.ts';
import { amaxCall, argCall, extremeCall, meanCall, prodCall, sumCall } from './reduce-api.ts';
import { cumsumCall, normCall, varStdCall } from './reduce-stats-api.ts';
import { histcCall, quantileCall, sortCall, topkCall, uniqueCall } from './reduce-order-api.ts';
import type { TensorTuple, ValuesIndices } from './return-types.ts';
import type { KeywordArgs, ReduceArg } from './tensor-reduce-methods.ts';

/** Without a second argument the whole tensor; with a Tensor element-wise; with a number a dim. */
function max(input: Tensor, other?: Tensor | { readonly other: Tensor }): Tensor;
function max(input: Tensor, dim: number, keepdim?: boolean | KeywordArgs, options?: KeywordArgs): ValuesIndices;
function max(input: Tensor, options: KeywordArgs & { readonly dim: number }): ValuesIndices;
function max(input: Tensor, ...args: unknown[]): Tensor | ValuesIndices {
  return extremeCall('max', 'torch', input, args);
}
/** Without a second argument the whole tensor; with a Tensor element-wise; with a number a dim. */
function min(input: Tensor, other?: Tensor | { readonly other: Tensor }): Tensor;
function min(input: Tensor, dim: number, keepdim?: boolean | KeywordArgs, options?: KeywordArgs): ValuesIndices;
function min(input: Tensor, options: KeywordArgs & { readonly dim: number }): ValuesIndices;
function min(input: Tensor, ...args: unknown[]): Tensor | ValuesIndices {
  return extremeCall('min', 'torch', input, args);
}

export const REDUCTIONS = Object.freeze({
  sum: (input: Tensor, ...args: readonly ReduceArg[]): Tensor => sumCall('torch', input, args),
  mean: (input: Tensor, ...args: readonly ReduceArg[]): Tensor => meanCall('torch', input, args),
  prod: (input: Tensor, ...args: readonly ReduceArg[]): Tensor => prodCall('torch', input, args),
  amax: (input: Tensor, ...args: readonly ReduceArg[]): Tensor => amaxCall('max', 'torch', input, args),
  amin: (input: Tensor, ...args: readonly ReduceArg[]): Tensor => amaxCall('min', 'torch', input, args),
  max,
  min,
  argmax: (input: Tensor, ...args: readonly ReduceArg[]): Tensor => argCall('max', 'torch', input, args),
  argmin: (input: Tensor, ...args: readonly ReduceArg[]): Tensor => argCall('min', 'torch', input, args),
  std: (input: Tensor, ...args: readonly ReduceArg[]): Tensor => varStdCall('std', 'torch', input, args),
  var: (input: Tensor, ...args: readonly ReduceArg[]): Tensor => varStdCall('var', 'torch', input, args),
  norm: (input: Tensor, ...args: readonly (ReduceArg | 'fro' | 'nuc')[]): Tensor => normCall('torch', input, args),
  cumsum: (input: Tensor, ...args: readonly ReduceArg[]): Tensor => cumsumCall('torch', input, args),
  sort: (input: Tensor, ...args: readonly ReduceArg[]): ValuesIndices => sortCall('torch', input, args),
  topk: (input: Tensor, ...args: readonly ReduceArg[]): ValuesIndices => topkCall('torch', input, args),
  quantile: (input: Tensor, ...args: readonly (ReduceArg | Tensor)[]): Tensor => quantileCall('torch', input, args),
  unique: (input: Tensor, ...args: readonly ReduceArg[]): Tensor | TensorTuple => uniqueCall('torch', input, args),
  histc: (input: Tensor, ...args: readonly ReduceArg[]): Tensor => histcCall('torch', input, args),
});
