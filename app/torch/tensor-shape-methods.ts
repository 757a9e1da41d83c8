/**
 * Shape and indexing methods of Tensor (t, T, mT, transpose, permute, reshape, view, flatten,
 * squeeze, unsqueeze, expand, expand_as, repeat, split, chunk, diagonal, select, narrow,
 * index_select, contiguous, is_contiguous, stride, and the slicing helpers `at` and `slice`), installed on
 * the prototype when index.ts imports this file.
 */
import type { DTypeName, StorageMap } from './dtype.ts';
import { Tensor } from './tensor.ts';
import * as so from './shape-ops.ts';
import { split, chunk, repeat } from './join.ts';
import { at, index_select } from './indexing.ts';
import { sliceFirstDim } from './view.ts';
import { isTorchContiguous, torchLayout } from './strided.ts';
import { checkOptions, refuseKeywordArgs, type Options } from './args.ts';
import { intListArg, toTensorArg, wrapDim } from './tensor-args.ts';

declare module './tensor.ts' {
  interface Tensor<K extends DTypeName = DTypeName> {
    t(): Tensor<K>;
    readonly T: Tensor<K>;
    readonly mT: Tensor<K>;
    transpose(dim0: number, dim1: number): Tensor<K>;
    permute(...dims: (number | readonly number[])[]): Tensor<K>;
    reshape(...shape: (number | readonly number[])[]): Tensor<K>;
    view(...shape: (number | readonly number[])[]): Tensor<K>;
    flatten(startDim?: number, endDim?: number): Tensor<K>;
    squeeze(dim?: number): Tensor<K>;
    unsqueeze(dim: number): Tensor<K>;
    expand(...sizes: (number | readonly number[])[]): Tensor<K>;
    expand_as(other: Tensor): Tensor<K>;
    repeat(...sizes: (number | readonly number[])[]): Tensor<K>;
    split(sizeOrSections: number | readonly number[], dim?: number | Options): Tensor<K>[];
    chunk(chunks: number, dim?: number | Options): Tensor<K>[];
    diagonal(offset?: number, dim1?: number, dim2?: number): Tensor<K>;
    /** `t.select(dim, index)`: PyTorch's select (`t[:, i]` is `t.select(1, i)`). */
    select(dim: number, index: number): Tensor<K>;
    narrow(dim: number, start: number, length: number): Tensor<K>;
    index_select(dim: number, index: Tensor, options?: Options): Tensor<K>;
    /** Every tensor's storage is contiguous here; returns `this` when PyTorch's would be contiguous too, else a copy. */
    contiguous(options?: Options): Tensor<K>;
    /** Whether PyTorch's tensor would be contiguous (false after transpose, expand, …). */
    is_contiguous(options?: Options): boolean;
    /** The strides PyTorch would report (`t.stride()` or `t.stride(dim)`). */
    stride(dim?: number): number | readonly number[];
    /** Python's `t[…]`: `t.at(":, 2")`, `t.at(":", 2)`, `t.at(0)`, `t.at("..., None")`, `t.at("1:5:2")`. */
    at(...index: (number | bigint | string | null)[]): Tensor<K>;
    /** Python's `t[start:end]` on the first dimension: a view sharing storage. */
    slice(start?: number | null, end?: number | null): Tensor<K>;
  }
}

type AnyTensor = Tensor<DTypeName>;

const methods = {
  t(this: AnyTensor) {
    return so.t2d(this);
  },
  transpose(this: AnyTensor, dim0: number, dim1: number) {
    return so.transpose(this, dim0, dim1);
  },
  permute(this: AnyTensor, ...dims: unknown[]) {
    return so.permute(this, dims);
  },
  reshape(this: AnyTensor, ...shape: unknown[]) {
    return so.reshape(this, shape);
  },
  view(this: AnyTensor, ...shape: unknown[]) {
    return so.view(this, shape);
  },
  flatten(this: AnyTensor, startDim?: number, endDim?: number) {
    return so.flatten(this, startDim, endDim);
  },
  squeeze(this: AnyTensor, dim?: number) {
    return so.squeeze(this, dim);
  },
  unsqueeze(this: AnyTensor, dim: number) {
    return so.unsqueeze(this, dim);
  },
  expand(this: AnyTensor, ...sizes: unknown[]) {
    return so.expand(this, sizes);
  },
  expand_as(this: AnyTensor, other: Tensor) {
    return so.expand(this, [toTensorArg(other, 'Tensor.expand_as', 'other').shape]);
  },
  repeat(this: AnyTensor, ...sizes: unknown[]) {
    return repeat(this, intListArg(sizes, 'repeat', 'repeats'));
  },
  split(this: AnyTensor, sizeOrSections: number | readonly number[], dim?: number | Options) {
    return split(this, sizeOrSections, dim);
  },
  chunk(this: AnyTensor, chunks: number, dim?: number | Options) {
    return chunk(this, chunks, dim);
  },
  diagonal(this: AnyTensor, offset?: number, dim1?: number, dim2?: number) {
    return so.diagonal(this, offset, dim1, dim2);
  },
  select(this: AnyTensor, dim: number, index: number) {
    if (index === undefined)
      throw new TypeError(
        "select() missing 1 required positional argument: 'index' (PyTorch's select takes (dim, index); t[i] is t.at(i))",
      );
    return so.select(this, dim, index);
  },
  narrow(this: AnyTensor, dim: number, start: number, length: number) {
    return so.narrow(this, dim, start, length);
  },
  index_select(this: AnyTensor, dim: number, index: Tensor, options?: Options) {
    return index_select(this, dim, index, options);
  },
  contiguous(this: AnyTensor, options: Options = {}) {
    checkOptions('Tensor.contiguous', options, [], ['memory_format']);
    return isTorchContiguous(this) ? this : new Tensor(this.data.slice() as StorageMap[DTypeName], this.shape, this.dtype);
  },
  is_contiguous(this: AnyTensor, options: Options = {}) {
    checkOptions('Tensor.is_contiguous', options, [], ['memory_format']);
    return isTorchContiguous(this);
  },
  stride(this: AnyTensor, dim?: number) {
    const { strides } = torchLayout(this);
    return dim === undefined ? strides : (strides[wrapDim(dim, this.dim())] ?? 1);
  },
  at(this: AnyTensor, ...index: unknown[]) {
    return at(this, index);
  },
  slice(this: AnyTensor, start?: number | null, end?: number | null) {
    return sliceFirstDim(this, start ?? undefined, end ?? undefined);
  },
};

const getters = {
  T(this: AnyTensor) {
    return so.reversedDims(this);
  },
  mT(this: AnyTensor) {
    return so.matrixTranspose(this);
  },
};

/** Names of the methods and attributes this file installs (for the audit). */
export const SHAPE_METHOD_NAMES: readonly string[] = [...Object.keys(methods), ...Object.keys(getters)];

/** Methods PyTorch gives no keyword-only options: a trailing `{ … }` would be silently ignored, so it is refused. */
const POSITIONAL_ONLY = new Set([
  't',
  'transpose',
  'permute',
  'reshape',
  'view',
  'flatten',
  'squeeze',
  'unsqueeze',
  'expand',
  'expand_as',
  'repeat',
  'diagonal',
  'select',
  'narrow',
]);

for (const [name, fn] of Object.entries(methods)) {
  const call = `torch.Tensor.${name}()`;
  const value = POSITIONAL_ONLY.has(name)
    ? function (this: Tensor, ...args: unknown[]): unknown {
        refuseKeywordArgs(call, args);
        return Reflect.apply(fn, this, args);
      }
    : fn;
  Object.defineProperty(Tensor.prototype, name, { value, writable: true, configurable: true, enumerable: false });
}
for (const [name, get] of Object.entries(getters)) {
  Object.defineProperty(Tensor.prototype, name, { get, configurable: true, enumerable: false });
}
