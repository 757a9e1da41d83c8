/**
 * Python's result tuples, printable as Python prints them (the kernel prints any object through
 * its own toString, app/kernel/runtime/format-value.ts):
 *   `torch.return_types.max(values=…, indices=…)` — a named tuple: `r.values`, `r[0]`,
 *   `const { values, indices } = r`, `const [v, i] = r`;
 *   a plain tuple `(tensor(…), tensor(…))` for `torch.unique(…, return_counts=True)` and friends.
 */
import type { Tensor } from './tensor.ts';

export type ReturnTypeName = 'max' | 'min' | 'sort' | 'topk';

export class ValuesIndices implements Iterable<Tensor> {
  readonly length = 2;
  declare readonly 0: Tensor;
  declare readonly 1: Tensor;

  constructor(
    readonly name: ReturnTypeName,
    readonly values: Tensor,
    readonly indices: Tensor,
  ) {
    // indexable like the Python tuple, but not enumerable (destructuring uses the names)
    Object.defineProperty(this, 0, { value: values });
    Object.defineProperty(this, 1, { value: indices });
    Object.freeze(this);
  }

  *[Symbol.iterator](): Iterator<Tensor> {
    yield this.values;
    yield this.indices;
  }

  /** PyTorch 1.13's structseq repr. */
  toString(): string {
    return `torch.return_types.${this.name}(\nvalues=${this.values.toString()},\nindices=${this.indices.toString()})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** A Python tuple of tensors: indexable, iterable, printed `(a, b)`. */
export class TensorTuple implements Iterable<Tensor> {
  readonly length: number;
  [index: number]: Tensor;

  constructor(readonly items: readonly Tensor[]) {
    this.length = items.length;
    items.forEach((t, i) => Object.defineProperty(this, i, { value: t }));
    Object.freeze(this);
  }

  [Symbol.iterator](): Iterator<Tensor> {
    return this.items[Symbol.iterator]();
  }

  toString(): string {
    return `(${this.items.map((t) => t.toString()).join(', ')}${this.items.length === 1 ? ',' : ''})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
