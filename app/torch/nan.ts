/**
 * NaN bit patterns of element-wise results. x86 SSE/AVX arithmetic returns the "default NaN"
 * (sign bit set: 0xFFC00000 in float32, 0xFE00 in float16, 0xFFC0 in bfloat16) for an invalid
 * operation such as 0/0, inf-inf or sqrt(-1), and passes a NaN operand through (keeping its
 * sign). JS engines produce a positive NaN either way, so kernels fix the sign bit afterwards.
 */
import type { DType, Storage } from './dtype.ts';
import type { Tensor } from './tensor.ts';

/** The sign bit of element `i` of `t` when it is a NaN, else null. */
export function nanSign(t: Tensor, i: number): boolean | null {
  const data = t.data;
  switch (t.dtype.name) {
    case 'float32': {
      const x = (data as Float32Array)[i]!;
      return x === x ? null : new Uint32Array(data.buffer, data.byteOffset + i * 4, 1)[0]! >>> 31 === 1;
    }
    case 'float64': {
      const x = (data as Float64Array)[i]!;
      return x === x ? null : new Uint32Array(data.buffer, data.byteOffset + i * 8 + 4, 1)[0]! >>> 31 === 1;
    }
    case 'float16': {
      const w = (data as Uint16Array)[i]!;
      return (w & 0x7c00) === 0x7c00 && (w & 0x03ff) !== 0 ? w >>> 15 === 1 : null;
    }
    case 'bfloat16': {
      const w = (data as Uint16Array)[i]!;
      return (w & 0x7f80) === 0x7f80 && (w & 0x007f) !== 0 ? w >>> 15 === 1 : null;
    }
    // Integer storage has no NaN.
    case 'bool':
    case 'uint8':
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
    case 'qint8':
    case 'quint8':
      return null;
  }
}

/** Sets the sign bit of the NaN at element `i` of float storage (a quiet NaN). */
export function setNaNSign(data: Storage, dtype: DType, i: number, negative: boolean): void {
  switch (dtype.name) {
    case 'float32':
      new Uint32Array(data.buffer, data.byteOffset + i * 4, 1)[0] = negative ? 0xffc00000 : 0x7fc00000;
      break;
    case 'float64':
      new Uint32Array(data.buffer, data.byteOffset + i * 8, 2).set(negative ? [0, 0xfff80000] : [0, 0x7ff80000]);
      break;
    case 'float16':
      (data as Uint16Array)[i] = negative ? 0xfe00 : 0x7e00;
      break;
    case 'bfloat16':
      (data as Uint16Array)[i] = negative ? 0xffc0 : 0x7fc0;
      break;
    // Integer storage has no NaN to sign.
    case 'bool':
    case 'uint8':
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
    case 'qint8':
    case 'quint8':
      break;
  }
}
