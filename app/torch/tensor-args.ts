/**
 * Argument checks shared by the ops: a Tensor where one is required, ints, dims, int lists —
 * with Python's wording (`abs(): argument 'input' (position 1) must be Tensor, not int`).
 */
import { Tensor } from './tensor.ts';

/** The Python type name a JS value stands for, as PyTorch's argument errors print it. */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Tensor) return 'Tensor';
  if (typeof value === 'function') return 'function';
  return 'object';
}

const bare = (call: string): string => call.replace(/^torch\.(Tensor\.)?/, '');

export function toTensorArg(value: unknown, call: string, argName: string, position = 1): Tensor {
  if (value instanceof Tensor) return value;
  throw new TypeError(`${bare(call)}(): argument '${argName}' (position ${position}) must be Tensor, not ${pyTypeName(value)}`);
}

export function intArg(value: unknown, call: string, argName: string): number {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw new TypeError(`${bare(call)}(): argument '${argName}' must be int, not ${pyTypeName(value)}`);
}

/** A list of ints given either as one array or as separate arguments (`permute(1, 0)` / `permute([1, 0])`). */
export function intListArg(args: readonly unknown[], call: string, argName: string): number[] {
  const first = args[0];
  const items: readonly unknown[] = args.length === 1 && Array.isArray(first) ? first : args;
  return items.map((item) => {
    if (typeof item === 'bigint') return Number(item);
    if (typeof item === 'number' && Number.isInteger(item)) return item;
    throw new TypeError(`${bare(call)}(): argument '${argName}' must be tuple of ints, but found element of type ${pyTypeName(item)}`);
  });
}

/** Wraps a negative dim, with PyTorch's message for one out of range (0-dim tensors take -1 and 0). */
export function wrapDim(dim: number, ndim: number): number {
  const range = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -range || dim >= range) {
    throw new RangeError(`Dimension out of range (expected to be in range of [${-range}, ${range - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + range : dim;
}
