/** torch.clamp / torch.clip with scalar or tensor bounds (promoted with the input, like maximum/minimum). */
import type { Tensor, Operand } from './tensor.ts';
import { maximumOf, minimumOf } from './elementwise.ts';
import { checkOptions, isOptions, type Options } from './args.ts';
import { toTensorArg } from './tensor-args.ts';

type Bound = Operand | null | undefined;

/**
 * torch.clamp(input, min, max) or clamp(input, { min, max }): NaN stays NaN; when min > max every
 * element becomes max (maximum-then-minimum gives exactly PyTorch's results).
 */
export function clamp(input: Tensor, min?: Bound | Options, max?: Bound | Options, options: Options = {}): Tensor {
  const t = toTensorArg(input, 'torch.clamp', 'input');
  let lo: unknown = min;
  let hi: unknown = max;
  let keywords = options;
  if (isOptions(min)) { keywords = min; lo = undefined; hi = undefined; }
  else if (isOptions(max)) { keywords = max; hi = undefined; }
  checkOptions('torch.clamp', keywords, ['min', 'max'], ['out']);
  if (keywords.min !== undefined) lo = keywords.min;
  if (keywords.max !== undefined) hi = keywords.max;
  if ((lo === undefined || lo === null) && (hi === undefined || hi === null)) {
    throw new TypeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  }
  let out: Tensor = t;
  if (lo !== undefined && lo !== null) out = maximumOf(out, bound(lo, 'min'));
  if (hi !== undefined && hi !== null) out = minimumOf(out, bound(hi, 'max'));
  return out;
}

function bound(value: unknown, name: string): Operand {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return value;
  return toTensorArg(value, 'torch.clamp', name);
}

/** torch.clip is an alias of torch.clamp. */
export const clip = (input: Tensor, min?: Bound | Options, max?: Bound | Options, options: Options = {}): Tensor =>
  clamp(input, min, max, options);
