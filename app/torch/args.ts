/**
 * Python keyword arguments arrive as a trailing plain object (`t.sum(1, { keepdim: true })`).
 * Every key is checked: a key PyTorch does not know is a TypeError as in Python; a key PyTorch
 * knows but this notebook does not implement is a NotImplementedError. Nothing is ignored.
 */
import { notSupported } from './errors.ts';

export type Options = Readonly<Record<string, unknown>>;

/** True for a plain `{ … }` object (not an array, tensor, dtype or other class instance). */
export function isOptions(value: unknown): value is Options {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Checks `options` against the keywords a call implements (`known`) and those PyTorch has but
 * we refuse (`refused`). Keys whose value is `undefined` count as absent.
 */
export function checkOptions(call: string, options: Options, known: readonly string[], refused: readonly string[] = []): void {
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || known.includes(key)) continue;
    if (refused.includes(key)) throw notSupported(call, `${key}=`);
    throw new TypeError(`${call} got an unexpected keyword argument '${key}'`);
  }
}

/** For calls whose PyTorch signature has no keyword options: a plain `{ … }` among `args` is a TypeError, never ignored. */
export function refuseKeywordArgs(call: string, args: readonly unknown[]): void {
  for (const a of args) {
    if (!isOptions(a)) continue;
    const key = Object.keys(a)[0];
    throw new TypeError(
      key === undefined ? `${call} takes no keyword arguments (got an empty { })` : `${call} got an unexpected keyword argument '${key}'`,
    );
  }
}

/** `fn` with refuseKeywordArgs in front. */
export function refuseKeywords<T, A extends unknown[], R>(call: string, fn: (this: T, ...args: A) => R): (this: T, ...args: A) => R {
  return function (this: T, ...args: A): R {
    refuseKeywordArgs(call, args);
    return fn.apply(this, args);
  };
}
