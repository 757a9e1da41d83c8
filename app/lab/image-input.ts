// The student's own image as an OCR input. Sizes are read from the file header before
// decoding, so a 20,000-px or zero-width image is refused with a clear message instead of
// allocating gigabytes or failing inside the decoder. A photo taller than a text line is cut
// to a horizontal band the student positions (a slider, so it works from the keyboard):
// by default the middle band whose width is 8× its height, PP-OCR's typical line shape.

export const MAX_SIDE = 8192;

export class ImageInputError extends Error {
  override name = 'ImageInputError';
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

const u16be = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!;
const u16le = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8);
const u32be = (b: Uint8Array, i: number): number => ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
const i32le = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);

/** Width and height from a PNG, GIF, BMP, WebP or JPEG header; null when it is none of those. */
export function imageSize(b: Uint8Array): (Size & { readonly format: string }) | null {
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return { format: 'PNG', width: u32be(b, 16), height: u32be(b, 20) };
  if (b.length >= 10 && String.fromCharCode(...b.subarray(0, 4)) === 'GIF8') return { format: 'GIF', width: u16le(b, 6), height: u16le(b, 8) };
  if (b.length >= 26 && b[0] === 0x42 && b[1] === 0x4d) return { format: 'BMP', width: Math.abs(i32le(b, 18)), height: Math.abs(i32le(b, 22)) };
  if (b.length >= 30 && String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP') {
    const kind = String.fromCharCode(...b.subarray(12, 16));
    if (kind === 'VP8 ') return { format: 'WebP', width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
    if (kind === 'VP8L') return { format: 'WebP', width: 1 + (u16le(b, 21) & 0x3fff), height: 1 + (((b[22]! >> 6) | (b[23]! << 2) | ((b[24]! & 0x0f) << 10)) & 0x3fff) };
    if (kind === 'VP8X') return { format: 'WebP', width: 1 + (b[24]! | (b[25]! << 8) | (b[26]! << 16)), height: 1 + (b[27]! | (b[28]! << 8) | (b[29]! << 16)) };
    return null;
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    // JPEG: walk the segments to the first start-of-frame marker (SOF0–SOF15 except DHT/JPG/DAC).
    for (let i = 2; i + 9 < b.length; ) {
      if (b[i] !== 0xff) return null;
      const marker = b[i + 1]!;
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { format: 'JPEG', width: u16be(b, i + 7), height: u16be(b, i + 5) };
      i += 2 + u16be(b, i + 2);
    }
  }
  return null;
}

/** Throws a student-readable error for sizes the lab refuses. */
export function checkSize(name: string, bytes: Uint8Array): Size {
  const size = imageSize(bytes);
  if (size === null) throw new ImageInputError(`${name}: not an image the lab can read (PNG, JPEG, GIF, WebP or BMP)`);
  const { width, height, format } = size;
  if (width <= 0 || height <= 0) throw new ImageInputError(`${name}: the ${format} image is ${width}×${height} px; it needs a positive width and height`);
  if (width > MAX_SIDE || height > MAX_SIDE) throw new ImageInputError(`${name}: the ${format} image is ${width}×${height} px; the largest side the lab accepts is ${MAX_SIDE} px — crop it to one line of text first`);
  return size;
}

export interface Band {
  readonly top: number;
  readonly height: number;
}

/** Whether an image is already line-shaped (wide) or needs a band cut out of it. */
export const needsBand = (s: Size): boolean => s.width < 4 * s.height;

/** The band at `centre` (0–1 of the height) whose height is width/8 (at least 16 px, at most the image). */
export function bandAt(s: Size, centre: number, aspect = 8): Band {
  const height = Math.max(1, Math.min(s.height, Math.max(16, Math.round(s.width / aspect))));
  const top = Math.round(Math.min(s.height - height, Math.max(0, centre * s.height - height / 2)));
  return { top, height };
}
