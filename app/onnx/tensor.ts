// Reading and making TensorProtos. Weight bytes stay where protobufjs left them (views into the
// file buffer); `float32Of` only copies when the view is misaligned for a Float32Array or the
// tensor uses the repeated float_data field instead of raw_data.
import { type TensorProto, TensorProtoDataLocation, TensorProtoDataType } from './onnx-proto.gen.ts';
import { bf16BitsToFloat32Array, f16BitsToFloat32Array } from '../torch/half.ts';
import { int64ToNumber } from './proto.ts';

export type DTypeName =
  | 'float32'
  | 'uint8'
  | 'int8'
  | 'uint16'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'string'
  | 'bool'
  | 'float16'
  | 'float64'
  | 'uint32'
  | 'uint64'
  | 'complex64'
  | 'complex128'
  | 'bfloat16';

const NAMES: readonly (DTypeName | undefined)[] = [
  undefined,
  'float32',
  'uint8',
  'int8',
  'uint16',
  'int16',
  'int32',
  'int64',
  'string',
  'bool',
  'float16',
  'float64',
  'uint32',
  'uint64',
  'complex64',
  'complex128',
  'bfloat16',
];
const SIZES: readonly number[] = [0, 4, 1, 1, 2, 2, 4, 8, 0, 1, 2, 8, 4, 8, 8, 16, 2];

export function dtypeName(code: number | undefined): DTypeName | `unknown(${number})` {
  return NAMES[code ?? 0] ?? `unknown(${code ?? 0})`;
}

/** Bytes per element; 0 for strings (variable length). */
export function dtypeSize(code: number | undefined): number {
  return SIZES[code ?? 0] ?? 0;
}

export function tensorShape(t: TensorProto): number[] {
  return (t.dims ?? []).map(int64ToNumber);
}

export function tensorNumel(t: TensorProto): number {
  return tensorShape(t).reduce((a, b) => a * b, 1);
}

/** Bytes the elements occupy (what a runtime allocates), whichever field holds them. */
export function tensorByteSize(t: TensorProto): number {
  if (t.dataType === TensorProtoDataType.STRING) return (t.stringData ?? []).reduce((a, s) => a + s.length, 0);
  return tensorNumel(t) * dtypeSize(t.dataType);
}

export function isExternal(t: TensorProto): boolean {
  return t.dataLocation === TensorProtoDataLocation.EXTERNAL;
}

function externalError(t: TensorProto): Error {
  const location = (t.externalData ?? []).find((e) => e.key === 'location')?.value ?? '?';
  return new Error(`tensor '${t.name ?? ''}' keeps its data in the external file '${location}'; external data is not supported`);
}

/** The raw little-endian bytes of a fixed-size tensor (a view when stored as raw_data). */
export function rawBytesOf(t: TensorProto): Uint8Array {
  if (isExternal(t)) throw externalError(t);
  const expected = tensorByteSize(t);
  const raw = t.rawData;
  if (raw && raw.length > 0) {
    if (raw.length !== expected) {
      throw new RangeError(
        `tensor '${t.name ?? ''}' (${dtypeName(t.dataType)} [${tensorShape(t).join(', ')}]) has ${raw.length} bytes of raw_data, expected ${expected}`,
      );
    }
    return raw;
  }
  return typedFieldBytes(t, expected);
}

function typedFieldBytes(t: TensorProto, expected: number): Uint8Array {
  const numel = tensorNumel(t);
  const code = t.dataType ?? 0;
  let out: ArrayBufferView;
  if (code === TensorProtoDataType.FLOAT) out = Float32Array.from(t.floatData ?? []);
  else if (code === TensorProtoDataType.DOUBLE) out = Float64Array.from(t.doubleData ?? []);
  else if (code === TensorProtoDataType.INT64) out = BigInt64Array.from((t.int64Data ?? []).map((v) => BigInt(int64ToNumber(v))));
  else if (code === TensorProtoDataType.INT32) out = Int32Array.from(t.int32Data ?? []);
  // int32_data carries 8- and 16-bit types one value per entry (float16/bfloat16 as their bits).
  else if (dtypeSize(code) === 2) out = Uint16Array.from(t.int32Data ?? []);
  else if (dtypeSize(code) === 1) out = Uint8Array.from(t.int32Data ?? []);
  else throw new TypeError(`tensor '${t.name ?? ''}': reading ${dtypeName(code)} from typed fields is not supported`);
  const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  if (bytes.length !== expected && numel > 0) {
    throw new RangeError(
      `tensor '${t.name ?? ''}' has ${bytes.length} bytes of data, expected ${expected} for shape [${tensorShape(t).join(', ')}]`,
    );
  }
  return bytes;
}

/** A tensor's values as float32 (float16/bfloat16/float64 are converted; float32 is a view when aligned). */
export function float32Of(t: TensorProto): Float32Array {
  const bytes = rawBytesOf(t);
  const n = tensorNumel(t);
  // dataType is a plain number on the wire (any of ONNX's ~25 types, or absent): the default names it.
  switch (t.dataType ?? TensorProtoDataType.UNDEFINED) {
    case TensorProtoDataType.FLOAT:
      return bytes.byteOffset % 4 === 0
        ? new Float32Array(bytes.buffer, bytes.byteOffset, n)
        : new Float32Array(bytes.slice().buffer, 0, n);
    case TensorProtoDataType.FLOAT16:
    case TensorProtoDataType.BFLOAT16: {
      const bits =
        bytes.byteOffset % 2 === 0 ? new Uint16Array(bytes.buffer, bytes.byteOffset, n) : new Uint16Array(bytes.slice().buffer, 0, n);
      return t.dataType === TensorProtoDataType.BFLOAT16 ? bf16BitsToFloat32Array(bits) : f16BitsToFloat32Array(bits);
    }
    case TensorProtoDataType.DOUBLE: {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return Float32Array.from({ length: n }, (_, i) => view.getFloat64(8 * i, true));
    }
    default:
      throw new TypeError(`tensor '${t.name ?? ''}' is ${dtypeName(t.dataType)}, not a floating-point tensor`);
  }
}

/** A tensor whose raw_data is `data`'s bytes (no copy). */
export function makeTensor(name: string, code: number, dims: readonly number[], data: ArrayBufferView): TensorProto {
  return { name, dataType: code, dims: [...dims], rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

export const float32Tensor = (name: string, dims: readonly number[], data: Float32Array): TensorProto =>
  makeTensor(name, TensorProtoDataType.FLOAT, dims, data);
export const int64Tensor = (name: string, values: readonly number[], dims: readonly number[] = [values.length]): TensorProto =>
  makeTensor(
    name,
    TensorProtoDataType.INT64,
    dims,
    BigInt64Array.from(values, (v) => BigInt(v)),
  );
