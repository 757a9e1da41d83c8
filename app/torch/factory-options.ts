/**
 * The keyword arguments every PyTorch factory takes (`dtype`, `device`, `requires_grad`,
 * `layout`, `pin_memory`, `out`): dtype works; the others are accepted only with the value that
 * changes nothing here (`device: 'cpu'`, `requires_grad: false`, `pin_memory: false`) and
 * refused otherwise, never ignored. Unknown keys are TypeErrors.
 */
import { type DType, toDType } from './dtype.ts';
import { checkOptions, isOptions, type Options } from './args.ts';
import { notSupported } from './errors.ts';

export const FACTORY_KEYWORDS = ['dtype', 'device', 'requires_grad', 'layout', 'pin_memory'] as const;

/** Validates a factory's options and returns the dtype asked for (undefined: the default). */
export function factoryDType(call: string, options: Options, extra: readonly string[] = []): DType | undefined {
  checkOptions(call, options, [...FACTORY_KEYWORDS, ...extra], ['out', 'memory_format', 'generator', 'names']);
  const { device, requires_grad: requiresGrad, layout, pin_memory: pinMemory } = options;
  if (device !== undefined && device !== null && device !== 'cpu') {
    throw notSupported(call, `device=${JSON.stringify(device)} (only 'cpu': tensors live in this page's memory)`);
  }
  if (requiresGrad !== undefined && requiresGrad !== false) throw notSupported(call, 'requires_grad=True (there is no autograd here)');
  if (layout !== undefined && layout !== null) throw notSupported(call, 'layout=');
  if (pinMemory !== undefined && pinMemory !== false) throw notSupported(call, 'pin_memory=True');
  return options.dtype === undefined || options.dtype === null ? undefined : toDType(options.dtype);
}

/** Splits `(…positional, { options })`. */
export function trailingOptions<T>(args: readonly (T | Options)[]): { positional: T[]; options: Options } {
  const last = args[args.length - 1];
  if (last !== undefined && isOptions(last)) return { positional: args.slice(0, -1) as T[], options: last };
  return { positional: args as T[], options: {} };
}
