// PNG, step 3: undo the per-row filters (None, Sub, Up, Average, Paeth) and Adam7 interlacing
// → every pixel's samples at full resolution, in row order (Uint8Array for bit depths 1–8,
// the sample values themselves, not packed; Uint16Array for 16). Pure; PNG spec sections 7–9.
import { ImageDecodeError } from './image-error.ts';
import type { PngHeader } from './png-chunks.ts';

/** Samples per pixel of each colour type. */
export const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

/** Adam7: [x start, y start, x step, y step] of the 7 passes. */
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;

interface Pass {
  readonly x0: number;
  readonly y0: number;
  readonly dx: number;
  readonly dy: number;
  readonly width: number;
  readonly height: number;
}

export function passesOf(h: PngHeader): Pass[] {
  if (!h.interlaced) return [{ x0: 0, y0: 0, dx: 1, dy: 1, width: h.width, height: h.height }];
  return ADAM7.map(([x0, y0, dx, dy]) => ({
    x0, y0, dx, dy,
    width: Math.max(0, Math.ceil((h.width - x0) / dx)),
    height: Math.max(0, Math.ceil((h.height - y0) / dy)),
  })).filter((p) => p.width > 0 && p.height > 0);
}

const rowBytes = (h: PngHeader, width: number): number => Math.ceil((width * CHANNELS[h.colorType] * h.bitDepth) / 8);

/** Bytes the inflated IDAT data must hold: a filter byte and the packed samples per row of every pass. */
export const filteredSize = (h: PngHeader): number => passesOf(h).reduce((n, p) => n + p.height * (1 + rowBytes(h, p.width)), 0);

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Unfilters one row in place; `prev` is the previous unfiltered row of the same pass (zeros for the first). */
function unfilterRow(filter: number, row: Uint8Array, prev: Uint8Array, bpp: number, where: () => string): void {
  const n = row.length;
  switch (filter) {
    case 0:
      return;
    case 1:
      for (let i = bpp; i < n; i++) row[i] = (row[i]! + row[i - bpp]!) & 0xff;
      return;
    case 2:
      for (let i = 0; i < n; i++) row[i] = (row[i]! + prev[i]!) & 0xff;
      return;
    case 3:
      for (let i = 0; i < n; i++) row[i] = (row[i]! + (((i >= bpp ? row[i - bpp]! : 0) + prev[i]!) >> 1)) & 0xff;
      return;
    case 4:
      for (let i = 0; i < n; i++) row[i] = (row[i]! + paeth(i >= bpp ? row[i - bpp]! : 0, prev[i]!, i >= bpp ? prev[i - bpp]! : 0)) & 0xff;
      return;
    default:
      throw new ImageDecodeError(`${where()}: unknown filter type ${filter} (PNG has 0–4): the file is corrupt`);
  }
}

/** The image's samples, unfiltered and de-interlaced: width × height × channels values. */
export function unfilter(raw: Uint8Array, h: PngHeader, name: string): Uint8Array | Uint16Array {
  const channels = CHANNELS[h.colorType];
  const depth = h.bitDepth;
  const out = depth === 16 ? new Uint16Array(h.width * h.height * channels) : new Uint8Array(h.width * h.height * channels);
  // Bytes per complete pixel, at least 1 (the filters' "left" neighbour distance).
  const bpp = Math.max(1, (channels * depth) >> 3);
  const mask = (1 << depth) - 1;
  let offset = 0;
  passesOf(h).forEach((pass, passIndex) => {
    const stride = rowBytes(h, pass.width);
    let prev: Uint8Array = new Uint8Array(stride);
    for (let y = 0; y < pass.height; y++) {
      const filter = raw[offset]!;
      const row = raw.subarray(offset + 1, offset + 1 + stride);
      unfilterRow(filter, row, prev, bpp, () => `${name}: ${h.interlaced ? `Adam7 pass ${passIndex + 1}, ` : ''}row ${y}`);
      offset += 1 + stride;
      const outRow = (pass.y0 + y * pass.dy) * h.width;
      if (depth === 8 && pass.dx === 1) {
        // Not interlaced, 8-bit: the row is the samples already (the common photo case; 2x faster).
        out.set(row, outRow * channels);
        prev = row;
        continue;
      }
      for (let x = 0; x < pass.width; x++) {
        const at = (outRow + pass.x0 + x * pass.dx) * channels;
        for (let c = 0; c < channels; c++) {
          const s = x * channels + c;
          if (depth === 16) out[at + c] = (row[2 * s]! << 8) | row[2 * s + 1]!;
          else if (depth === 8) out[at + c] = row[s]!;
          else out[at + c] = (row[(s * depth) >> 3]! >> (8 - depth - ((s * depth) & 7))) & mask;
        }
      }
      prev = row;
    }
  });
  return out;
}
