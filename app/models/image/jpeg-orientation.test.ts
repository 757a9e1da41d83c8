// EXIF orientation: the tag read from JPEG bytes, and the browser's shown pixels turned back
// into the stored ones, against Pillow's own ImageOps.exif_transpose for all eight values.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jpegExifOrientation, undoOrientation } from './jpeg-orientation.ts';

interface Exif {
  readonly width: number;
  readonly height: number;
  readonly stored: number[];
  readonly cases: { orientation: number; width: number; height: number; shown: number[] }[];
}
const golden = JSON.parse(readFileSync(new URL('./goldens/pil-decode.json', import.meta.url), 'utf8')) as { exif: Exif };
const rgba = (rgb: number[]): Uint8ClampedArray => Uint8ClampedArray.from(rgb.flatMap((v, i) => (i % 3 === 2 ? [v, 255] : [v])));
const fixture = (f: string): Uint8Array => new Uint8Array(readFileSync(new URL(`./fixtures/${f}`, import.meta.url)));

describe('EXIF orientation', () => {
  for (const c of golden.exif.cases) {
    it(`orientation ${c.orientation}: undoing Pillow's exif_transpose (${c.width}×${c.height}) gives the stored 5×3 pixels`, () => {
      const back = undoOrientation({ width: c.width, height: c.height, data: rgba(c.shown) }, c.orientation);
      expect([back.width, back.height]).toEqual([golden.exif.width, golden.exif.height]);
      expect(Array.from(back.data)).toEqual(Array.from(rgba(golden.exif.stored)));
    });
  }
  it('reads the tag from a JPEG written by Pillow; 1 without EXIF or for what is not a JPEG', () => {
    expect(jpegExifOrientation(fixture('photo-like-96x64-exif6.jpg'))).toBe(6);
    expect(jpegExifOrientation(fixture('photo-like-96x64.jpg'))).toBe(1);
    expect(jpegExifOrientation(fixture('c2-d8-13x11.png'))).toBe(1);
    expect(jpegExifOrientation(fixture('photo-like-96x64-exif6.jpg').subarray(0, 30))).toBe(1);
  });
});
