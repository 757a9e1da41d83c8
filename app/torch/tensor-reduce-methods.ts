/**
 * Tensor's reduction methods (`t.sum(1)`, `t.max(1)`, `t.std()` …), installed on
 * Tensor.prototype when this module is imported (index.ts does, once), so tensor.ts stays
 * small and free of an import cycle with the kernels. The declarations below merge into the
 * Tensor class's type.
 */
import type { DTypeName } from './dtype.ts';
import { Tensor } from './tensor.ts';
import { amaxCall, argCall, extremeCall, meanCall, prodCall, sumCall } from './reduce-api.ts';
import { cumsumCall, normCall, varStdCall } from './reduce-stats-api.ts';
import { histcCall, quantileCall, sortCall, topkCall, uniqueCall } from './reduce-order-api.ts';
import type { TensorTuple, ValuesIndices } from './return-types.ts';

/** Python keyword arguments: `{ dim: 1, keepdim: true }`. */
export type KeywordArgs = Readonly<Record<string, unknown>>;
/** A dim, several dims, keepdim, or trailing keyword arguments, in Python's order. */
export type ReduceArg = number | readonly number[] | boolean | null | undefined | KeywordArgs;

declare module './tensor.ts' {
  interface Tensor<K extends DTypeName = DTypeName> {
    /** `t.sum()`, `t.sum(1)`, `t.sum([0, 1], true)`, `t.sum({ dim: 1, keepdim: true, dtype })`. */
    sum(...args: readonly ReduceArg[]): Tensor;
    mean(...args: readonly ReduceArg[]): Tensor;
    /** One dim only, as in PyTorch. */
    prod(...args: readonly ReduceArg[]): Tensor;
    amax(...args: readonly ReduceArg[]): Tensor;
    amin(...args: readonly ReduceArg[]): Tensor;
    /** `t.max()` (whole tensor), `t.max(other)` (element-wise), `t.max(dim, keepdim?)` → (values, indices). */
    max(): Tensor<K>;
    max(other: Tensor | { readonly other: Tensor }): Tensor;
    max(dim: number, keepdim?: boolean | KeywordArgs, options?: KeywordArgs): ValuesIndices;
    max(options: KeywordArgs & { readonly dim: number }): ValuesIndices;
    min(): Tensor<K>;
    min(other: Tensor | { readonly other: Tensor }): Tensor;
    min(dim: number, keepdim?: boolean | KeywordArgs, options?: KeywordArgs): ValuesIndices;
    min(options: KeywordArgs & { readonly dim: number }): ValuesIndices;
    argmax(...args: readonly ReduceArg[]): Tensor<'int64'>;
    argmin(...args: readonly ReduceArg[]): Tensor<'int64'>;
    /** `t.std()`, `t.std(1)`, `t.std(1, false)` (unbiased), `t.std({ dim, correction: 0, keepdim })`. */
    std(...args: readonly ReduceArg[]): Tensor<K>;
    var(...args: readonly ReduceArg[]): Tensor<K>;
    /** `t.norm()` (Frobenius), `t.norm(1)`, `t.norm(Infinity, 0)`, `t.norm({ p: 2, dim: 1, keepdim: true })`. */
    norm(...args: readonly (ReduceArg | 'fro' | 'nuc')[]): Tensor<K>;
    /** `t.cumsum(0)`, `t.cumsum({ dim: 1, dtype: torch.float64 })`. */
    cumsum(...args: readonly ReduceArg[]): Tensor;
    /** `t.sort()`, `t.sort(0, true)`, `t.sort({ dim, descending, stable })` → (values, indices). */
    sort(...args: readonly ReduceArg[]): ValuesIndices;
    /** `t.topk(3)`, `t.topk(3, 0, false)`, `t.topk({ k, dim, largest })` → (values, indices). */
    topk(...args: readonly ReduceArg[]): ValuesIndices;
    /** `t.quantile(0.5)`, `t.quantile(torch.tensor([0.1, 0.9]), 1, { interpolation: 'nearest' })`. */
    quantile(...args: readonly (ReduceArg | Tensor)[]): Tensor<K>;
    /** `t.unique()`; with `{ return_inverse: true }` / `{ return_counts: true }` a tuple. */
    unique(...args: readonly ReduceArg[]): Tensor<K> | TensorTuple;
    /** `t.histc()`, `t.histc(10)`, `t.histc({ bins: 5, min: -1, max: 1 })`. */
    histc(...args: readonly ReduceArg[]): Tensor<K>;
  }
}

/** Defines a non-enumerable method, like a class method (the overloads are typed above). */
function install(name: string, method: (this: Tensor, ...args: unknown[]) => unknown): void {
  Object.defineProperty(Tensor.prototype, name, { value: method, writable: true, configurable: true });
}

install('sum', function (...args) {
  return sumCall('Tensor', this, args);
});
install('mean', function (...args) {
  return meanCall('Tensor', this, args);
});
install('prod', function (...args) {
  return prodCall('Tensor', this, args);
});
install('amax', function (...args) {
  return amaxCall('max', 'Tensor', this, args);
});
install('amin', function (...args) {
  return amaxCall('min', 'Tensor', this, args);
});
install('max', function (...args) {
  return extremeCall('max', 'Tensor', this, args);
});
install('min', function (...args) {
  return extremeCall('min', 'Tensor', this, args);
});
install('argmax', function (...args) {
  return argCall('max', 'Tensor', this, args);
});
install('argmin', function (...args) {
  return argCall('min', 'Tensor', this, args);
});
install('std', function (...args) {
  return varStdCall('std', 'Tensor', this, args);
});
install('var', function (...args) {
  return varStdCall('var', 'Tensor', this, args);
});
install('norm', function (...args) {
  return normCall('Tensor', this, args);
});
install('cumsum', function (...args) {
  return cumsumCall('Tensor', this, args);
});
install('sort', function (...args) {
  return sortCall('Tensor', this, args);
});
install('topk', function (...args) {
  return topkCall('Tensor', this, args);
});
install('quantile', function (...args) {
  return quantileCall('Tensor', this, args);
});
install('unique', function (...args) {
  return uniqueCall('Tensor', this, args);
});
install('histc', function (...args) {
  return histcCall('Tensor', this, args);
});
