/**
 * Argument checks for calls whose JS signature would otherwise drop what a student passed:
 * JS ignores extra arguments, Python raises. `t.numel(0)` is a TypeError, `t.float({ memory_format })`
 * a NotImplementedError, never a silent no-op.
 */
import { checkOptions, isOptions } from './args.ts';

/** The call takes no arguments at all. */
export function noArgs(call: string, args: readonly unknown[]): void {
  if (args.length > 0) throw new TypeError(`${call}() takes no arguments (${args.length} given)`);
}

/** The call takes only keyword arguments, of which `refused` are known to PyTorch but not done here. */
export function onlyOptions(call: string, args: readonly unknown[], known: readonly string[], refused: readonly string[]): void {
  const [options, ...rest] = args;
  if (rest.length > 0 || (options !== undefined && !isOptions(options))) {
    throw new TypeError(`${call}() takes no positional arguments`);
  }
  if (options !== undefined) checkOptions(call, options, known, refused);
}
