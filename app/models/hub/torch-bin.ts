// pytorch_model.bin: torch.save's zip (zip-stored.ts) holding
// <archive>/data.pkl, a pickle (pickle-vm.ts) whose tensors name storages
// <archive>/data/<key> by persistent id, and the storages' raw bytes
// (little-endian unless <archive>/byteorder says otherwise, which is refused).
// Tensors are views into the file's buffer (or ranges of a Blob, file-range.ts); see tensorOf for the cases that copy.
import type { Checkpoint, CheckpointTensor } from './checkpoint.ts';
import { ITEM_SIZE, numelOf } from './dtypes.ts';
import { bytesRange, fileTensor, type FileRange } from './file-range.ts';
import { CheckpointFormatError } from './errors.ts';
import { PyDict, TensorRef, unpickle } from './pickle-vm.ts';
import { crc32, readStoredZip, type ZipEntry } from './zip-stored.ts';

const utf8 = new TextDecoder();

/** The entry named `data.pkl` one folder down; torch names that folder after the file's stem. */
function archivePrefix(entries: ReadonlyMap<string, ZipEntry>, source: string): string {
  const pickles = [...entries.keys()].filter((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (pickles.length !== 1)
    throw new CheckpointFormatError(`${source}: a torch.save zip has one <archive>/data.pkl; this one has ${pickles.length === 0 ? 'none' : pickles.join(', ')} (not a PyTorch checkpoint?)`);
  return pickles[0]!.slice(0, -'data.pkl'.length);
}

function checkedEntry(file: FileRange, entry: ZipEntry, source: string): Uint8Array {
  const bytes = file.read(entry.start, entry.size);
  if (crc32(bytes) !== entry.crc32) throw new CheckpointFormatError(`${source}: zip entry "${entry.name}" fails its CRC-32 check (corrupt file)`);
  return bytes;
}

/** C-order strides of a shape (what torch.save writes for a contiguous tensor). */
const contiguousStrides = (shape: readonly number[]): number[] => {
  const s = new Array<number>(shape.length);
  let step = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = step;
    step *= shape[i]!;
  }
  return s;
};

/**
 * A tensor's bytes: a view of its storage when it is contiguous and aligned;
 * a copy of this tensor alone when its bytes are not aligned to its element
 * size, or when it is a strided view (made contiguous, as .contiguous() would).
 */
function tensorOf(file: FileRange, storage: ZipEntry, ref: TensorRef, name: string, source: string): CheckpointTensor {
  const item = ITEM_SIZE[ref.storage.dtype];
  const where = `${source}: tensor "${name}"`;
  if (storage.size !== ref.storage.numel * item)
    throw new CheckpointFormatError(`${where}: its storage ${storage.name} holds ${storage.size} bytes, but the pickle says ${ref.storage.numel} × ${item}`);
  const numel = numelOf(ref.size, () => where);
  if (ref.offset < 0 || ref.stride.some((s) => s < 0)) throw new CheckpointFormatError(`${where}: a negative storage offset or stride`);
  // The last element's index in the storage; every element must lie inside it.
  const last = ref.offset + ref.size.reduce((n, d, i) => n + (d - 1) * ref.stride[i]!, 0);
  if (numel > 0 && last >= ref.storage.numel)
    throw new CheckpointFormatError(`${where}: size [${ref.size.join(', ')}] at offset ${ref.offset} with stride [${ref.stride.join(', ')}] reaches element ${last} of a ${ref.storage.numel}-element storage`);
  const want = contiguousStrides(ref.size);
  const contiguous = ref.size.every((d, i) => d <= 1 || ref.stride[i] === want[i]);
  const shape = Object.freeze([...ref.size]);
  if (contiguous) return fileTensor(file, name, ref.storage.dtype, shape, storage.start + ref.offset * item, numel * item);
  const data = file.read(storage.start, storage.size);
  const out = new Uint8Array(numel * item);
  const index = new Array<number>(ref.size.length).fill(0);
  for (let i = 0; i < numel; i++) {
    let at = ref.offset;
    for (let d = 0; d < index.length; d++) at += index[d]! * ref.stride[d]!;
    out.set(data.subarray(at * item, (at + 1) * item), i * item);
    for (let d = index.length - 1; d >= 0; d--) {
      if (++index[d]! < ref.size[d]!) break;
      index[d] = 0;
    }
  }
  return Object.freeze({ name, dtype: ref.storage.dtype, shape, bytes: out, copied: true, byteLength: out.length });
}

/** Reads a whole pytorch_model.bin held in memory. */
export function readTorchBin(file: Uint8Array<ArrayBuffer>, source: string): Checkpoint {
  return readTorchBinRange(bytesRange(file, source));
}

/** Reads pytorch_model.bin from a file range: directory and pickle read, tensors are ranges (views when in memory). */
export function readTorchBinRange(file: FileRange): Checkpoint {
  const { source } = file;
  const entries = readStoredZip(file, source);
  const prefix = archivePrefix(entries, source);
  const order = entries.get(`${prefix}byteorder`);
  if (order !== undefined) {
    const text = utf8.decode(checkedEntry(file, order, source)).trim();
    if (text !== 'little') throw new CheckpointFormatError(`${source}: the storages are ${text}-endian (${prefix}byteorder); only little-endian checkpoints are read`);
  }
  const root = unpickle(checkedEntry(file, entries.get(`${prefix}data.pkl`)!, source), source);
  if (!(root instanceof PyDict)) throw new CheckpointFormatError(`${source}: data.pkl holds ${root === null ? 'None' : typeof root}, not a state dict`);
  const tensors = new Map<string, CheckpointTensor>();
  const aliases = new Map<string, string>();
  // Same storage, offset, size and stride = the same tensor saved under two names (a tied weight).
  const seen = new Map<string, string>();
  for (const [key, value] of root.map) {
    if (typeof key !== 'string') throw new CheckpointFormatError(`${source}: state dict key ${String(key)} is not a string`);
    if (!(value instanceof TensorRef)) throw new CheckpointFormatError(`${source}: state dict entry "${key}" is not a tensor`);
    const identity = `${value.storage.key}|${value.offset}|${value.size.join(',')}|${value.stride.join(',')}`;
    const first = seen.get(identity);
    if (first !== undefined) {
      aliases.set(key, first);
      continue;
    }
    seen.set(identity, key);
    const storage = entries.get(`${prefix}data/${value.storage.key}`);
    if (storage === undefined) throw new CheckpointFormatError(`${source}: tensor "${key}" names storage ${prefix}data/${value.storage.key}, which the zip does not have (truncated?)`);
    tensors.set(key, tensorOf(file, storage, value, key, source));
  }
  return Object.freeze({ format: 'pytorch', source, tensors, aliases, metadata: Object.freeze({}), fileBytes: file.size });
}
