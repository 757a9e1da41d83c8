// The zip container of a torch.save file (pytorch_model.bin): read from its
// central directory, entries stored uncompressed (torch's writer never
// compresses), ZIP64 records when present (torch's writer always adds them;
// needed past 4 GB). Compressed or encrypted entries are refused: torch files
// have none, and inflating is not this reader's business.
import { CheckpointFormatError } from './errors.ts';
import type { FileRange } from './file-range.ts';

export interface ZipEntry {
  readonly name: string;
  /** Absolute offset of the entry's data in the file, and its length. */
  readonly start: number;
  readonly size: number;
  readonly crc32: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;

/**
 * Bytes of a file read a block at a time when it is a Blob: the central directory in one read
 * (`prefetch`), each local header (about 100 bytes) in a small block of its own; two blocks are
 * kept, since the loop reads a directory entry, then that entry's local header.
 */
const BLOCK = 512;

interface Block {
  readonly start: number;
  readonly view: DataView;
}

class Reader {
  readonly size: number;
  #blocks: Block[] = [];
  constructor(
    readonly file: FileRange,
    readonly source: string,
  ) {
    this.size = file.size;
    // In memory: one view of the whole file, nothing to read in blocks.
    if (file.inMemory) this.prefetch(0, file.size);
  }
  need(at: number, length: number, what: string): void {
    if (at < 0 || at + length > this.size)
      throw new CheckpointFormatError(`${this.source}: corrupt zip: ${what} at byte ${at} (${length} bytes) is past the end of the file (${this.size} bytes; truncated?)`);
  }
  /** Reads [at, at + length) as one block (a region about to be read piece by piece). */
  prefetch(at: number, length: number): void {
    const bytes = this.file.read(at, length);
    this.#blocks = [{ start: at, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) }, ...this.#blocks].slice(0, 2);
  }
  /** `length` bytes at `at` (checked to be in the file by the caller). */
  bytes(at: number, length: number): Uint8Array {
    const b = this.#block(at, length);
    return new Uint8Array(b.view.buffer, b.view.byteOffset + at - b.start, length);
  }
  #block(at: number, length: number): Block {
    const hit = this.#blocks.find((b) => at >= b.start && at + length <= b.start + b.view.byteLength);
    if (hit !== undefined) return hit;
    const size = Math.min(this.size, Math.max(length, BLOCK));
    this.prefetch(Math.max(0, Math.min(at, this.size - size)), size);
    return this.#blocks[0]!;
  }
  #at(at: number, length: number): { view: DataView; offset: number } {
    const b = this.#block(at, length);
    return { view: b.view, offset: at - b.start };
  }
  u16(at: number): number {
    const { view, offset } = this.#at(at, 2);
    return view.getUint16(offset, true);
  }
  u32(at: number): number {
    const { view, offset } = this.#at(at, 4);
    return view.getUint32(offset, true);
  }
  u64(at: number, what: string): number {
    const { view, offset } = this.#at(at, 8);
    const v = view.getBigUint64(offset, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new CheckpointFormatError(`${this.source}: corrupt zip: ${what} at byte ${at} is ${v}, not a usable offset`);
    return Number(v);
  }
}

function findEndRecord(r: Reader): number {
  // The end record is 22 bytes plus a comment of at most 65535 bytes (and a ZIP64 locator, 20, before it).
  const last = r.size - 22;
  if (!r.file.inMemory) r.prefetch(Math.max(0, last - U16_MAX - 20), r.size - Math.max(0, last - U16_MAX - 20));
  for (let at = last; at >= Math.max(0, last - U16_MAX); at--) {
    if (r.u32(at) === EOCD && at + 22 + r.u16(at + 20) === r.size) return at;
  }
  throw new CheckpointFormatError(`${r.source}: not a zip file (no end of central directory record in the last ${Math.min(r.size, 22 + U16_MAX)} bytes); a pytorch_model.bin is a zip written by torch.save (truncated, or an old pre-1.6 torch file?)`);
}

interface Directory {
  readonly entries: number;
  readonly offset: number;
  readonly size: number;
}

function directoryOf(r: Reader, eocd: number): Directory {
  let dir: Directory = { entries: r.u16(eocd + 10), size: r.u32(eocd + 12), offset: r.u32(eocd + 16) };
  if (r.u16(eocd + 4) !== 0 || r.u16(eocd + 6) !== 0) throw new CheckpointFormatError(`${r.source}: corrupt zip: a multi-disk archive (end record at byte ${eocd})`);
  const loc = eocd - 20;
  if (loc >= 0 && r.u32(loc) === ZIP64_LOCATOR) {
    const at = r.u64(loc + 8, 'the ZIP64 end record offset');
    r.need(at, 56, 'the ZIP64 end record');
    if (r.u32(at) !== ZIP64_EOCD) throw new CheckpointFormatError(`${r.source}: corrupt zip: no ZIP64 end record at byte ${at}, where the locator at byte ${loc} points`);
    const z: Directory = { entries: r.u64(at + 32, 'the entry count'), size: r.u64(at + 40, 'the directory size'), offset: r.u64(at + 48, 'the directory offset') };
    // Where the classic record is not saturated both must agree.
    const agrees = (classic: number, max: number, wide: number): boolean => classic === max || classic === wide;
    if (!agrees(dir.entries, U16_MAX, z.entries) || !agrees(dir.size, U32_MAX, z.size) || !agrees(dir.offset, U32_MAX, z.offset))
      throw new CheckpointFormatError(`${r.source}: corrupt zip: the end record (byte ${eocd}) and the ZIP64 end record (byte ${at}) disagree`);
    dir = z;
  } else if (dir.entries === U16_MAX || dir.size === U32_MAX || dir.offset === U32_MAX) {
    throw new CheckpointFormatError(`${r.source}: corrupt zip: the end record (byte ${eocd}) needs a ZIP64 record, and there is none`);
  }
  r.need(dir.offset, dir.size, 'the central directory');
  if (!r.file.inMemory) r.prefetch(dir.offset, dir.size);
  return dir;
}

/** Sizes and offset of one central entry, widened by its ZIP64 extra field where saturated. */
function widen(r: Reader, at: number, extraStart: number, extraLength: number, fields: { size: number; compressed: number; local: number }): void {
  for (let p = extraStart; p + 4 <= extraStart + extraLength; ) {
    const id = r.u16(p);
    const len = r.u16(p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      const take = (what: string): number => {
        if (q + 8 > p + 4 + len) throw new CheckpointFormatError(`${r.source}: corrupt zip: the ZIP64 field of the entry at byte ${at} lacks its ${what}`);
        const v = r.u64(q, what);
        q += 8;
        return v;
      };
      if (fields.size === U32_MAX) fields.size = take('size');
      if (fields.compressed === U32_MAX) fields.compressed = take('compressed size');
      if (fields.local === U32_MAX) fields.local = take('local header offset');
      return;
    }
    p += 4 + len;
  }
}

/** The entries of a zip whose entries are all stored (method 0); anything else is an error naming the entry. */
export function readStoredZip(file: FileRange, source: string): Map<string, ZipEntry> {
  const r = new Reader(file, source);
  if (file.size < 22) throw new CheckpointFormatError(`${source}: ${file.size} bytes is too short for a zip file`);
  const dir = directoryOf(r, findEndRecord(r));
  const entries = new Map<string, ZipEntry>();
  const utf8 = new TextDecoder('utf-8', { fatal: false });
  let at = dir.offset;
  for (let i = 0; i < dir.entries; i++) {
    r.need(at, 46, `central directory entry ${i}`);
    if (r.u32(at) !== CENTRAL) throw new CheckpointFormatError(`${source}: corrupt zip: central directory entry ${i} at byte ${at} has a bad signature`);
    const flags = r.u16(at + 8);
    const method = r.u16(at + 10);
    const fields = { compressed: r.u32(at + 20), size: r.u32(at + 24), local: r.u32(at + 42) };
    const nameLength = r.u16(at + 28);
    const extraLength = r.u16(at + 30);
    const commentLength = r.u16(at + 32);
    r.need(at + 46, nameLength + extraLength + commentLength, `the name of central entry ${i}`);
    const name = utf8.decode(r.bytes(at + 46, nameLength));
    widen(r, at, at + 46 + nameLength, extraLength, fields);
    if ((flags & 1) !== 0) throw new CheckpointFormatError(`${source}: zip entry "${name}" is encrypted; torch.save never writes that`);
    if (method !== 0)
      throw new CheckpointFormatError(`${source}: zip entry "${name}" is compressed (method ${method}); torch.save stores entries uncompressed and only those are read (was the file re-zipped?)`);
    if (fields.compressed !== fields.size) throw new CheckpointFormatError(`${source}: corrupt zip: stored entry "${name}" has compressed size ${fields.compressed} ≠ size ${fields.size}`);
    const local = fields.local;
    r.need(local, 30, `the local header of "${name}"`);
    if (r.u32(local) !== LOCAL) throw new CheckpointFormatError(`${source}: corrupt zip: no local header for "${name}" at byte ${local}`);
    if (r.u16(local + 8) !== 0) throw new CheckpointFormatError(`${source}: zip entry "${name}" is compressed in its local header (method ${r.u16(local + 8)})`);
    // The data follows the local header's own name and extra field (torch pads
    // that extra field so data starts on a 64-byte boundary; the central copy has none).
    const start = local + 30 + r.u16(local + 26) + r.u16(local + 28);
    r.need(start, fields.size, `the data of "${name}"`);
    if (entries.has(name)) throw new CheckpointFormatError(`${source}: corrupt zip: entry "${name}" appears twice`);
    entries.set(name, { name, start, size: fields.size, crc32: r.u32(at + 16) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (zip's), for the small entries that steer reading (data.pkl, byteorder). */
export function crc32(bytes: Uint8Array): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = (c & 1) !== 0 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
