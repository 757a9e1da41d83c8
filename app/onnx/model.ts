// Checked entry points: bytes -> ModelProto and back. Errors say what is wrong and where
// (byte offset, tensor name) instead of surfacing protobuf internals or a runtime crash later.
import type { GraphProto, ModelProto, TensorProto } from './onnx-proto.gen.ts';
import { decodeModelProto, encodeModelProto, int64ToNumber } from './proto.ts';
import { isExternal } from './tensor.ts';

export class OnnxFormatError extends Error {
  override name = 'OnnxFormatError';
}

/** Parses an .onnx file. `source` names the file in error messages. */
export function loadModel(bytes: Uint8Array, source = 'model'): ModelProto {
  const where = `${source} (${bytes.length} bytes)`;
  if (bytes.length === 0) throw new OnnxFormatError(`${where}: empty file, not an ONNX model`);
  // Every exporter writes ir_version (field 1, varint => tag byte 0x08) first; anything else is
  // almost surely another format, and naming it beats a protobuf error from deep inside.
  if (bytes[0] !== 0x08)
    throw new OnnxFormatError(`${where}: not an ONNX model (${sniff(bytes)}; an ONNX file starts with byte 0x08, the ir_version field)`);
  let model: ModelProto;
  try {
    model = decodeModelProto(bytes);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = /index out of range/.test(message) ? ' — the file is truncated or corrupt' : '';
    throw new OnnxFormatError(`${where}: cannot decode the ModelProto: ${message}${hint}`);
  }
  const ir = int64ToNumber(model.irVersion);
  if (ir <= 0) throw new OnnxFormatError(`${where}: ir_version is missing, not an ONNX model`);
  if (!model.graph) throw new OnnxFormatError(`${where}: the model has no graph`);
  if ((model.opsetImport ?? []).length === 0 && ir >= 3) throw new OnnxFormatError(`${where}: the model declares no opset_import`);
  const external = [...allTensors(model.graph)].filter(isExternal);
  if (external.length > 0) {
    const names = external
      .slice(0, 3)
      .map((t) => `'${t.name ?? ''}'`)
      .join(', ');
    throw new OnnxFormatError(
      `${where}: ${external.length} tensor(s) keep their data in external files (${names}${external.length > 3 ? ', …' : ''}); ` +
        'external data is not supported — save the model with the weights inside the .onnx file',
    );
  }
  return model;
}

export function saveModel(model: ModelProto): Uint8Array {
  return encodeModelProto(model);
}

function sniff(bytes: Uint8Array): string {
  const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  const ascii = String.fromCharCode(...bytes.subarray(0, 8));
  if (ascii.startsWith('\x89PNG')) return 'it is a PNG image';
  if (ascii.startsWith('PK')) return 'it is a ZIP archive (a PyTorch .pt file?)';
  if (/^[\x20-\x7e\s]+$/.test(ascii)) return `it starts with text '${ascii.trim()}'`;
  return `first bytes ${head}`;
}

/** Initializers and Constant-node tensors of a graph and all its subgraphs. */
export function* allTensors(graph: GraphProto): Generator<TensorProto> {
  yield* graph.initializer ?? [];
  for (const node of graph.node ?? []) {
    for (const attr of node.attribute ?? []) {
      if (attr.t) yield attr.t;
      yield* attr.tensors ?? [];
      if (attr.g) yield* allTensors(attr.g);
      for (const g of attr.graphs ?? []) yield* allTensors(g);
    }
  }
}

/** The default-domain (ai.onnx) opset version. */
export function onnxOpset(model: ModelProto): number {
  const entry = (model.opsetImport ?? []).find((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx');
  return int64ToNumber(entry?.version);
}
