// torch_dtype / dtype / .to() arguments → the weight dtype. As transformers
// 4.x: a torch dtype object (torch.float32, …) or "auto" (config.json's
// torch_dtype); any other string is refused (4.x raises ValueError for it).
// A dtype BLIP weights cannot take here is an error naming it, never ignored.
import { isDType } from '../../torch/dtype.ts';
import { NotImplementedError } from '../../torch/errors.ts';
import type { WeightDtype } from './checkpoint.ts';

const WEIGHT_DTYPES: readonly string[] = ['float32', 'float16', 'bfloat16'];

export const isWeightDtype = (name: string): name is WeightDtype => WEIGHT_DTYPES.includes(name);

/** `what` names the argument in messages, e.g. "from_pretrained: torch_dtype"; `auto` only where it means something. */
export function weightDtypeOf(value: unknown, what: string, auto: { readonly configDtype: string | null } | null = null): WeightDtype {
  if (value === 'auto' && auto !== null) return auto.configDtype !== null && isWeightDtype(auto.configDtype) ? auto.configDtype : 'float32';
  if (!isDType(value)) {
    const hint = typeof value === 'string' && isWeightDtype(value) ? ` (did you mean torch.${value}?)` : '';
    throw new TypeError(`${what} must be torch.float32, torch.float16 or torch.bfloat16${auto !== null ? ' or "auto"' : ''}, not ${typeof value === 'string' ? JSON.stringify(value) : typeof value}${hint}`);
  }
  if (isWeightDtype(value.name)) return value.name;
  throw new NotImplementedError(`${what}=torch.${value.name} is not supported here; BLIP weights load as torch.float32, torch.float16 or torch.bfloat16 (quantize() makes int8)`);
}
