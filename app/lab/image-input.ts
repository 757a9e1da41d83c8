// The student's own image as an OCR input. Sizes are read from the file header before
// decoding, so a 20,000-px or zero-width image is refused with a clear message instead of
// allocating gigabytes or failing inside the decoder. A photo taller than a text line is cut
// to a horizontal band the student positions (a slider, so it works from the keyboard):
// by default the middle band whose width is 8× its height, PP-OCR's typical line shape.

import { imageSize, type Size } from '../models/image/image-size.ts';

export const MAX_SIDE = 8192;

export class ImageInputError extends Error {
  override name = 'ImageInputError';
}

/** Throws a student-readable error for sizes the lab refuses. */
export function checkSize(name: string, bytes: Uint8Array): Size {
  const size = imageSize(bytes);
  if (size === null) throw new ImageInputError(`${name}: not an image the lab can read (PNG, JPEG, GIF, WebP or BMP)`);
  const { width, height, format } = size;
  if (width <= 0 || height <= 0)
    throw new ImageInputError(`${name}: the ${format} image is ${width}×${height} px; it needs a positive width and height`);
  if (width > MAX_SIDE || height > MAX_SIDE)
    throw new ImageInputError(
      `${name}: the ${format} image is ${width}×${height} px; the largest side the lab accepts is ${MAX_SIDE} px — crop it to one line of text first`,
    );
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
