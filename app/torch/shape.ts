/** Shape helpers shared by tensor construction, ops and repr. */

export function shapeNumel(shape: readonly number[]): number {
  let n = 1;
  for (const size of shape) n *= size;
  return n;
}

export function describeShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

export function checkShape(shape: readonly number[]): void {
  for (const size of shape) {
    if (!Number.isInteger(size) || size < 0) {
      throw new RangeError(`Trying to create tensor with negative dimension or non-integer size ${size}: ${describeShape(shape)}`);
    }
  }
}

/**
 * Sizes as PyTorch factories accept them: `rand(2, 3)`, `rand([2, 3])` or `rand()` for a 0-dim tensor.
 */
export function parseSizes(args: readonly (number | readonly number[])[], fnName: string): number[] {
  const first = args[0];
  const sizes: unknown[] = args.length === 1 && Array.isArray(first) ? [...first] : [...args];
  for (const size of sizes) {
    if (typeof size !== 'number' || !Number.isInteger(size)) {
      throw new TypeError(
        `${fnName}(): argument 'size' must be a sequence of ints, but got ${typeof size === 'number' ? size : typeof size}`,
      );
    }
    if (size < 0) {
      throw new RangeError(`${fnName}(): Trying to create tensor with negative dimension ${size}: [${sizes.join(', ')}]`);
    }
  }
  return sizes as number[];
}

/** Result shape when broadcasting two shapes, or an error naming both (PyTorch's wording). */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const ndim = Math.max(a.length, b.length);
  const out = new Array<number>(ndim);
  // PyTorch (infer_size) checks from the last dimension, so the error names the rightmost mismatch
  for (let i = ndim - 1; i >= 0; i--) {
    const sa = a[a.length - ndim + i] ?? 1;
    const sb = b[b.length - ndim + i] ?? 1;
    if (sa !== sb && sa !== 1 && sb !== 1) {
      throw new RangeError(`The size of tensor a (${sa}) must match the size of tensor b (${sb}) at non-singleton dimension ${i}`);
    }
    out[i] = sa === 1 ? sb : sa;
  }
  return out;
}
