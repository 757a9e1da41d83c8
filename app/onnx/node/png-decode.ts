// Minimal PNG decoder for tests and Node benches (the page uses a canvas instead): 8-bit
// greyscale, RGB or RGBA (+ grey-alpha), non-interlaced, all five row filters. Returns RGBA.
import { inflateSync } from 'node:zlib';

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 4: 2, 6: 4 };

export function decodePng(file: Uint8Array): RgbaImage {
  if (!SIGNATURE.every((b, i) => file[i] === b)) throw new Error('not a PNG file');
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let width = 0,
    height = 0,
    colorType = -1;
  const idat: Uint8Array[] = [];
  for (let pos = 8; pos + 8 <= file.length; ) {
    const length = view.getUint32(pos);
    const type = String.fromCharCode(...file.subarray(pos + 4, pos + 8));
    const body = file.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(pos + 8);
      height = view.getUint32(pos + 12);
      const [bitDepth, ct, , , interlace] = body.subarray(8, 13);
      colorType = ct ?? -1;
      if (bitDepth !== 8 || interlace !== 0 || CHANNELS[colorType] === undefined) {
        throw new Error(
          `unsupported PNG: bit depth ${bitDepth}, colour type ${ct}, interlace ${interlace} (need 8-bit grey/RGB/RGBA, non-interlaced)`,
        );
      }
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    pos += 12 + length;
  }
  const channels = CHANNELS[colorType];
  if (channels === undefined) throw new Error('PNG without IHDR');
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = unfilter(raw, height, stride, channels);
  const data = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < width * height; i++, j += channels) {
    const grey = channels <= 2;
    data[4 * i] = pixels[j]!;
    data[4 * i + 1] = grey ? pixels[j]! : pixels[j + 1]!;
    data[4 * i + 2] = grey ? pixels[j]! : pixels[j + 2]!;
    data[4 * i + 3] = channels === 4 ? pixels[j + 3]! : channels === 2 ? pixels[j + 1]! : 255;
  }
  return { width, height, data };
}

function unfilter(raw: Uint8Array, height: number, stride: number, bpp: number): Uint8Array {
  if (raw.length < height * (stride + 1)) throw new Error(`PNG image data is truncated (${raw.length} of ${height * (stride + 1)} bytes)`);
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[row + x - bpp]! : 0;
      const b = y > 0 ? out[row - stride + x]! : 0;
      const c = x >= bpp && y > 0 ? out[row - stride + x - bpp]! : 0;
      const v = raw[src + x]!;
      let p: number;
      if (filter === 0) p = v;
      else if (filter === 1) p = v + a;
      else if (filter === 2) p = v + b;
      else if (filter === 3) p = v + ((a + b) >> 1);
      else if (filter === 4) p = v + paeth(a, b, c);
      else throw new Error(`bad PNG filter type ${filter} in row ${y}`);
      out[row + x] = p & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a),
    pb = Math.abs(p - b),
    pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
