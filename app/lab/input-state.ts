// The lab's input image: typed text drawn on a canvas, a shipped sample crop, or the
// student's own picture (decoded after its header was checked, scaled to at most 4096 px
// wide, cut to a band when it is not line-shaped). Page-side; uses OffscreenCanvas.
import { ocr, type OcrSample } from '../models/ocr/ocr-inputs.ts';
import { bandAt, checkSize, ImageInputError, needsBand } from './image-input.ts';

export type InputMode = 'text' | 'sample' | 'file';

export interface InputSettings {
  readonly mode: InputMode;
  readonly text: string;
  readonly font: string;
  readonly size: number;
  readonly noise: number;
  readonly blur: number;
  readonly sample: number;
  /** Centre of the band cut from a tall picture, 0–1 of its height. */
  readonly bandCentre: number;
}

export const DEFAULT_INPUT: InputSettings = {
  mode: 'text',
  text: 'Hello world',
  font: 'DejaVu Sans, sans-serif',
  size: 32,
  noise: 0,
  blur: 0,
  sample: 0,
  bandCentre: 0.5,
};

export const FONTS: readonly { readonly label: string; readonly css: string }[] = [
  { label: 'Sans', css: 'DejaVu Sans, sans-serif' },
  { label: 'Serif', css: 'DejaVu Serif, serif' },
  { label: 'Monospace', css: 'DejaVu Sans Mono, monospace' },
  { label: 'Cursive', css: 'cursive' },
];

export interface PickedFile {
  readonly name: string;
  readonly image: ImageData;
}

export type CurrentInput = { readonly image: ImageData; readonly label: string } | { readonly error: string };

function canvas2d(width: number, height: number): OffscreenCanvasRenderingContext2D {
  const ctx = new OffscreenCanvas(width, height).getContext('2d');
  if (ctx === null) throw new Error('could not get a 2D canvas');
  return ctx;
}

const MAX_WIDTH = 4096;

/** Checks the header, then decodes; wider than 4096 px is scaled down (the recognizer's limit). */
export async function decodePicked(file: File): Promise<PickedFile> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const size = checkSize(file.name, bytes);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes]));
  } catch {
    throw new ImageInputError(`${file.name}: the browser could not decode this image (damaged file?)`);
  }
  const scale = Math.min(1, MAX_WIDTH / size.width);
  const w = Math.max(1, Math.round(bitmap.width * scale));
  const h = Math.max(1, Math.round(bitmap.height * scale));
  const ctx = canvas2d(w, h);
  ctx.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  return { name: file.name, image: ctx.getImageData(0, 0, w, h) };
}

function band(image: ImageData, centre: number): { image: ImageData; note: string } {
  if (!needsBand(image)) return { image, note: '' };
  const { top, height } = bandAt(image, centre);
  const rows = image.data.slice(top * image.width * 4, (top + height) * image.width * 4);
  return { image: new ImageData(rows, image.width, height), note: `, rows ${top}–${top + height} of ${image.height}` };
}

export function currentInput(s: InputSettings, samples: readonly OcrSample[] | null, file: PickedFile | null): CurrentInput {
  try {
    if (s.mode === 'text') {
      if (s.text.trim() === '') return { error: 'Type some text to draw.' };
      const image = ocr.render(s.text, { font: s.font, size: s.size, noise: s.noise, blur: s.blur, seed: 1 });
      return {
        image,
        label: `the text “${s.text}” drawn at ${s.size} px${s.noise > 0 ? `, noise ${s.noise}` : ''}${s.blur > 0 ? `, blur ${s.blur} px` : ''}`,
      };
    }
    if (s.mode === 'sample') {
      const sample = samples?.[s.sample];
      if (sample === undefined) return { error: samples === null ? 'Loading the sample crops…' : 'Pick a sample crop.' };
      return { image: sample.image, label: `sample ${sample.file} (“${sample.text}”)` };
    }
    if (file === null) return { error: 'Choose or drop an image file.' };
    const cut = band(file.image, s.bandCentre);
    return { image: cut.image, label: `${file.name}${cut.note}` };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
