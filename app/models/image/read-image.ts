// What `run(image)` of the BLIP models takes, turned into RGBA pixels (runs in the kernel
// worker, the page, and Node for PNG): ImageData (or anything shaped like it), a sample from
// blip.samples(), a Blob/File, or an image URL (a string or URL; fetched like model files:
// by the page, through the model-file bridge, kept in the model cache so it works offline).
// PNG is decoded exactly, in TypeScript (decode-png.ts); JPEG, GIF (first frame), WebP and
// BMP by the browser's decoder (createImageBitmap + OffscreenCanvas), whose pixels differ
// slightly from Pillow's: the result carries a note saying so.
import { imageSize } from './image-size.ts';
import { DownloadError } from '../fetch-bytes.ts';
import { absoluteUrl, type ModelContext } from '../model-cache.ts';
import { isPixels, type Pixels } from '../task.ts';
import { decodePng } from './decode-png.ts';
import { ImageDecodeError, MAX_DECODED_SIDE } from './image-error.ts';
import { isPng } from './png-chunks.ts';
import { jpegExifOrientation, undoOrientation } from './jpeg-orientation.ts';

export interface ReadImage {
  readonly pixels: Pixels;
  /** "PNG", "JPEG", …, or "pixels" for ImageData given as it is. */
  readonly format: string;
  /** Where the pixels may differ from Pillow's (a browser decoder), else null. */
  readonly note: string | null;
}

/**
 * Measured (tests/e2e/image-in.spec.ts): Chromium 156 gives Pillow 9.4's pixels exactly on the test
 * JPEG (both libjpeg-turbo; max |Δ| 0 over 96×64×3 values), but other browsers' and versions'
 * decoders are not bound to: say so wherever a JPEG is captioned.
 */
export const JPEG_NOTE =
  "decoded by the browser's JPEG decoder, not Pillow's: Chromium matched Pillow exactly on our test JPEG, but decoders may differ slightly (other browsers, progressive or CMYK files), and then so may the caption; a PNG is decoded exactly";

const EXPECTED = 'an image (ImageData, a File or Blob, an image URL, or a sample from blip.samples())';

const describeValue = (v: unknown): string =>
  v === null || v === undefined ? String(v) : Array.isArray(v) ? 'an array' : typeof v === 'object' ? `a ${v.constructor?.name ?? 'plain'} object` : `a ${typeof v}`;

/**
 * `run(image)`'s input → pixels; an image URL is fetched through `context` (the models context's
 * files, relative to its page: in a cell, the page's store). `what` starts error messages ("run(image)").
 */
export async function readImage(input: unknown, context: ModelContext, what = 'run(image)'): Promise<ReadImage> {
  const value = typeof input === 'object' && input !== null && !(input instanceof Blob) && !(input instanceof URL) && 'image' in input ? input.image : input;
  if (isPixels(value)) return { pixels: value, format: 'pixels', note: null };
  if (typeof Blob !== 'undefined' && value instanceof Blob) {
    const name = typeof File !== 'undefined' && value instanceof File ? value.name : `the Blob (${value.type === '' ? 'no type' : value.type}, ${value.size} bytes)`;
    return decodeImageBytes(new Uint8Array(await value.arrayBuffer()), name);
  }
  if (value instanceof URL) return decodeImageBytes(await fetchImage(value.href, context), value.href);
  if (typeof value === 'string') {
    // Text that cannot be a URL (it has spaces, or is empty) is a mistake, not a file to look for.
    if (value.trim() === '' || /\s/.test(value.trim()))
      throw new TypeError(`${what}: ${JSON.stringify(value.slice(0, 100))} is not an image URL; expected ${EXPECTED}`);
    return decodeImageBytes(await fetchImage(value.trim(), context), value.trim());
  }
  throw new TypeError(`${what}: expected ${EXPECTED}, got ${describeValue(value)}`);
}

/** The bytes at `url`, from the page's model cache or downloaded by the page; errors name the URL. */
async function fetchImage(url: string, context: ModelContext): Promise<Uint8Array> {
  let absolute: string;
  try {
    absolute = absoluteUrl(url, context.pageUrl);
  } catch {
    throw new TypeError(`run(image): ${JSON.stringify(url.slice(0, 200))} is not a URL`);
  }
  try {
    return (await context.files.fetch(absolute)).bytes;
  } catch (e) {
    if (!(e instanceof DownloadError)) throw e;
    const why =
      e.kind === 'unreachable'
        ? 'no answer (offline, or the server does not let this site read it: CORS)'
        : e.kind === 'cut-off'
          ? 'the download was cut off'
          : `HTTP ${e.status ?? '?'}${e.status === 404 ? ' (not found)' : e.status === 401 || e.status === 403 ? ' (not allowed)' : ''}`;
    throw new DownloadError(`could not fetch the image ${absolute}: ${why}`, e.retryable, e.status, e.kind);
  }
}

/** A file's bytes → pixels: PNG exactly, other formats by the browser. `name` is what errors call it. */
export async function decodeImageBytes(bytes: Uint8Array, name: string): Promise<ReadImage> {
  if (isPng(bytes)) return { pixels: await decodePng(bytes, name), format: 'PNG', note: null };
  const size = imageSize(bytes);
  if (size === null) {
    const head = [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new ImageDecodeError(`${name}: not an image run() can read (${bytes.length === 0 ? 'the file is empty' : `it starts ${head}`}; PNG, JPEG, GIF, WebP and BMP can be read)`);
  }
  if (size.width <= 0 || size.height <= 0 || size.width > MAX_DECODED_SIDE || size.height > MAX_DECODED_SIDE)
    throw new ImageDecodeError(`${name}: the ${size.format} image is ${size.width}×${size.height} px; sides from 1 to ${MAX_DECODED_SIDE} px are accepted`);
  if (typeof createImageBitmap === 'undefined' || typeof OffscreenCanvas === 'undefined')
    throw new ImageDecodeError(`${name}: decoding ${size.format} needs the browser's image decoder (createImageBitmap); here only PNG can be read`);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)]), { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  } catch (e) {
    throw new ImageDecodeError(`${name}: the browser could not decode this ${size.format} file (damaged, or a variant it does not support): ${e instanceof Error ? e.message : String(e)}`);
  }
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d');
  if (context === null) throw new ImageDecodeError(`${name}: no 2D canvas to read the decoded ${size.format} from`);
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const decoded = context.getImageData(0, 0, canvas.width, canvas.height);
  // The browser applied the EXIF rotation; Pillow's open() does not: back to the stored layout.
  const orientation = size.format === 'JPEG' ? jpegExifOrientation(bytes) : 1;
  const data = undoOrientation(decoded, orientation);
  let transparent = false;
  for (let i = 3; i < data.data.length; i += 4) if (data.data[i] !== 255) transparent = true;
  const notes = [size.format === 'JPEG' ? JPEG_NOTE : `decoded by the browser's ${size.format} decoder`];
  // A canvas stores premultiplied alpha: a fully transparent pixel's colour is gone (Pillow keeps it).
  if (transparent) notes.push("it has transparent pixels, whose colours the browser's canvas does not keep (Pillow keeps them; a PNG keeps them here too)");
  if (orientation !== 1) notes.push(`its EXIF orientation (${orientation}) was not applied, as Pillow's open() does not apply it`);
  return { pixels: data, format: size.format, note: `${name}: ${notes.join('; ')}` };
}
