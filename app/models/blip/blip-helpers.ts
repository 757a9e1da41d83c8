// `blip` in cells: the shipped sample scenes, and where two captions part ways.
import { fetchBytes } from '../fetch-bytes.ts';
import { decodeImageBytes } from '../image/read-image.ts';
import type { Caption } from './blip-model.ts';

export interface BlipSample {
  readonly image: ImageData;
  /** The reference caption (what the scene shows). */
  readonly caption: string;
  readonly file: string;
  /** Extra facts the sample set records (torch captions per variant, near-tie marks…). */
  readonly info: Readonly<Record<string, unknown>>;
}

export interface Divergence {
  /** 0-based index of the first token where the captions differ, or -1 when they are equal. */
  readonly index: number;
  readonly a: Caption['tokens'][number] | null;
  readonly b: Caption['tokens'][number] | null;
  toString(): string;
}

const pct = (p: number): string => `${(p * 100).toFixed(1)}%`;

/** The first token where two captions differ, with each side's two best candidates there. */
export function compare(a: Caption, b: Caption): Divergence {
  const n = Math.max(a.tokens.length, b.tokens.length);
  let index = -1;
  for (let i = 0; i < n; i++) {
    if (a.tokens[i]?.id !== b.tokens[i]?.id) {
      index = i;
      break;
    }
  }
  const ta = index < 0 ? null : (a.tokens[index] ?? null);
  const tb = index < 0 ? null : (b.tokens[index] ?? null);
  const side = (t: Caption['tokens'][number] | null) => (t === null ? '(ended)' : t.top.map((c) => `${c.text} ${pct(c.probability)}`).join(' vs '));
  return {
    index,
    a: ta,
    b: tb,
    toString: () => (index < 0 ? 'same caption' : `token ${index + 1}: ${side(ta)} | ${side(tb)}`),
  };
}

export async function samples(base: string = import.meta.env.BASE_URL, folder = 'tiny-blip'): Promise<BlipSample[]> {
  const raw: unknown = JSON.parse(new TextDecoder().decode(await fetchBytes(`${base}samples/${folder}/samples.json`)));
  const list: unknown = Array.isArray(raw) ? raw : typeof raw === 'object' && raw !== null && 'samples' in raw ? raw.samples : null;
  if (!Array.isArray(list)) throw new Error(`samples/${folder}/samples.json has no list of samples`);
  return Promise.all(
    list.map(async (entry: Record<string, unknown>) => {
      const file = String(entry['file']);
      const caption = String(entry['caption'] ?? entry['reference'] ?? '');
      // As run(image) reads a file (PNG exactly, as Pillow's convert("RGB")), not through a canvas.
      const { pixels } = await decodeImageBytes(await fetchBytes(`${base}samples/${folder}/${file}`), file);
      return { file, caption, info: entry, image: new ImageData(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height) };
    }),
  );
}

export const blip = Object.freeze({ samples, compare, toString: () => 'blip: samples(), compare(a, b)' });
