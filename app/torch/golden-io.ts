/**
 * Reading the JSON goldens written by scripts/goldens/torch_core.py (tests only; Node).
 * Tensors are stored as base64 of their little-endian storage bytes.
 */
import { readFileSync } from 'node:fs';
import { DTYPES, type DType, type DTypeName } from './dtype.ts';
import { Tensor } from './tensor.ts';

export interface EncodedTensor {
  readonly dtype: string;
  readonly shape: number[];
  readonly b64: string;
}

/** Parses a golden file. The shape is the caller's claim; the generator script is the schema. */
export function loadGolden<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./goldens/${name}`, import.meta.url), 'utf8')) as T;
}

export function bytesOf(b64: string): Uint8Array {
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

export function dtypeOf(name: string): DType {
  if (!(name in DTYPES)) throw new Error(`unknown dtype in golden: ${name}`);
  return DTYPES[name as DTypeName];
}

/** The typed array class of `dtype` viewing a copy of `bytes`. */
export function storageFromBytes(bytes: Uint8Array, dtype: DType): Tensor['data'] {
  const buffer = bytes.slice().buffer;
  const length = bytes.length / dtype.itemsize;
  const empty = dtype.allocate(0);
  const Ctor = empty.constructor as new (buffer: ArrayBuffer, offset: number, length: number) => Tensor['data'];
  return new Ctor(buffer, 0, length);
}

export function decodeTensor(encoded: EncodedTensor): Tensor {
  const dtype = dtypeOf(encoded.dtype);
  return new Tensor(storageFromBytes(bytesOf(encoded.b64), dtype), encoded.shape, dtype);
}

/** Raw storage words of a tensor as plain numbers/bigints (for exact bit comparisons). */
export function rawWords(t: Tensor): (number | bigint)[] {
  if (t.data instanceof Float32Array) return Array.from(new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length));
  if (t.data instanceof Float64Array) return Array.from(new BigUint64Array(t.data.buffer, t.data.byteOffset, t.data.length));
  return Array.from(t.data as ArrayLike<number | bigint>);
}
