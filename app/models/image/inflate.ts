// PNG, step 2: the zlib stream of the joined IDAT data → the filtered scanlines, through the
// platform's DecompressionStream('deflate') (zlib format; Node 20 and Chromium both have it).
// Reading stops as soon as the image's bytes are in: a zlib bomb cannot make it allocate more
// than the header says the image needs, and data past the image is ignored, as Pillow does.
import { ImageDecodeError } from './image-error.ts';

/** Exactly `expected` bytes inflated from `zlib`, or an ImageDecodeError naming `name`. */
export async function inflateExactly(zlib: Uint8Array<ArrayBuffer>, expected: number, name: string): Promise<Uint8Array> {
  if (typeof DecompressionStream === 'undefined') throw new ImageDecodeError(`${name}: this browser has no DecompressionStream, which decoding a PNG needs`);
  const out = new Uint8Array(expected);
  const reader = new Blob([zlib]).stream().pipeThrough(new DecompressionStream('deflate')).getReader();
  let filled = 0;
  try {
    while (filled < expected) {
      const { done, value } = await reader.read();
      if (done) break;
      const take = Math.min(value.length, expected - filled);
      out.set(value.subarray(0, take), filled);
      filled += take;
    }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    const truncated = /end of (file|stream)|unexpected end|incomplete|truncat/i.test(why);
    throw new ImageDecodeError(
      truncated
        ? `${name}: truncated IDAT: the compressed image data ends after ${filled} of ${expected} bytes`
        : `${name}: corrupt PNG: the compressed image data (IDAT) is not a valid zlib stream (${why}) after ${filled} of ${expected} bytes`,
    );
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  if (filled < expected) throw new ImageDecodeError(`${name}: truncated IDAT: the image data inflates to ${filled} bytes; a ${expected}-byte image was expected`);
  return out;
}
