// The one error an image that cannot be read gives: its message names the file (or URL) and
// what was wrong, e.g. "photo.png: CRC mismatch in chunk IDAT at byte 57". Python's
// PIL raises OSError / UnidentifiedImageError for the same files.
export class ImageDecodeError extends Error {
  override name = 'ImageDecodeError';
}

/** The largest width or height decoded (BLIP's preprocess accepts the same, app/models/blip/preprocess.ts). */
export const MAX_DECODED_SIDE = 8192;
