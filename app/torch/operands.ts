/** Turning JS values into tensor operands and typed values for kernels. */
import { type DType, type DTypeName, bool, int64, float64 } from './dtype.ts';
import { Tensor, type Operand } from './tensor.ts';
import { castStorage, toFloat64Array } from './convert.ts';
import { f32BitsToBf16Bits, f32BitsToF16Bits } from './half.ts';
import { type PromotionOperand, scalarDType } from './promote.ts';

/** A JS number/bigint/boolean as the 0-dim tensor PyTorch wraps Python scalars in. */
export function wrapScalar(value: number | bigint | boolean): Tensor {
  const dtype = scalarDType(value);
  if (typeof value === 'boolean') return new Tensor(Uint8Array.of(value ? 1 : 0), [], bool);
  if (dtype === int64) return new Tensor(BigInt64Array.of(BigInt(value)), [], int64);
  return new Tensor(Float64Array.of(Number(value)), [], float64);
}

export function toTensor(value: Operand, argName: string): Tensor {
  if (value instanceof Tensor) return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return wrapScalar(value);
  throw new TypeError(`${argName} must be a Tensor or a number, got ${value === null ? 'null' : typeof value}`);
}

export function promotionOperand(value: Operand): PromotionOperand {
  if (value instanceof Tensor) return { dtype: value.dtype, priority: value.shape.length === 0 ? 'zero-dim' : 'tensor' };
  return { dtype: scalarDType(value), priority: 'scalar' };
}

/** Values of `t` after casting to `dtype`, as doubles (exact for every dtype except int64). */
export function valuesAs(t: Tensor, dtype: DType): Float64Array {
  if (t.dtype === dtype) return t.toFloat64();
  return toFloat64Array(castStorage(t.data, t.dtype, dtype), dtype);
}

/** Exact int64 values of `t` after casting to int64. */
export function bigValues(t: Tensor): BigInt64Array {
  return t.data instanceof BigInt64Array ? t.data : castStorage(t.data, t.dtype, int64);
}

/**
 * Rounds double results of a float kernel into `dtype` storage. float16/bfloat16 kernels in
 * PyTorch compute in float32 and round once more at the end, so we go through fround first.
 */
export function storeFloatResults<K extends DTypeName>(values: Float64Array, dtype: DType<K>): Tensor['data'] {
  switch (dtype.name) {
    case 'float64':
      return values;
    case 'float32':
      return Float32Array.from(values);
    case 'float16':
    case 'bfloat16': {
      const narrowed = Float32Array.from(values);
      const words = new Uint32Array(narrowed.buffer);
      const out = new Uint16Array(values.length);
      const encode = dtype.name === 'float16' ? f32BitsToF16Bits : f32BitsToBf16Bits;
      for (let i = 0; i < words.length; i++) out[i] = encode(words[i]!);
      return out;
    }
    // Integer and bool results: the values are already whole (or 0/1).
    case 'bool':
    case 'uint8':
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
    case 'qint8':
    case 'quint8': {
      const out = dtype.allocate(values.length);
      if (out instanceof BigInt64Array)
        values.forEach((v, i) => {
          out[i] = BigInt(v);
        });
      else (out as Exclude<Tensor['data'], BigInt64Array>).set(values);
      return out;
    }
  }
}

export function makeTensor<K extends DTypeName>(data: Tensor['data'], shape: readonly number[], dtype: DType<K>): Tensor<K> {
  return new Tensor(data as Tensor<K>['data'], shape, dtype);
}
