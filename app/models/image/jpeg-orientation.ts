// Pillow's Image.open() does not apply a JPEG's EXIF orientation (transformers' processor sees
// the pixels as stored); Chromium's createImageBitmap always does (imageOrientation "none" no
// longer turns it off: probed on Chromium 156, a 40×20 file with orientation 6 came out 20×40 for
// every option). So read-image.ts reads the tag here and turns the browser's pixels back to
// the stored layout. Pure; runs in the kernel worker and in Node (tests).

/** The EXIF orientation (1–8) of a JPEG's APP1 segment; 1 when there is none or it cannot be read. */
export function jpegExifOrientation(b: Uint8Array): number {
  if (b[0] !== 0xff || b[1] !== 0xd8) return 1;
  const u16 = (i: number, le = false): number => (le ? b[i]! | (b[i + 1]! << 8) : (b[i]! << 8) | b[i + 1]!);
  const u32 = (i: number, le: boolean): number => (le ? (u16(i + 2, true) << 16) + u16(i, true) : (u16(i) << 16) + u16(i + 2)) >>> 0;
  for (let i = 2; i + 4 <= b.length; ) {
    if (b[i] !== 0xff) return 1;
    const marker = b[i + 1]!;
    if (marker === 0xda || marker === 0xd9) return 1; // start of scan / end: no EXIF before the image data
    const length = u16(i + 2);
    if (marker === 0xe1 && length >= 16 && String.fromCharCode(...b.subarray(i + 4, i + 10)) === 'Exif\0\0') {
      const tiff = i + 10;
      const le = b[tiff] === 0x49 && b[tiff + 1] === 0x49; // "II" little-endian, "MM" big-endian
      if (!le && !(b[tiff] === 0x4d && b[tiff + 1] === 0x4d)) return 1;
      const ifd = tiff + u32(tiff + 4, le);
      if (ifd + 2 > b.length) return 1;
      const count = u16(ifd, le);
      for (let e = 0; e < count; e++) {
        const entry = ifd + 2 + e * 12;
        if (entry + 12 > b.length) return 1;
        if (u16(entry, le) === 0x0112) {
          const value = u16(entry + 8, le);
          return value >= 1 && value <= 8 ? value : 1;
        }
      }
      return 1;
    }
    i += 2 + length;
  }
  return 1;
}

export interface RgbaLike {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** Where stored pixel (x, y) of a W×H image is shown under EXIF `orientation` (the display is H×W for 5–8). */
function shownAt(orientation: number, x: number, y: number, W: number, H: number): [number, number] {
  switch (orientation) {
    case 2: return [W - 1 - x, y];
    case 3: return [W - 1 - x, H - 1 - y];
    case 4: return [x, H - 1 - y];
    case 5: return [y, x];
    case 6: return [H - 1 - y, x];
    case 7: return [H - 1 - y, W - 1 - x];
    case 8: return [y, W - 1 - x];
    default: return [x, y];
  }
}

/** The stored pixels back from pixels shown with EXIF `orientation` applied (as the browser decodes them). */
export function undoOrientation(shown: RgbaLike, orientation: number): RgbaLike {
  if (orientation <= 1 || orientation > 8) return shown;
  const turned = orientation >= 5;
  const W = turned ? shown.height : shown.width;
  const H = turned ? shown.width : shown.height;
  const data = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const [sx, sy] = shownAt(orientation, x, y, W, H);
      const from = (sy * shown.width + sx) * 4;
      data.set(shown.data.subarray(from, from + 4), (y * W + x) * 4);
    }
  }
  return { width: W, height: H, data };
}
