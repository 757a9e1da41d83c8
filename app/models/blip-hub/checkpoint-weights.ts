// The checkpoint as the graph builder sees it: tensors by Hugging Face parameter name, their
// bytes a little-endian view into the checkpoint file (app/models/hub reads safetensors and
// pytorch_model.bin into this shape). Each tensor is checked against the shape the config
// implies before any graph uses it, and the error names the tensor.
import type { FileRange } from '../hub/file-range.ts';

/** One tensor of a checkpoint (the structural type app/models/hub/checkpoint.ts provides). */
export interface CheckpointTensor {
  readonly name: string;
  /** safetensors' names ("F32", "BF16", "F16", "I64") or torch's ("float32", "bfloat16", …). */
  readonly dtype: string;
  readonly shape: readonly number[];
  /** A view of the file in memory, or (when `stored` is set) a fresh read of the file on each access. */
  readonly bytes: Uint8Array;
  /** `bytes.length` without reading (app/models/hub sets it; hand-made tensors may leave it out). */
  readonly byteLength?: number;
  /** Where the bytes lie in the checkpoint file, when it is read from a Blob (app/models/hub/file-range.ts). */
  readonly stored?: { readonly file: FileRange; readonly offset: number };
}

/** A tensor's size in bytes, without reading a file-backed tensor. */
export const byteLengthOf = (t: CheckpointTensor): number => t.byteLength ?? t.bytes.length;

export type CheckpointTensors = ReadonlyMap<string, CheckpointTensor>;

export type StoredDType = 'float32' | 'float16' | 'bfloat16' | 'int64';

const DTYPES: Readonly<Record<string, StoredDType>> = {
  F32: 'float32', float32: 'float32', 'torch.float32': 'float32',
  F16: 'float16', float16: 'float16', 'torch.float16': 'float16',
  BF16: 'bfloat16', bfloat16: 'bfloat16', 'torch.bfloat16': 'bfloat16',
  I64: 'int64', int64: 'int64', 'torch.int64': 'int64',
};

export class CheckpointMismatchError extends Error {
  override name = 'CheckpointMismatchError';
}

export function storedDType(t: CheckpointTensor): StoredDType {
  const d = DTYPES[t.dtype];
  if (d === undefined) throw new CheckpointMismatchError(`tensor '${t.name}' is ${t.dtype}; BLIP's weights are float32, float16 or bfloat16`);
  return d;
}

const BYTES: Readonly<Record<StoredDType, number>> = { float32: 4, float16: 2, bfloat16: 2, int64: 8 };

/** The tensor named `name`, checked to have `shape` and a floating-point dtype. */
export function requireTensor(tensors: CheckpointTensors, name: string, shape: readonly number[]): CheckpointTensor {
  const t = tensors.get(name);
  if (t === undefined) throw new CheckpointMismatchError(`the checkpoint has no tensor '${name}' (shape [${shape.join(', ')}]), which this BLIP config needs`);
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i]))
    throw new CheckpointMismatchError(`tensor '${name}' has shape [${t.shape.join(', ')}]; the config implies [${shape.join(', ')}]`);
  const dtype = storedDType(t);
  if (dtype === 'int64') throw new CheckpointMismatchError(`tensor '${name}' is int64; a weight must be floating point`);
  const expected = shape.reduce((a, b) => a * b, 1) * BYTES[dtype];
  const length = byteLengthOf(t);
  if (length !== expected) throw new CheckpointMismatchError(`tensor '${name}' (${dtype} [${shape.join(', ')}]) has ${length} bytes, expected ${expected}`);
  return t;
}

/** Names the graphs never read but transformers keeps (buffers): not an "extra tensor". */
export const IGNORED_TENSORS: ReadonlySet<string> = new Set(['text_decoder.bert.embeddings.position_ids']);

/**
 * After the graphs are built: tensors the checkpoint has and no graph read (a checkpoint of
 * another architecture, or a BLIP with parts this builder does not know). The .bin's alias
 * `cls.predictions.decoder.bias` (the same storage as `cls.predictions.bias`) counts as read.
 */
export function unreadTensors(tensors: CheckpointTensors, read: ReadonlySet<string>): string[] {
  const alias = 'text_decoder.cls.predictions.decoder.bias';
  return [...tensors.keys()].filter((n) => !read.has(n) && !IGNORED_TENSORS.has(n) && !(n === alias && read.has('text_decoder.cls.predictions.bias')));
}

/**
 * A float32 copy of a checkpoint tensor checked to have `shape` (a file-backed tensor's read
 * released at once); any other dtype is refused by name, for `reader` (the WebAssembly engines).
 */
export function float32Copy(tensors: CheckpointTensors, name: string, shape: readonly number[], reader: string): Float32Array {
  const t = requireTensor(tensors, name, shape);
  const dtype = storedDType(t);
  if (dtype !== 'float32') throw new Error(`${reader} reads float32 weights only; tensor '${name}' is ${dtype}`);
  const bytes = t.bytes;
  const out = new Float32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes); // bytes may sit at any offset: copy rather than view
  t.stored?.file.release(bytes);
  return out;
}

/**
 * `consume` run on a checkpoint tensor's float32 values (checked to have `shape`, other dtypes refused
 * by name, for `reader`), then its read released: what a Linear packs into an engine's memory and
 * does not keep. A view where the bytes sit at a multiple of 4 (FileReaderSync's fresh buffer, an
 * aligned tensor of a file in memory), else a copy: a BLIP-base build then never copies its
 * Linears' 0.9 GB once more into fresh pages (≈ 0.7 s of the cache → first caption here). `consume`
 * must not keep the array nor write to it (it may be a view of the file).
 */
export function withFloat32<T>(tensors: CheckpointTensors, name: string, shape: readonly number[], reader: string, consume: (values: Float32Array) => T): T {
  const t = requireTensor(tensors, name, shape);
  const dtype = storedDType(t);
  if (dtype !== 'float32') throw new Error(`${reader} reads float32 weights only; tensor '${name}' is ${dtype}`);
  const bytes = t.bytes;
  try {
    const values = bytes.byteOffset % 4 === 0 ? new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4) : new Float32Array(bytes.slice().buffer);
    return consume(values);
  } finally {
    t.stored?.file.release(bytes);
  }
}
