/**
 * Python-style argument binding for the reductions: positional arguments by name, then a
 * trailing `{ … }` of keyword arguments (`t.sum(1, true)`, `t.sum(1, { keepdim: true })`,
 * `t.sum({ dim: [0, 1], keepdim: true })`). Unknown keywords are TypeErrors, keywords PyTorch
 * has that we do not implement are NotImplementedErrors (args.ts); nothing is ignored.
 */
import { checkOptions, isOptions } from './args.ts';
import { DType } from './dtype.ts';
import { Tensor } from './tensor.ts';

export interface Signature {
  /** Python name used in messages, e.g. `torch.sum` / `Tensor.sum`. */
  readonly call: string;
  /** Positional parameters in order (after `input`). */
  readonly positional: readonly string[];
  /** Keyword-only parameters we implement. */
  readonly keywords?: readonly string[];
  /** Keywords PyTorch accepts that we refuse (e.g. `out`). */
  readonly refused?: readonly string[];
}

export type Bound = Readonly<Record<string, unknown>>;

export function bind(sig: Signature, args: readonly unknown[]): Bound {
  const last = args[args.length - 1];
  const hasOptions = last !== undefined && isOptions(last);
  const positional = hasOptions ? args.slice(0, -1) : args;
  const options = hasOptions ? last : {};
  if (positional.length > sig.positional.length) {
    throw new TypeError(
      `${sig.call}() takes at most ${sig.positional.length} positional argument${sig.positional.length === 1 ? '' : 's'} after the tensor (${sig.positional.join(', ') || 'none'}), got ${positional.length}`,
    );
  }
  checkOptions(sig.call, options, [...sig.positional, ...(sig.keywords ?? [])], sig.refused ?? []);
  const bound: Record<string, unknown> = {};
  positional.forEach((value, i) => {
    bound[sig.positional[i]!] = value;
  });
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (key in bound && bound[key] !== undefined) throw new TypeError(`${sig.call}() got multiple values for argument '${key}'`);
    bound[key] = value;
  }
  return bound;
}

/** `dim`: an int, a list of ints, or None/undefined (all dims). */
export function dimsArg(call: string, value: unknown): number | number[] | undefined {
  if (Array.isArray(value)) {
    const dims: number[] = [];
    for (const d of value as unknown[]) {
      if (typeof d !== 'number' || !Number.isInteger(d)) break;
      dims.push(d);
    }
    if (dims.length === value.length) return dims;
    throw new TypeError(`${call}(): argument 'dim' must be an int or a list of ints, got ${describe(value)}`);
  }
  return oneDimArg(call, value, 'an int or a list of ints');
}

/** `dim` where PyTorch takes a single int or None. */
export function oneDimArg(call: string, value: unknown, wanted = 'an int'): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw new TypeError(`${call}(): argument 'dim' must be ${wanted}, got ${describe(value)}`);
}

/** A required int `dim` (cumsum, max with a dim, …). */
export function requiredDim(call: string, value: unknown): number {
  const dim = oneDimArg(call, value);
  if (dim === undefined) throw new TypeError(`${call}() missing required argument 'dim' (an int)`);
  return dim;
}

export function boolArg(call: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  throw new TypeError(`${call}(): argument '${name}' must be bool, got ${describe(value)}`);
}

export function dtypeArg(call: string, value: unknown): DType | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof DType) return value;
  throw new TypeError(`${call}(): argument 'dtype' must be torch.dtype, got ${describe(value)}`);
}

export function numberArg(call: string, name: string, value: unknown, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value === 'number') return value;
  throw new TypeError(`${call}(): argument '${name}' must be a number, got ${describe(value)}`);
}

export function describe(value: unknown): string {
  if (value === null) return 'None';
  if (Array.isArray(value)) return `a list [${value.map(String).join(', ')}]`;
  if (value instanceof Tensor) return 'Tensor';
  if (typeof value === 'string') return `the string '${value}'`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
