// A PNG file → the RGB pixels Pillow's `Image.open(f).convert("RGB")` gives, exactly, in
// TypeScript (never a canvas: a canvas premultiplies alpha, so a transparent pixel's colour
// would be lost). chunks (png-chunks.ts) → inflate (inflate.ts) → unfilter + Adam7
// (png-unfilter.ts) → convert (png-convert.ts). Runs in the kernel worker, the page and Node.
import { ImageDecodeError } from './image-error.ts';
import { inflateExactly } from './inflate.ts';
import { readPngChunks } from './png-chunks.ts';
import { pillowMode, toRgba, type PillowMode } from './png-convert.ts';
import { filteredSize, unfilter } from './png-unfilter.ts';

export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  /** RGBA, alpha 255 (the RGB of convert("RGB")), as ImageData lays it out. */
  readonly data: Uint8ClampedArray;
  /** What the file was: "PNG", "JPEG", … */
  readonly format: string;
  /** The mode Pillow opens it as (PNG only; null when the browser decoded it). */
  readonly mode: PillowMode | null;
}

export async function decodePng(bytes: Uint8Array, name: string): Promise<DecodedImage> {
  const chunks = readPngChunks(bytes, name);
  const h = chunks.header;
  const expected = filteredSize(h);
  // Bigger than any 8192² RGBA16 image can be; guards the allocation below, not a real limit.
  if (expected > 2 ** 31) throw new ImageDecodeError(`${name}: the PNG's image data would be ${expected} bytes; too large to decode`);
  const raw = await inflateExactly(chunks.idat, expected, name);
  const samples = unfilter(raw, h, name);
  return { width: h.width, height: h.height, data: toRgba(samples, h, chunks.palette), format: 'PNG', mode: pillowMode(h) };
}
