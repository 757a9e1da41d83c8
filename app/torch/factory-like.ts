/**
 * torch.zeros_like / ones_like / full_like / empty_like / rand_like / randn_like: the input's
 * shape and dtype unless `dtype` is given. `memory_format=` is refused (every tensor here is
 * contiguous); empty_like's contents are zeros (PyTorch leaves them undefined).
 */
import { type DType } from './dtype.ts';
import { Tensor } from './tensor.ts';
import { checkFillFits, filled, rand, randn } from './factory.ts';
import { factoryDType } from './factory-options.ts';
import type { Options } from './args.ts';
import { toTensorArg } from './tensor-args.ts';

function likeDType(call: string, input: unknown, options: Options): { t: Tensor; dtype: DType } {
  const t = toTensorArg(input, `torch.${call}`, 'input');
  const dtype = factoryDType(`torch.${call}`, options) ?? t.dtype;
  if (dtype.isQuantized) throw new TypeError(`torch.${call}() cannot create ${dtype} tensors; use torch.quantize_per_tensor`);
  return { t, dtype };
}

export function zeros_like(input: Tensor, options: Options = {}): Tensor {
  const { t, dtype } = likeDType('zeros_like', input, options);
  return filled(t.shape, 0, dtype);
}

export function ones_like(input: Tensor, options: Options = {}): Tensor {
  const { t, dtype } = likeDType('ones_like', input, options);
  return filled(t.shape, 1, dtype);
}

export function empty_like(input: Tensor, options: Options = {}): Tensor {
  const { t, dtype } = likeDType('empty_like', input, options);
  return filled(t.shape, 0, dtype);
}

export function full_like(input: Tensor, fillValue: number | bigint | boolean, options: Options = {}): Tensor {
  const { t, dtype } = likeDType('full_like', input, options);
  if (typeof fillValue !== 'number' && typeof fillValue !== 'bigint' && typeof fillValue !== 'boolean') {
    throw new TypeError(`full_like(): argument 'fill_value' must be Number, not ${typeof fillValue}`);
  }
  checkFillFits(fillValue, dtype);
  return filled(t.shape, fillValue, dtype);
}

/** rand_like draws from the global generator, exactly as torch.rand(input.shape, dtype) would. */
export function rand_like(input: Tensor, options: Options = {}): Tensor {
  const { t, dtype } = likeDType('rand_like', input, options);
  return rand([...t.shape], { dtype });
}

export function randn_like(input: Tensor, options: Options = {}): Tensor {
  const { t, dtype } = likeDType('randn_like', input, options);
  return randn([...t.shape], { dtype });
}
