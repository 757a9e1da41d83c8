/**
 * Shape ops that are views in PyTorch: transpose, permute, t/T/mT, squeeze, unsqueeze, flatten,
 * expand, diagonal, select, narrow, and view/reshape. Each is a transform of (sizes, strides,
 * offset) as in ATen, applied by `viewOf` (strided.ts): results share storage when the view is a
 * contiguous block of the input, otherwise they are copies (see strided.ts on what that means
 * for writes through `.data`).
 */
import type { DTypeName } from './dtype.ts';
import type { Tensor } from './tensor.ts';
import { describeShape, shapeNumel } from './shape.ts';
import { type Layout, contiguousStrides, setTorchStrides, torchLayout, viewOf } from './strided.ts';
import { intArg, intListArg, wrapDim } from './tensor-args.ts';
import { Tensor as TensorClass } from './tensor.ts';

export function transpose<K extends DTypeName>(t: Tensor<K>, dim0: number, dim1: number): Tensor<K> {
  const a = wrapDim(intArg(dim0, 'transpose', 'dim0'), t.dim());
  const b = wrapDim(intArg(dim1, 'transpose', 'dim1'), t.dim());
  if (t.dim() === 0) return viewOf(t, (l) => l);
  return viewOf(t, (l) => {
    const shape = [...l.shape];
    const strides = [...l.strides];
    [shape[a], shape[b]] = [shape[b]!, shape[a]!];
    [strides[a], strides[b]] = [strides[b]!, strides[a]!];
    return { shape, strides, offset: l.offset };
  });
}

export function permute<K extends DTypeName>(t: Tensor<K>, dimsArgs: readonly unknown[]): Tensor<K> {
  const dims = intListArg(dimsArgs, 'permute', 'dims');
  if (dims.length !== t.dim()) {
    throw new RangeError(
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${t.dim()} is not equal to len(dims) = ${dims.length}`,
    );
  }
  const wrapped = dims.map((d) => wrapDim(d, t.dim()));
  if (new Set(wrapped).size !== wrapped.length) throw new RangeError('permute(): duplicate dims are not allowed.');
  return viewOf(t, (l) => ({ shape: wrapped.map((d) => l.shape[d]!), strides: wrapped.map((d) => l.strides[d]!), offset: l.offset }));
}

/** Tensor.t(): transposes a 2-D tensor; 0-D and 1-D tensors come back as they are. */
export function t2d<K extends DTypeName>(t: Tensor<K>): Tensor<K> {
  if (t.dim() > 2) throw new RangeError(`t() expects a tensor with <= 2 dimensions, but self is ${t.dim()}D`);
  return t.dim() < 2 ? viewOf(t, (l) => l) : transpose(t, 0, 1);
}

/** Tensor.T: all dimensions reversed (PyTorch warns that this is deprecated for ndim != 2). */
export function reversedDims<K extends DTypeName>(t: Tensor<K>): Tensor<K> {
  return permute(t, [[...Array(t.dim()).keys()].reverse()]);
}

/** Tensor.mT: the last two dimensions swapped. */
export function matrixTranspose<K extends DTypeName>(t: Tensor<K>): Tensor<K> {
  if (t.dim() === 0) return viewOf(t, (l) => l);
  if (t.dim() < 2) throw new RangeError(`tensor.mT is only supported on matrices or batches of matrices. Got ${t.dim()}-D tensor.`);
  return transpose(t, -2, -1);
}

export function squeeze<K extends DTypeName>(t: Tensor<K>, dim?: number): Tensor<K> {
  const keep = (axis: number, size: number): boolean => size !== 1 || (dim !== undefined && axis !== wrapDim(dim, t.dim()));
  if (dim !== undefined) intArg(dim, 'squeeze', 'dim');
  if (dim !== undefined && t.dim() > 0) wrapDim(dim, t.dim());
  return viewOf(t, (l) => {
    const axes = l.shape.map((_, i) => i).filter((i) => keep(i, l.shape[i]!));
    return { shape: axes.map((i) => l.shape[i]!), strides: axes.map((i) => l.strides[i]!), offset: l.offset };
  });
}

export function unsqueeze<K extends DTypeName>(t: Tensor<K>, dim: number): Tensor<K> {
  const axis = wrapDim(intArg(dim, 'unsqueeze', 'dim'), t.dim() + 1);
  return viewOf(t, (l) => {
    const shape = [...l.shape];
    const strides = [...l.strides];
    // ATen: the new dim's stride is size*stride of the dim it precedes (1 at the end)
    const stride = axis >= l.shape.length ? 1 : l.shape[axis]! * l.strides[axis]!;
    shape.splice(axis, 0, 1);
    strides.splice(axis, 0, stride);
    return { shape, strides, offset: l.offset };
  });
}

export function expand<K extends DTypeName>(t: Tensor<K>, sizesArgs: readonly unknown[]): Tensor<K> {
  const sizes = intListArg(sizesArgs, 'expand', 'size');
  if (sizes.length < t.dim()) {
    throw new RangeError(
      `expand(torch.${t.dtype.name}{${describeShape(t.shape).slice(1, -1)}}, size=${describeShape(sizes)}): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${t.dim()})`,
    );
  }
  return viewOf(t, (l) => {
    const lead = sizes.length - l.shape.length;
    const shape: number[] = [];
    const strides: number[] = [];
    sizes.forEach((size, i) => {
      const axis = i - lead;
      const current = axis >= 0 ? l.shape[axis]! : 1;
      if (axis < 0 && size === -1)
        throw new RangeError(`The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`);
      const target = size === -1 ? current : size;
      if (current !== target && current !== 1) {
        throw new RangeError(
          `The expanded size of the tensor (${target}) must match the existing size (${current}) at non-singleton dimension ${i}.  Target sizes: ${describeShape(sizes)}.  Tensor sizes: ${describeShape(t.shape)}`,
        );
      }
      shape.push(target);
      strides.push(axis < 0 || current !== target ? 0 : l.strides[axis]!);
    });
    return { shape, strides, offset: l.offset };
  });
}

export function diagonal<K extends DTypeName>(t: Tensor<K>, offset = 0, dim1 = 0, dim2 = 1): Tensor<K> {
  const a = wrapDim(intArg(dim1, 'diagonal', 'dim1'), t.dim());
  const b = wrapDim(intArg(dim2, 'diagonal', 'dim2'), t.dim());
  intArg(offset, 'diagonal', 'offset');
  if (a === b) throw new RangeError(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  return viewOf(t, (l) => {
    const length = Math.max(0, offset >= 0 ? Math.min(l.shape[a]!, l.shape[b]! - offset) : Math.min(l.shape[a]! + offset, l.shape[b]!));
    const start = length === 0 ? 0 : offset >= 0 ? offset * l.strides[b]! : -offset * l.strides[a]!;
    const rest = l.shape.map((_, i) => i).filter((i) => i !== a && i !== b);
    return {
      shape: [...rest.map((i) => l.shape[i]!), length],
      strides: [...rest.map((i) => l.strides[i]!), l.strides[a]! + l.strides[b]!],
      offset: l.offset + start,
    };
  });
}

export function select<K extends DTypeName>(t: Tensor<K>, dim: number, index: number): Tensor<K> {
  if (t.dim() === 0) throw new RangeError('select() cannot be applied to a 0-dim tensor.');
  const axis = wrapDim(intArg(dim, 'select', 'dim'), t.dim());
  const size = t.shape[axis]!;
  const i = intArg(index, 'select', 'index');
  if (i < -size || i >= size) {
    throw new RangeError(`select(): index ${i} out of range for tensor of size ${describeShape(t.shape)} at dimension ${axis}`);
  }
  const at = i < 0 ? i + size : i;
  return viewOf(t, (l) => ({
    shape: l.shape.filter((_, d) => d !== axis),
    strides: l.strides.filter((_, d) => d !== axis),
    offset: l.offset + at * l.strides[axis]!,
  }));
}

export function narrow<K extends DTypeName>(t: Tensor<K>, dim: number, start: number, length: number): Tensor<K> {
  if (t.dim() === 0) throw new RangeError('narrow() cannot be applied to a 0-dim tensor.');
  const axis = wrapDim(intArg(dim, 'narrow', 'dim'), t.dim());
  const size = t.shape[axis]!;
  let from = intArg(start, 'narrow', 'start');
  const count = intArg(length, 'narrow', 'length');
  if (from < -size || from > size) {
    throw new RangeError(`start out of range (expected to be in range of [${-size}, ${size}], but got ${from})`);
  }
  if (from < 0) from += size;
  if (count < 0) throw new RangeError('narrow(): length must be non-negative.');
  if (from + count > size) throw new RangeError(`start (${from}) + length (${count}) exceeds dimension size (${size}).`);
  return viewOf(t, (l) => ({
    shape: l.shape.map((s, d) => (d === axis ? count : s)),
    strides: l.strides,
    offset: l.offset + from * l.strides[axis]!,
  }));
}

export function flatten<K extends DTypeName>(t: Tensor<K>, startDim = 0, endDim = -1): Tensor<K> {
  if (t.dim() === 0) return reshapeTo(t, [1], 'flatten');
  const start = wrapDim(intArg(startDim, 'flatten', 'start_dim'), t.dim());
  const end = wrapDim(intArg(endDim, 'flatten', 'end_dim'), t.dim());
  if (start > end) throw new RangeError('flatten() has invalid args: start_dim cannot come after end_dim');
  if (start === end) return viewOf(t, (l) => l);
  const merged = shapeNumel(t.shape.slice(start, end + 1));
  return reshapeTo(t, [...t.shape.slice(0, start), merged, ...t.shape.slice(end + 1)], 'flatten');
}

/** Sizes with one -1 inferred, as view/reshape accept them. */
export function inferSize(requested: readonly number[], numel: number): number[] {
  const inferred = requested.indexOf(-1);
  if (inferred !== requested.lastIndexOf(-1)) throw new RangeError('only one dimension can be inferred');
  const known = requested.reduce((p, s) => (s === -1 ? p : p * s), 1);
  const shape = [...requested];
  if (inferred >= 0 && known !== 0 && numel % known === 0) shape[inferred] = numel / known;
  if (shape.some((s) => !Number.isInteger(s) || s < 0) || shapeNumel(shape) !== numel) {
    throw new RangeError(`shape '${describeShape(requested)}' is invalid for input of size ${numel}`);
  }
  return shape;
}

/**
 * ATen's computeStride: the strides a view of `layout` with `shape` would have, or null when the
 * old strides cannot express it (PyTorch's view() then fails; reshape() copies).
 */
export function viewStrides(layout: Layout, shape: readonly number[]): number[] | null {
  const { shape: oldShape, strides: oldStrides } = layout;
  if (shapeNumel(oldShape) === 0) return contiguousStrides(shape);
  const newStrides = new Array<number>(shape.length).fill(0);
  let viewD = shape.length - 1;
  let chunkBase = oldStrides[oldStrides.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = oldShape.length - 1; d >= 0; d--) {
    tensorNumel *= oldShape[d]!;
    if (d === 0 || (oldShape[d - 1] !== 1 && oldStrides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || shape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBase;
        viewNumel *= shape[viewD]!;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = oldStrides[d - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return newStrides;
}

/** reshape: a view when PyTorch can make one (sharing storage), otherwise a contiguous copy. */
function reshapeTo<K extends DTypeName>(t: Tensor<K>, shape: readonly number[], _call: string): Tensor<K> {
  const out = new TensorClass(t.data, shape, t.dtype);
  const strides = viewStrides(torchLayout(t), shape);
  if (strides !== null) setTorchStrides(out, strides);
  return out;
}

function sizesOf(args: readonly unknown[], call: string): number[] {
  return intListArg(args, call, 'shape');
}

export function reshape<K extends DTypeName>(t: Tensor<K>, args: readonly unknown[]): Tensor<K> {
  return reshapeTo(t, inferSize(sizesOf(args, 'reshape'), t.numel()), 'reshape');
}

/** Tensor.view: like reshape, but refuses (as PyTorch does) a shape the input's strides cannot express. */
export function view<K extends DTypeName>(t: Tensor<K>, args: readonly unknown[]): Tensor<K> {
  const shape = inferSize(sizesOf(args, 'view'), t.numel());
  if (viewStrides(torchLayout(t), shape) === null) {
    throw new RangeError(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    );
  }
  return reshapeTo(t, shape, 'view');
}
