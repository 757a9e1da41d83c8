// protobufjs/light + the generated JSON descriptor: encode/decode ModelProto without shipping a
// .proto parser to the browser. Decoded `bytes` fields (raw_data) are `subarray` views into the
// input buffer (protobufjs Reader.raw), so weights are never copied while parsing.
import protobuf from 'protobufjs/light';
import { type Int64, type ModelProto, onnxDescriptor } from './onnx-proto.gen.ts';

let modelType: protobuf.Type | undefined;

function modelProtoType(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(onnxDescriptor).lookupType('onnx.ModelProto');
  return modelType;
}

/** Decodes without validation; use loadModel (model.ts) for the checked entry point. */
export function decodeModelProto(bytes: Uint8Array): ModelProto {
  // A Node Buffer would select protobufjs's BufferReader; a plain view keeps one code path.
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const message: unknown = modelProtoType().decode(view);
  if (!isModelProto(message)) throw new TypeError('protobuf decoding did not produce a message object');
  return message;
}

function isModelProto(value: unknown): value is ModelProto {
  return typeof value === 'object' && value !== null;
}

export function encodeModelProto(model: ModelProto): Uint8Array {
  const type = modelProtoType();
  return type.encode(type.fromObject(model)).finish();
}

/** int64 fields arrive as Long objects (or numbers); all the values we read fit in 2^53. */
export function int64ToNumber(value: Int64 | null | undefined): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  const high = value.unsigned ? value.high >>> 0 : value.high;
  return high * 2 ** 32 + (value.low >>> 0);
}
