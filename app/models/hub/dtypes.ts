// Element types as the two checkpoint formats name them: safetensors' codes
// (F32, BF16, …) and torch's storage classes (torch.FloatStorage, …).
import type { CheckpointDtype } from './checkpoint.ts';

export const ITEM_SIZE: { readonly [K in CheckpointDtype]: number } = Object.freeze({
  float64: 8,
  float32: 4,
  float16: 2,
  bfloat16: 2,
  int64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
  bool: 1,
});

/** safetensors header `dtype` codes we read (F8_* and U16/U32/U64 have no torch 1.13 storage here). */
export const SAFETENSORS_DTYPES: Readonly<Record<string, CheckpointDtype>> = Object.freeze({
  F64: 'float64',
  F32: 'float32',
  F16: 'float16',
  BF16: 'bfloat16',
  I64: 'int64',
  I32: 'int32',
  I16: 'int16',
  I8: 'int8',
  U8: 'uint8',
  BOOL: 'bool',
});

/** The `torch.*Storage` globals a torch.save pickle names, by class name. */
export const TORCH_STORAGES: Readonly<Record<string, CheckpointDtype>> = Object.freeze({
  DoubleStorage: 'float64',
  FloatStorage: 'float32',
  HalfStorage: 'float16',
  BFloat16Storage: 'bfloat16',
  LongStorage: 'int64',
  IntStorage: 'int32',
  ShortStorage: 'int16',
  CharStorage: 'int8',
  ByteStorage: 'uint8',
  BoolStorage: 'bool',
});

/** numel of a shape; 1 for a scalar. Throws on a dimension that is not a non-negative safe integer. */
export function numelOf(shape: readonly number[], where: () => string): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw new RangeError(`${where()}: dimension ${String(d)} is not a non-negative integer`);
    n *= d;
    if (!Number.isSafeInteger(n)) throw new RangeError(`${where()}: shape [${shape.join(', ')}] has more elements than can be addressed`);
  }
  return n;
}
