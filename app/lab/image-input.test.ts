import { describe, expect, it } from 'vitest';
import { bandAt, checkSize, needsBand } from './image-input.ts';
import { imageSize } from '../models/image/image-size.ts';

function png(width: number, height: number): Uint8Array {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(b.buffer).setUint32(16, width);
  new DataView(b.buffer).setUint32(20, height);
  return b;
}

function jpeg(width: number, height: number): Uint8Array {
  // SOI, an APP0 segment of length 4, then SOF0 with precision, height, width.
  return Uint8Array.from([
    0xff,
    0xd8,
    0xff,
    0xe0,
    0,
    4,
    0,
    0,
    0xff,
    0xc0,
    0,
    11,
    8,
    height >> 8,
    height & 255,
    width >> 8,
    width & 255,
    3,
    0,
    0,
    0,
  ]);
}

describe('imageSize', () => {
  it('reads PNG, GIF, BMP and JPEG headers', () => {
    expect(imageSize(png(320, 48))).toEqual({ format: 'PNG', width: 320, height: 48 });
    expect(imageSize(Uint8Array.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x40, 0x01, 0x30, 0x00]))).toEqual({
      format: 'GIF',
      width: 320,
      height: 48,
    });
    const bmp = new Uint8Array(26);
    bmp.set([0x42, 0x4d]);
    new DataView(bmp.buffer).setInt32(18, 100, true);
    new DataView(bmp.buffer).setInt32(22, -20, true); // top-down BMPs have a negative height
    expect(imageSize(bmp)).toEqual({ format: 'BMP', width: 100, height: 20 });
    expect(imageSize(jpeg(640, 480))).toEqual({ format: 'JPEG', width: 640, height: 480 });
  });

  it('returns null for anything else', () => {
    expect(imageSize(new TextEncoder().encode('hello, this is text'))).toBeNull();
    expect(imageSize(new Uint8Array(0))).toBeNull();
  });
});

describe('checkSize', () => {
  it('refuses zero-sized, huge and non-image files with the file name', () => {
    expect(() => checkSize('zero.png', png(0, 48))).toThrow('zero.png: the PNG image is 0×48 px; it needs a positive width and height');
    expect(() => checkSize('wide.png', png(20_000, 48))).toThrow(
      /wide\.png: the PNG image is 20000×48 px; the largest side the lab accepts is 8192 px/,
    );
    expect(() => checkSize('notes.txt', new TextEncoder().encode('just text'))).toThrow(
      'notes.txt: not an image the lab can read (PNG, JPEG, GIF, WebP or BMP)',
    );
    expect(checkSize('ok.png', png(320, 48))).toMatchObject({ width: 320, height: 48 });
  });
});

describe('bands', () => {
  it('uses line-shaped images whole and cuts a band 8× wider than tall from the others', () => {
    expect(needsBand({ width: 320, height: 48 })).toBe(false);
    expect(needsBand({ width: 800, height: 600 })).toBe(true);
    expect(bandAt({ width: 800, height: 600 }, 0.5)).toEqual({ top: 250, height: 100 });
    expect(bandAt({ width: 800, height: 600 }, 0)).toEqual({ top: 0, height: 100 });
    expect(bandAt({ width: 800, height: 600 }, 1)).toEqual({ top: 500, height: 100 });
    expect(bandAt({ width: 40, height: 600 }, 0.5)).toEqual({ top: 292, height: 16 });
    expect(bandAt({ width: 40, height: 10 }, 0.5)).toEqual({ top: 0, height: 10 });
  });
});
