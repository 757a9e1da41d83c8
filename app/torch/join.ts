/** Joining, splitting and tiling: cat/concat, stack, split (size or list of sizes), chunk, repeat. */
import type { DTypeName } from './dtype.ts';
import { Tensor } from './tensor.ts';
import { describeShape, shapeNumel } from './shape.ts';
import { resultType } from './promote.ts';
import { promotionOperand } from './operands.ts';
import { gatherStorage, concatStorage, contiguousStrides } from './strided.ts';
import { narrow, unsqueeze } from './shape-ops.ts';
import { checkOptions, type Options } from './args.ts';
import { intArg, pyTypeName, wrapDim } from './tensor-args.ts';

function tensorList(value: unknown, call: string): Tensor[] {
  if (!Array.isArray(value))
    throw new TypeError(`${call}(): argument 'tensors' (position 1) must be tuple of Tensors, not ${pyTypeName(value)}`);
  return value.map((item, i) => {
    if (!(item instanceof Tensor))
      throw new TypeError(
        `${call}(): argument 'tensors' (position 1) must be tuple of Tensors, but found element of type ${pyTypeName(item)} at pos ${i}`,
      );
    return item;
  });
}

/** dim as a positional argument or `{ dim }`. */
function dimOption(call: string, dim: number | Options | undefined, options: Options): number {
  const keywords = typeof dim === 'object' ? dim : options;
  checkOptions(`torch.${call}`, keywords, ['dim'], ['out']);
  const value = typeof dim === 'number' ? dim : (keywords.dim ?? 0);
  return intArg(value, call, 'dim');
}

/** torch.cat(tensors, dim=0): promotes to a common dtype; 1-D empty tensors are skipped (legacy rule kept by 1.13). */
export function cat(tensors: readonly Tensor[], dim: number | Options = 0, options: Options = {}): Tensor {
  const all = tensorList(tensors, 'cat');
  if (all.length === 0) throw new RangeError('torch.cat(): expected a non-empty list of Tensors');
  const requested = dimOption('cat', dim, options);
  const dtype = resultType(all.map((t) => promotionOperand(t)));
  const parts = all.filter((t) => !(t.dim() === 1 && t.numel() === 0));
  if (parts.length === 0) return new Tensor(dtype.allocate(0), [0], dtype);
  const ref = parts[0]!;
  if (ref.dim() === 0) throw new RangeError('zero-dimensional tensor (at position 0) cannot be concatenated');
  const axis = wrapDim(requested, ref.dim());
  parts.forEach((t, i) => {
    if (t.dim() !== ref.dim()) {
      throw new RangeError(`Tensors must have same number of dimensions: got ${ref.dim()} and ${t.dim()}`);
    }
    t.shape.forEach((size, d) => {
      if (d !== axis && size !== ref.shape[d]) {
        throw new RangeError(
          `Sizes of tensors must match except in dimension ${axis}. Expected size ${ref.shape[d]} but got size ${size} for tensor number ${i} in the list.`,
        );
      }
    });
  });
  const shape = [...ref.shape];
  shape[axis] = parts.reduce((n, t) => n + t.shape[axis]!, 0);
  const outer = shapeNumel(ref.shape.slice(0, axis));
  const inner = shapeNumel(ref.shape.slice(axis + 1));
  const all32 = parts.map((t) => t.to(dtype));
  const offsets: number[] = [];
  let total = 0;
  for (const t of all32) {
    offsets.push(total);
    total += t.numel();
  }
  // one gather from the parts laid end to end: for each outer row, each part's block in turn
  const index = new Int32Array(shapeNumel(shape));
  let k = 0;
  for (let o = 0; o < outer; o++) {
    all32.forEach((t, p) => {
      const block = t.shape[axis]! * inner;
      for (let j = 0; j < block; j++) index[k++] = offsets[p]! + o * block + j;
    });
  }
  return new Tensor(
    gatherStorage(
      concatStorage(
        all32.map((t) => t.data),
        dtype,
      ),
      dtype,
      index,
    ),
    shape,
    dtype,
  );
}

/** torch.concat is an alias of torch.cat. */
export const concat = (tensors: readonly Tensor[], dim: number | Options = 0, options: Options = {}): Tensor => cat(tensors, dim, options);

/** torch.stack(tensors, dim=0): all tensors of equal size, joined along a new dim. */
export function stack(tensors: readonly Tensor[], dim: number | Options = 0, options: Options = {}): Tensor {
  const all = tensorList(tensors, 'stack');
  if (all.length === 0) throw new RangeError('stack expects a non-empty TensorList');
  const axis = wrapDim(dimOption('stack', dim, options), all[0]!.dim() + 1);
  all.forEach((t, i) => {
    if (t.shape.length !== all[0]!.shape.length || t.shape.some((s, d) => s !== all[0]!.shape[d])) {
      throw new RangeError(
        `stack expects each tensor to be equal size, but got ${describeShape(all[0]!.shape)} at entry 0 and ${describeShape(t.shape)} at entry ${i}`,
      );
    }
  });
  return cat(
    all.map((t) => unsqueeze(t, axis)),
    axis,
  );
}

/** Tensor.split / torch.split: an int chunk size (the last may be smaller) or a list of sizes. Views. */
export function split<K extends DTypeName>(
  t: Tensor<K>,
  sizeOrSections: number | readonly number[],
  dim: number | Options = 0,
  options: Options = {},
): Tensor<K>[] {
  const axis = wrapDim(dimOption('split', dim, options), t.dim());
  if (t.dim() === 0) throw new RangeError('split expects at least a 1-dimensional tensor');
  const size = t.shape[axis]!;
  if (Array.isArray(sizeOrSections)) {
    const sections = sizeOrSections.map((s) => intArg(s, 'split', 'split_size'));
    const sum = sections.reduce((a, b) => a + b, 0);
    if (sum !== size || sections.some((s) => s < 0)) {
      throw new RangeError(
        `split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${axis}), but got split_sizes=${describeShape(sections)}`,
      );
    }
    let start = 0;
    return sections.map((s) => {
      const part = narrow(t, axis, start, s);
      start += s;
      return part;
    });
  }
  const chunk = intArg(sizeOrSections, 'split', 'split_size');
  if (chunk < 0) throw new RangeError(`split expects split_size be non-negative, but got split_size=${chunk}`);
  if (chunk === 0 && size !== 0) throw new RangeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${size}`);
  const count = chunk === 0 ? 1 : Math.max(1, Math.ceil(size / chunk));
  return Array.from({ length: count }, (_, i) => narrow(t, axis, i * chunk, Math.min(chunk, size - i * chunk)));
}

/** torch.chunk: ceil(size / chunks) per chunk; may return fewer than `chunks`. */
export function chunk<K extends DTypeName>(t: Tensor<K>, chunks: number, dim: number | Options = 0, options: Options = {}): Tensor<K>[] {
  const count = intArg(chunks, 'chunk', 'chunks');
  if (count <= 0) throw new RangeError('chunk expects `chunks` to be greater than 0, got: ' + count);
  const axis = wrapDim(dimOption('chunk', dim, options), t.dim());
  if (t.dim() === 0) throw new RangeError('chunk expects at least a 1-dimensional tensor');
  const size = t.shape[axis]!;
  return split(t, Math.ceil(size / count), axis);
}

/** Tensor.repeat(*sizes): tiles the tensor (sizes may add leading dims). A copy. */
export function repeat<K extends DTypeName>(t: Tensor<K>, sizes: readonly number[]): Tensor<K> {
  if (sizes.length < t.dim()) {
    throw new RangeError('Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor');
  }
  const lead = sizes.length - t.dim();
  const inShape = [...Array<number>(lead).fill(1), ...t.shape];
  const outShape = sizes.map((s, d) => {
    if (s < 0) throw new RangeError(`Trying to create tensor with negative dimension ${s}: ${describeShape(sizes)}`);
    return s * inShape[d]!;
  });
  const inStrides = contiguousStrides(inShape);
  const n = shapeNumel(outShape);
  const index = new Int32Array(n);
  const counter = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < n; i++) {
    let source = 0;
    for (let d = 0; d < outShape.length; d++) source += (counter[d]! % inShape[d]!) * inStrides[d]!;
    index[i] = source;
    for (let d = outShape.length - 1; d >= 0; d--) {
      if (++counter[d]! < outShape[d]!) break;
      counter[d] = 0;
    }
  }
  return new Tensor(gatherStorage(t.data, t.dtype, index), outShape, t.dtype);
}
