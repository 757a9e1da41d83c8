// Each damaged or unsupported PNG gives an ImageDecodeError that names the file and what was wrong.
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePng } from './decode-png.ts';
import { chunkBytes, PNG_SIGNATURE, type PngHeader } from './png-chunks.ts';
import { encodePngForTest } from './png-encode.node.ts';

const header: PngHeader = { width: 4, height: 3, bitDepth: 8, colorType: 2, interlaced: false };
const good = (): Uint8Array => encodePngForTest({ header, samples: Array.from({ length: 36 }, (_, i) => i * 7), filterFor: (r) => r % 5 });
const ihdr = (w: number, h: number, depth: number, color: number, interlace = 0): Uint8Array => {
  const b = new Uint8Array(13);
  new DataView(b.buffer).setUint32(0, w);
  new DataView(b.buffer).setUint32(4, h);
  b.set([depth, color, 0, 0, interlace], 8);
  return chunkBytes('IHDR', b);
};
const file = (...chunks: Uint8Array[]): Uint8Array => Uint8Array.from(Buffer.concat([Uint8Array.from(PNG_SIGNATURE), ...chunks, chunkBytes('IEND', new Uint8Array(0))]));
const reject = (bytes: Uint8Array) => expect(decodePng(bytes, 'photo.png')).rejects;

describe('decodePng errors', () => {
  it('bad signature', async () => {
    const b = good();
    b[1] = 0x51;
    await reject(b).toThrow(/^photo\.png: not a PNG file \(bad signature/);
  });
  it('CRC mismatch names the chunk and byte', async () => {
    const b = good();
    b[19] = b[19]! ^ 1; // a byte of IHDR's data
    await reject(b).toThrow(/photo\.png: CRC mismatch in chunk IHDR at byte 8 \(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\)/);
  });
  it('a file cut inside IDAT is a truncated IDAT', async () => {
    const b = good();
    await reject(b.subarray(0, b.length - 12 - 6)).toThrow(/photo\.png: truncated IDAT: the chunk at byte 33 needs \d+ data bytes/);
  });
  it('IDAT data that inflates short is a truncated IDAT', async () => {
    const short = deflateSync(Buffer.alloc(20)); // 3 rows × 13 bytes needed
    await reject(file(ihdr(4, 3, 8, 2), chunkBytes('IDAT', short))).toThrow('photo.png: truncated IDAT: the image data inflates to 20 bytes; a 39-byte image was expected');
  });
  it('a zlib stream cut short is a truncated IDAT', async () => {
    const z = deflateSync(Buffer.from(Array.from({ length: 39 }, (_, i) => (i * 37) % 251)));
    await reject(file(ihdr(4, 3, 8, 2), chunkBytes('IDAT', z.subarray(0, z.length - 8)))).toThrow(/photo\.png: truncated IDAT: the compressed image data ends after \d+ of 39 bytes/);
  });
  it('data that is not zlib', async () => {
    await reject(file(ihdr(4, 3, 8, 2), chunkBytes('IDAT', Uint8Array.from([0x78, 0x9c, 0xff, 0xff, 0xff, 0xff, 0xff])))).toThrow(/photo\.png: (corrupt PNG: the compressed image data \(IDAT\) is not a valid zlib stream|truncated IDAT)/);
  });
  it('unsupported colour type and bit depth', async () => {
    await reject(file(ihdr(4, 3, 8, 5))).toThrow('photo.png: unsupported PNG colour type 5 (PNG has 0, 2, 3, 4 and 6)');
    await reject(file(ihdr(4, 3, 4, 2))).toThrow('photo.png: bit depth 4 is not allowed for colour type 2 (RGB: 8, 16)');
    await reject(file(ihdr(4, 3, 8, 2, 2))).toThrow('photo.png: unknown PNG interlace method 2 (0 none, 1 Adam7)');
  });
  it('an unknown filter type names the row', async () => {
    const raw = Buffer.alloc(39);
    raw[13] = 7; // row 1's filter byte
    await reject(file(ihdr(4, 3, 8, 2), chunkBytes('IDAT', deflateSync(raw)))).toThrow('photo.png: row 1: unknown filter type 7 (PNG has 0–4): the file is corrupt');
  });
  it('sizes', async () => {
    await reject(file(ihdr(0, 3, 8, 2))).toThrow('photo.png: the PNG is 0×3 px; it needs a positive width and height');
    await reject(file(ihdr(9000, 3, 8, 2))).toThrow('photo.png: the PNG is 9000×3 px; the largest side accepted is 8192 px');
  });
  it('no image data, no header, an unknown critical chunk', async () => {
    await reject(file(ihdr(4, 3, 8, 2))).toThrow('photo.png: truncated IDAT: the PNG has no image data (no IDAT chunk)');
    await reject(Uint8Array.from(PNG_SIGNATURE)).toThrow('photo.png: truncated: the file ends before the IHDR chunk');
    await reject(file(ihdr(4, 3, 8, 2), chunkBytes('ABCD', new Uint8Array(1)))).toThrow('photo.png: unsupported critical PNG chunk ABCD at byte 33');
  });
  it('a zlib bomb is read only as far as the image needs', async () => {
    const bomb = deflateSync(Buffer.alloc(16 * 1024 * 1024)); // 16 MB of zeros for a 39-byte image
    const image = await decodePng(file(ihdr(4, 3, 8, 2), chunkBytes('IDAT', bomb)), 'bomb.png');
    expect(Array.from(image.data.subarray(0, 8))).toEqual([0, 0, 0, 255, 0, 0, 0, 255]);
  });
});
