// PNG, step 1 (runs wherever the decoder runs: kernel worker, page, Node): the signature,
// the chunk list with every CRC checked, IHDR checked, PLTE/tRNS kept, IDAT joined.
// Pure byte logic; errors are ImageDecodeErrors naming the file and the byte offset.
import { ImageDecodeError, MAX_DECODED_SIDE } from './image-error.ts';

export type PngColorType = 0 | 2 | 3 | 4 | 6;

export interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: 1 | 2 | 4 | 8 | 16;
  readonly colorType: PngColorType;
  readonly interlaced: boolean;
}

export interface PngChunks {
  readonly header: PngHeader;
  /** PLTE: RGB triples (null when absent). */
  readonly palette: Uint8Array | null;
  /** tRNS as stored (null when absent). convert("RGB") ignores it; it is checked, not used. */
  readonly transparency: Uint8Array | null;
  /** Every IDAT's data, joined: one zlib stream. */
  readonly idat: Uint8Array<ArrayBuffer>;
}

export const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10] as const;

export const isPng = (bytes: Uint8Array): boolean => PNG_SIGNATURE.every((b, i) => bytes[i] === b);

/** Bit depths each colour type allows (PNG spec table 11.1). */
const DEPTHS: Record<PngColorType, readonly number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
const COLOR_NAMES: Record<PngColorType, string> = { 0: 'greyscale', 2: 'RGB', 3: 'palette', 4: 'greyscale + alpha', 6: 'RGBA' };

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** One chunk as the file holds it: length, type, data, CRC (the app's encoder and the tests' write them). */
export function chunkBytes(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
const isColorType = (n: number): n is PngColorType => n === 0 || n === 2 || n === 3 || n === 4 || n === 6;
const isLetter = (b: number): boolean => (b >= 65 && b <= 90) || (b >= 97 && b <= 122);

function parseHeader(data: Uint8Array, name: string): PngHeader {
  if (data.length !== 13) throw new ImageDecodeError(`${name}: the IHDR chunk is ${data.length} bytes long; a PNG header is 13`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const [width, height] = [view.getUint32(0), view.getUint32(4)];
  const [depth, color, compression, filter, interlace] = [data[8]!, data[9]!, data[10]!, data[11]!, data[12]!];
  if (width === 0 || height === 0) throw new ImageDecodeError(`${name}: the PNG is ${width}×${height} px; it needs a positive width and height`);
  if (width > MAX_DECODED_SIDE || height > MAX_DECODED_SIDE)
    throw new ImageDecodeError(`${name}: the PNG is ${width}×${height} px; the largest side accepted is ${MAX_DECODED_SIDE} px`);
  if (!isColorType(color)) throw new ImageDecodeError(`${name}: unsupported PNG colour type ${color} (PNG has 0, 2, 3, 4 and 6)`);
  if (!DEPTHS[color].includes(depth))
    throw new ImageDecodeError(`${name}: bit depth ${depth} is not allowed for colour type ${color} (${COLOR_NAMES[color]}: ${DEPTHS[color].join(', ')})`);
  if (compression !== 0) throw new ImageDecodeError(`${name}: unknown PNG compression method ${compression} (only 0, deflate, exists)`);
  if (filter !== 0) throw new ImageDecodeError(`${name}: unknown PNG filter method ${filter} (only 0 exists)`);
  if (interlace !== 0 && interlace !== 1) throw new ImageDecodeError(`${name}: unknown PNG interlace method ${interlace} (0 none, 1 Adam7)`);
  return { width, height, bitDepth: depth as PngHeader['bitDepth'], colorType: color, interlaced: interlace === 1 };
}

/** The chunks of a PNG file, checked. `name` is what errors call the file. */
export function readPngChunks(bytes: Uint8Array, name: string): PngChunks {
  if (!isPng(bytes)) throw new ImageDecodeError(`${name}: not a PNG file (bad signature: the first 8 bytes are not 89 50 4E 47 0D 0A 1A 0A)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: PngHeader | null = null;
  let palette: Uint8Array | null = null;
  let transparency: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  let idatEnded = false;
  let offset = 8;
  while (offset < bytes.length) {
    if (offset + 8 > bytes.length) throw new ImageDecodeError(`${name}: truncated: the file ends inside a chunk header at byte ${offset}`);
    const length = view.getUint32(offset);
    const typeBytes = bytes.subarray(offset + 4, offset + 8);
    if (!typeBytes.every(isLetter)) throw new ImageDecodeError(`${name}: corrupt PNG: the chunk at byte ${offset} has no valid type (bytes ${[...typeBytes].join(' ')})`);
    const type = String.fromCharCode(...typeBytes);
    if (length > 0x7fffffff) throw new ImageDecodeError(`${name}: corrupt PNG: chunk ${type} at byte ${offset} claims ${length} bytes`);
    const end = offset + 12 + length;
    if (end > bytes.length) {
      const what = type === 'IDAT' ? 'truncated IDAT' : `truncated chunk ${type}`;
      throw new ImageDecodeError(`${name}: ${what}: the chunk at byte ${offset} needs ${length} data bytes + CRC, the file ends ${bytes.length - offset - 8} bytes after its header`);
    }
    const stored = view.getUint32(end - 4);
    const computed = crc32(bytes.subarray(offset + 4, end - 4));
    if (stored !== computed) throw new ImageDecodeError(`${name}: CRC mismatch in chunk ${type} at byte ${offset} (stored ${hex(stored)}, computed ${hex(computed)}): the file is corrupt`);
    const data = bytes.subarray(offset + 8, end - 4);
    if (header === null && type !== 'IHDR') throw new ImageDecodeError(`${name}: corrupt PNG: the first chunk is ${type}, not IHDR`);
    if (type !== 'IDAT' && idat.length > 0) idatEnded = true;
    switch (type) {
      case 'IHDR':
        if (header !== null) throw new ImageDecodeError(`${name}: corrupt PNG: a second IHDR at byte ${offset}`);
        header = parseHeader(data, name);
        break;
      case 'PLTE':
        if (data.length % 3 !== 0 || data.length === 0 || data.length > 768)
          throw new ImageDecodeError(`${name}: corrupt PNG: PLTE is ${data.length} bytes (1 to 256 RGB entries, 3 bytes each)`);
        palette = data;
        break;
      case 'tRNS':
        transparency = data;
        break;
      case 'IDAT':
        if (idatEnded) throw new ImageDecodeError(`${name}: corrupt PNG: IDAT chunks are not consecutive (another at byte ${offset})`);
        idat.push(data);
        break;
      case 'IEND':
        offset = bytes.length;
        continue;
      default:
        // Ancillary chunks (lower-case first letter: gAMA, iCCP, tEXt, pHYs, APNG's acTL/fcTL/fdAT …) change nothing Pillow's convert("RGB") gives.
        if (!isLetter(typeBytes[0]!) || typeBytes[0]! < 97) throw new ImageDecodeError(`${name}: unsupported critical PNG chunk ${type} at byte ${offset}`);
    }
    offset = end;
  }
  if (header === null) throw new ImageDecodeError(`${name}: truncated: the file ends before the IHDR chunk`);
  if (idat.length === 0) throw new ImageDecodeError(`${name}: truncated IDAT: the PNG has no image data (no IDAT chunk)`);
  if (header.colorType === 3 && palette !== null && palette.length / 3 > 2 ** header.bitDepth)
    throw new ImageDecodeError(`${name}: corrupt PNG: PLTE has ${palette.length / 3} entries, more than a ${header.bitDepth}-bit index can name`);
  const joined = new Uint8Array(idat.reduce((n, d) => n + d.length, 0));
  let at = 0;
  for (const d of idat) {
    joined.set(d, at);
    at += d.length;
  }
  return { header, palette, transparency, idat: joined };
}
