// model.safetensors: an unsigned 64-bit little-endian header length N, N bytes
// of JSON ({ name: { dtype, shape, data_offsets: [begin, end] }, "__metadata__"?: {…} },
// offsets relative to the byte after the header), then the raw tensor data.
// Pure TS (page, worker and Node): nothing here needs the network or the DOM.
// Every tensor is a view into the file's buffer (a copy only when its offset is
// not a multiple of its element size, which writers never produce but a file may).
import type { Checkpoint, CheckpointDtype, CheckpointTensor } from './checkpoint.ts';
import { ITEM_SIZE, numelOf, SAFETENSORS_DTYPES } from './dtypes.ts';
import { bytesRange, fileTensor, type FileRange } from './file-range.ts';
import { CheckpointFormatError } from './errors.ts';

/** The safetensors library's own limit on the JSON header (100 MB); a larger length is corruption. */
export const MAX_HEADER_BYTES = 100_000_000;

export interface SafetensorsEntry {
  readonly name: string;
  readonly dtype: CheckpointDtype;
  readonly shape: readonly number[];
  /** Absolute byte range in the file. */
  readonly begin: number;
  readonly end: number;
}

export interface SafetensorsHeader {
  /** Bytes the header takes at the start of the file (8 + JSON), i.e. where data starts. */
  readonly dataStart: number;
  readonly entries: readonly SafetensorsEntry[];
  readonly metadata: Readonly<Record<string, string>>;
}

/** The length word at the start; `fileBytes` is the whole file's size (the header may be a prefix of it). */
export function safetensorsHeaderLength(head: Uint8Array, fileBytes: number, source: string): number {
  if (head.length < 8 || fileBytes < 8) throw new CheckpointFormatError(`${source}: ${fileBytes} bytes is too short for a safetensors file (the 8-byte header length alone is missing)`);
  const n = new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true);
  if (n === 0n) throw new CheckpointFormatError(`${source}: the header length (bytes 0–7) is 0; a safetensors header is at least "{}"`);
  if (n > BigInt(MAX_HEADER_BYTES)) throw new CheckpointFormatError(`${source}: the header length (bytes 0–7) says ${n} bytes, more than safetensors allows (${MAX_HEADER_BYTES}); not a safetensors file, or corrupt`);
  if (n > BigInt(fileBytes - 8)) throw new CheckpointFormatError(`${source}: the header length (bytes 0–7) says ${n} bytes but the file has only ${fileBytes - 8} after it (truncated?)`);
  return Number(n);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses and checks the header. `head` must hold at least the first 8 + N bytes;
 * `fileBytes` is the size of the whole file (a header-only read checks offsets against it).
 */
export function parseSafetensorsHeader(head: Uint8Array, fileBytes: number, source: string): SafetensorsHeader {
  const n = safetensorsHeaderLength(head, fileBytes, source);
  if (head.length < 8 + n) throw new CheckpointFormatError(`${source}: only ${head.length} bytes given, the header needs ${8 + n}`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(8, 8 + n)));
  } catch (e) {
    throw new CheckpointFormatError(`${source}: the JSON header (bytes 8–${8 + n - 1}) does not parse: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isRecord(json)) throw new CheckpointFormatError(`${source}: the JSON header is not an object`);
  const dataStart = 8 + n;
  const dataBytes = fileBytes - dataStart;
  const entries: SafetensorsEntry[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(json)) {
    const where = `${source}: tensor "${name}"`;
    if (name === '__metadata__') {
      if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string'))
        throw new CheckpointFormatError(`${source}: "__metadata__" must map strings to strings`);
      metadata = value as Record<string, string>;
      continue;
    }
    if (!isRecord(value)) throw new CheckpointFormatError(`${where} is not an object with dtype, shape and data_offsets`);
    const { dtype: code, shape, data_offsets: offsets } = value;
    const dtype = typeof code === 'string' ? SAFETENSORS_DTYPES[code] : undefined;
    if (dtype === undefined)
      throw new CheckpointFormatError(`${where}: dtype ${JSON.stringify(code)} is not one of ${Object.keys(SAFETENSORS_DTYPES).join(', ')}`);
    if (!Array.isArray(shape) || !shape.every((d): d is number => typeof d === 'number'))
      throw new CheckpointFormatError(`${where}: shape ${JSON.stringify(shape)} is not a list of integers`);
    let numel: number;
    try {
      numel = numelOf(shape, () => where);
    } catch (e) {
      throw new CheckpointFormatError(e instanceof Error ? e.message : String(e));
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o): o is number => Number.isSafeInteger(o) && typeof o === 'number' && o >= 0))
      throw new CheckpointFormatError(`${where}: data_offsets ${JSON.stringify(offsets)} is not [begin, end] with non-negative integers`);
    const [begin, end] = offsets as [number, number];
    if (end < begin) throw new CheckpointFormatError(`${where}: data_offsets [${begin}, ${end}] end before they begin`);
    if (end > dataBytes)
      throw new CheckpointFormatError(`${where}: data_offsets [${begin}, ${end}] go past the end of the data (${dataBytes} bytes after the header; truncated file?)`);
    const want = numel * ITEM_SIZE[dtype];
    if (end - begin !== want)
      throw new CheckpointFormatError(`${where}: shape [${shape.join(', ')}] × ${ITEM_SIZE[dtype]} bytes (${code as string}) = ${want} bytes, but data_offsets [${begin}, ${end}] span ${end - begin}`);
    entries.push({ name, dtype, shape: Object.freeze([...shape]), begin: dataStart + begin, end: dataStart + end });
  }
  // Two tensors may not share bytes (the format has no aliasing; an overlap is corruption).
  // Gaps are tolerated: they waste space but mislead no reader.
  const sorted = [...entries].filter((e) => e.end > e.begin).sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (b.begin < a.end)
      throw new CheckpointFormatError(`${source}: tensors "${a.name}" and "${b.name}" overlap (bytes ${b.begin}–${Math.min(a.end, b.end) - 1} of the file)`);
  }
  return { dataStart, entries, metadata: Object.freeze(metadata) };
}

/** Reads a whole model.safetensors held in memory; tensors view `file`'s buffer. */
export function readSafetensors(file: Uint8Array<ArrayBuffer>, source: string): Checkpoint {
  return readSafetensorsRange(bytesRange(file, source));
}

/** Reads model.safetensors from a file range: the header is read, tensors are ranges (views when in memory). */
export function readSafetensorsRange(file: FileRange): Checkpoint {
  const { source } = file;
  const head = file.read(0, Math.min(8, file.size));
  const n = safetensorsHeaderLength(head, file.size, source);
  const header = parseSafetensorsHeader(file.read(0, 8 + n), file.size, source);
  const tensors = new Map<string, CheckpointTensor>();
  for (const e of header.entries) tensors.set(e.name, fileTensor(file, e.name, e.dtype, e.shape, e.begin, e.end - e.begin));
  return Object.freeze({ format: 'safetensors', source, tensors, aliases: new Map<string, string>(), metadata: header.metadata, fileBytes: file.size });
}
