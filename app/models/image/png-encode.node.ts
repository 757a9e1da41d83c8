// Node-only test helper: a PNG encoder for every colour type, bit depth, filter type and
// Adam7 (the app itself only writes 8-bit RGBA, app/kernel/runtime/png.ts). Rows are filtered with
// the filter a caller picks per row, so the decoder's five unfilters are all exercised.
import { deflateSync } from 'node:zlib';
import { chunkBytes, PNG_SIGNATURE, type PngHeader } from './png-chunks.ts';

import { CHANNELS, passesOf } from './png-unfilter.ts';

export interface EncodeInput {
  readonly header: PngHeader;
  /** width × height × channels sample values, row order. */
  readonly samples: ArrayLike<number>;
  /** Filter type (0–4) for the nth row written. */
  readonly filterFor: (row: number) => number;
  /** Chunks to put between IHDR and IDAT (PLTE, tRNS, …). */
  readonly extra?: readonly { readonly type: string; readonly data: Uint8Array }[];
}

function packRow(values: readonly number[], depth: number): Uint8Array {
  if (depth === 16) return Uint8Array.from(values.flatMap((v) => [v >> 8, v & 0xff]));
  if (depth === 8) return Uint8Array.from(values);
  const out = new Uint8Array(Math.ceil((values.length * depth) / 8));
  values.forEach((v, i) => {
    out[(i * depth) >> 3]! |= v << (8 - depth - ((i * depth) & 7));
  });
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function filterRow(kind: number, row: Uint8Array, prev: Uint8Array, bpp: number): Uint8Array {
  const out = new Uint8Array(row.length + 1);
  out[0] = kind;
  for (let i = 0; i < row.length; i++) {
    const a = i >= bpp ? row[i - bpp]! : 0;
    const b = prev[i]!;
    const c = i >= bpp ? prev[i - bpp]! : 0;
    const pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][kind] ?? 0;
    out[i + 1] = (row[i]! - pred) & 0xff;
  }
  return out;
}

export function encodePngForTest({ header: h, samples, filterFor, extra = [] }: EncodeInput): Uint8Array {
  const ch = CHANNELS[h.colorType];
  const bpp = Math.max(1, (ch * h.bitDepth) >> 3);
  const rows: Uint8Array[] = [];
  for (const pass of passesOf(h)) {
    let prev: Uint8Array = new Uint8Array(Math.ceil((pass.width * ch * h.bitDepth) / 8));
    for (let y = 0; y < pass.height; y++) {
      const values: number[] = [];
      for (let x = 0; x < pass.width; x++) {
        const at = ((pass.y0 + y * pass.dy) * h.width + pass.x0 + x * pass.dx) * ch;
        for (let c = 0; c < ch; c++) values.push(samples[at + c]!);
      }
      const packed = packRow(values, h.bitDepth);
      rows.push(filterRow(filterFor(rows.length), packed, prev, bpp));
      prev = packed;
    }
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, h.width);
  view.setUint32(4, h.height);
  ihdr.set([h.bitDepth, h.colorType, 0, 0, h.interlaced ? 1 : 0], 8);
  const raw = Buffer.concat(rows);
  const parts = [Uint8Array.from(PNG_SIGNATURE), chunkBytes('IHDR', ihdr), ...extra.map((c) => chunkBytes(c.type, c.data)), chunkBytes('IDAT', deflateSync(raw)), chunkBytes('IEND', new Uint8Array(0))];
  return Uint8Array.from(Buffer.concat(parts));
}
