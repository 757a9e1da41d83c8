/**
 * PyTorch type promotion for the dtypes we support (complex omitted).
 * Priority: dimensioned tensors > zero-dim tensors > Python scalars. A lower-priority
 * participant only changes the result if it is of a higher *category* (int < float).
 */
import { type DType, bool, uint8, int8, int16, int32, int64, float16, bfloat16, float32, float64, DEFAULT_FLOAT_DTYPE } from './dtype.ts';

const INT_ORDER: readonly DType[] = [int8, int16, int32, int64];
const FLOAT_ORDER: readonly DType[] = [float16, float32, float64];

/** torch.promote_types */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a.isQuantized || b.isQuantized) {
    throw new TypeError(`Promotion for quantized types is not supported, attempted to promote ${a.name} and ${b.name}`);
  }
  if (a.isBool) return b;
  if (b.isBool) return a;
  if (a.isFloat || b.isFloat) {
    if (!a.isFloat) return b;
    if (!b.isFloat) return a;
    if ((a === bfloat16 && b === float16) || (a === float16 && b === bfloat16)) return float32;
    if (a === bfloat16) return b;
    if (b === bfloat16) return a;
    return FLOAT_ORDER.indexOf(a) > FLOAT_ORDER.indexOf(b) ? a : b;
  }
  if (a === uint8) return b === int8 ? int16 : b;
  if (b === uint8) return a === int8 ? int16 : a;
  return INT_ORDER.indexOf(a) > INT_ORDER.indexOf(b) ? a : b;
}

export interface PromotionOperand {
  readonly dtype: DType;
  /** 'tensor' has at least one dimension; 'zero-dim' is a 0-dim tensor; 'scalar' a JS number. */
  readonly priority: 'tensor' | 'zero-dim' | 'scalar';
}

function category(dtype: DType): number {
  return dtype.isFloat ? 2 : dtype.isBool ? 0 : 1;
}

/** torch.result_type over operands. JS numbers count as Python int when integral, else float; booleans as Python bool. */
export function resultType(operands: readonly PromotionOperand[]): DType {
  let result: DType | undefined;
  for (const priority of ['tensor', 'zero-dim', 'scalar'] as const) {
    let group: DType | undefined;
    for (const op of operands) {
      if (op.priority === priority) group = group ? promoteTypes(group, op.dtype) : op.dtype;
    }
    if (!group) continue;
    // a wrapped Python float counts as the default dtype (c10's update_result_type_state)
    if (priority === 'scalar' && group === float64) group = DEFAULT_FLOAT_DTYPE;
    if (!result) result = group;
    else if (category(group) > category(result)) {
      result = group;
    }
  }
  if (!result) throw new TypeError('result_type() needs at least one operand');
  return result;
}

/**
 * The dtype a bare JS value takes as an operand (Python int -> int64, float -> float64).
 * JS cannot tell `2.0` from `2`, so integral numbers promote like Python ints.
 */
export function scalarDType(value: number | bigint | boolean): DType {
  if (typeof value === 'boolean') return bool;
  if (typeof value === 'bigint') return int64;
  return Number.isInteger(value) ? int64 : float64;
}
