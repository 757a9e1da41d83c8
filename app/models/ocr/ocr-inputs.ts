// Inputs for the OCR model: text drawn on a canvas, and the shipped sample
// crops (public/samples/ocr). Works in a worker (OffscreenCanvas) and a page.
import { fetchBytes } from '../fetch-bytes.ts';

export interface RenderOptions {
  /** CSS font family; default "DejaVu Sans, sans-serif". */
  readonly font?: string;
  /** Font size in px; the line is drawn 48 px high whatever the size (default 32). */
  readonly size?: number;
  /** Gaussian-ish pixel noise amplitude 0–128 (default 0), seeded. */
  readonly noise?: number;
  /** Blur radius in px (default 0). */
  readonly blur?: number;
  readonly seed?: number;
}

export interface OcrSample {
  readonly image: ImageData;
  /** The text the image shows. */
  readonly text: string;
  readonly file: string;
}

function canvas(width: number, height: number): OffscreenCanvasRenderingContext2D {
  if (typeof OffscreenCanvas !== 'function') throw new Error('drawing needs OffscreenCanvas, which this browser lacks');
  const ctx = new OffscreenCanvas(width, height).getContext('2d');
  if (ctx === null) throw new Error('could not get a 2D canvas');
  return ctx;
}

/** One line of text, black on white, 48 px high, as PaddleOCR expects a crop. */
export function render(text: string, options: RenderOptions = {}): ImageData {
  if (typeof text !== 'string' || text.length === 0) throw new TypeError('ocr.render(text): give a non-empty string');
  if (text.length > 200) throw new RangeError(`ocr.render: ${text.length} characters is more than one line; keep it under 200`);
  const size = options.size ?? 32;
  if (!(size >= 8 && size <= 48)) throw new RangeError(`ocr.render: size ${size} must be between 8 and 48 px`);
  const font = `${size}px ${options.font ?? 'DejaVu Sans, sans-serif'}`;
  const measure = canvas(1, 1);
  measure.font = font;
  const w = Math.min(4096, Math.ceil(measure.measureText(text).width) + 16);
  const out = canvas(w, 48);
  out.fillStyle = '#fff';
  out.fillRect(0, 0, w, 48);
  if ((options.blur ?? 0) > 0) out.filter = `blur(${options.blur}px)`;
  out.fillStyle = '#000';
  out.font = font;
  out.textBaseline = 'middle';
  out.fillText(text, 8, 24);
  const image = out.getImageData(0, 0, w, 48);
  addNoise(image, options.noise ?? 0, options.seed ?? 1);
  return image;
}

function addNoise(image: ImageData, amplitude: number, seed: number): void {
  if (amplitude <= 0) return;
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const d = image.data;
  for (let i = 0; i < d.length; i += 4) {
    const n = (next() + next() + next() - 1.5) * amplitude;
    for (let c = 0; c < 3; c++) d[i + c] = Math.max(0, Math.min(255, d[i + c]! + n));
  }
}

export async function decodeImage(bytes: Uint8Array, what: string): Promise<ImageData> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)]));
  } catch {
    throw new Error(`${what}: not an image this browser can decode`);
  }
  const ctx = canvas(bitmap.width, bitmap.height);
  ctx.drawImage(bitmap, 0, 0);
  return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
}

async function samples(base: string = import.meta.env.BASE_URL): Promise<OcrSample[]> {
  const list: unknown = JSON.parse(new TextDecoder().decode(await fetchBytes(`${base}samples/ocr/samples.json`)));
  if (!Array.isArray(list)) throw new Error('samples/ocr/samples.json is not a list');
  return Promise.all(
    list.map(async (entry: { file: string; text: string }) => ({
      file: entry.file,
      text: entry.text,
      image: await decodeImage(await fetchBytes(`${base}samples/ocr/${entry.file}`), entry.file),
    })),
  );
}

export const ocr = Object.freeze({ render, samples, toString: () => 'ocr: render(text, options), samples()' });
