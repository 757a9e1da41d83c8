/**
 * PyTorch dtypes as singleton objects. Identity comparison (`a === torch.int8`) is valid
 * because every dtype is created exactly once here.
 */

export type DTypeName =
  | 'uint8'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'float16'
  | 'bfloat16'
  | 'float32'
  | 'float64'
  | 'bool'
  | 'qint8'
  | 'quint8';

/** Typed array that holds the raw elements of each dtype (16-bit floats are kept as their bit patterns). */
export interface StorageMap {
  uint8: Uint8Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  int64: BigInt64Array;
  float16: Uint16Array;
  bfloat16: Uint16Array;
  float32: Float32Array;
  float64: Float64Array;
  /** One byte per element, 0 or 1 (PyTorch's storage of bool). */
  bool: Uint8Array;
  qint8: Int8Array;
  quint8: Uint8Array;
}

export type Storage = StorageMap[DTypeName];

export class DType<K extends DTypeName = DTypeName> {
  constructor(
    readonly name: K,
    /** Bytes per element, as `Tensor.element_size()` reports it. */
    readonly itemsize: number,
    readonly isFloat: boolean,
    readonly isSigned: boolean,
    readonly isQuantized: boolean,
  ) {
    Object.freeze(this);
  }

  get bits(): number {
    return this.itemsize * 8;
  }

  /** int64 is stored as BigInt64Array, so its elements are bigints rather than numbers. */
  get isBigInt(): boolean {
    return this.name === 'int64';
  }

  /** torch.bool: stored as bytes 0/1; neither integer nor float for promotion (category bool < int < float). */
  get isBool(): boolean {
    return this.name === 'bool';
  }

  toString(): string {
    return `torch.${this.name}`;
  }

  /** c10's ScalarType name (`Float`, `Long`, `Bool`), which PyTorch's error messages use. */
  get cppName(): string {
    return CPP_NAMES[this.name];
  }

  /** Allocates zero-filled storage of the right typed array class. */
  allocate(length: number): StorageMap[K] {
    return STORAGE_CTOR[this.name](length) as StorageMap[K];
  }
}

const CPP_NAMES: { readonly [K in DTypeName]: string } = {
  uint8: 'Byte',
  int8: 'Char',
  int16: 'Short',
  int32: 'Int',
  int64: 'Long',
  float16: 'Half',
  bfloat16: 'BFloat16',
  float32: 'Float',
  float64: 'Double',
  bool: 'Bool',
  qint8: 'QInt8',
  quint8: 'QUInt8',
};

type Allocators = { [K in DTypeName]: (length: number) => StorageMap[K] };

const STORAGE_CTOR: Allocators = {
  uint8: (n) => new Uint8Array(n),
  int8: (n) => new Int8Array(n),
  int16: (n) => new Int16Array(n),
  int32: (n) => new Int32Array(n),
  int64: (n) => new BigInt64Array(n),
  float16: (n) => new Uint16Array(n),
  bfloat16: (n) => new Uint16Array(n),
  float32: (n) => new Float32Array(n),
  float64: (n) => new Float64Array(n),
  bool: (n) => new Uint8Array(n),
  qint8: (n) => new Int8Array(n),
  quint8: (n) => new Uint8Array(n),
};

export const uint8 = new DType('uint8', 1, false, false, false);
export const int8 = new DType('int8', 1, false, true, false);
export const int16 = new DType('int16', 2, false, true, false);
export const int32 = new DType('int32', 4, false, true, false);
export const int64 = new DType('int64', 8, false, true, false);
export const float16 = new DType('float16', 2, true, true, false);
export const bfloat16 = new DType('bfloat16', 2, true, true, false);
export const float32 = new DType('float32', 4, true, true, false);
export const float64 = new DType('float64', 8, true, true, false);
export const bool = new DType('bool', 1, false, false, false);
export const qint8 = new DType('qint8', 1, false, true, true);
export const quint8 = new DType('quint8', 1, false, false, true);

/** Every dtype by name, in the order PyTorch's docs list them. */
export const DTYPES: { readonly [K in DTypeName]: DType<K> } = Object.freeze({
  uint8,
  int8,
  int16,
  int32,
  int64,
  float16,
  bfloat16,
  float32,
  float64,
  bool,
  qint8,
  quint8,
});

export const ALL_DTYPES: readonly DType[] = Object.freeze(Object.values(DTYPES));

/** PyTorch's aliases (`torch.half`, `torch.float`, ...) map to the same singleton objects. */
export const DTYPE_ALIASES = Object.freeze({
  half: float16,
  float: float32,
  double: float64,
  short: int16,
  int: int32,
  long: int64,
});

export const DEFAULT_FLOAT_DTYPE = float32;

export function isDType(value: unknown): value is DType {
  return value instanceof DType;
}

/**
 * Validates a value passed where a dtype is expected. Students often write `'float16'` or
 * `torch.float16()`; the message lists what is accepted instead of failing later with a
 * confusing error.
 */
export function toDType(value: unknown, argName = 'dtype'): DType {
  if (value instanceof DType) return value;
  const valid = ALL_DTYPES.map(String).join(', ');
  const got = typeof value === 'string' ? `the string '${value}'` : describeValue(value);
  const hint = typeof value === 'string' && value in DTYPES ? ` (did you mean torch.${value}?)` : '';
  throw new TypeError(`${argName} must be a torch.dtype, got ${got}${hint}. Valid dtypes: ${valid}`);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value)})`;
  return `${typeof value} ${String(value)}`;
}
