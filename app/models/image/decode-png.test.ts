// The TS PNG decoder against Pillow 9.4 itself (goldens from scripts/goldens/pil_decode.py):
// every colour type, bit depth, Adam7, palettes shorter than their indices, transparent pixels.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { preprocessBlip } from '../blip/preprocess.ts';
import { decodePng } from './decode-png.ts';

interface Case {
  readonly file: string;
  readonly mode: string;
  readonly width: number;
  readonly height: number;
  readonly note: string;
  readonly rgb?: number[];
  readonly sha256?: string;
  readonly pixels?: { x: number; y: number; rgb: number[] }[];
}
interface Golden {
  readonly pillow: string;
  readonly cases: Case[];
  readonly pixel_values: { file: string; size: number; bits: number[] };
}
const golden = JSON.parse(readFileSync(new URL('./goldens/pil-decode.json', import.meta.url), 'utf8')) as Golden;
const fixture = (file: string): Uint8Array => new Uint8Array(readFileSync(new URL(`./fixtures/${file}`, import.meta.url)));

const rgbOf = (data: Uint8ClampedArray): number[] => {
  const out: number[] = [];
  for (let i = 0; i < data.length; i += 4) out.push(data[i]!, data[i + 1]!, data[i + 2]!);
  return out;
};

describe(`decodePng equals Pillow ${golden.pillow}'s Image.open(f).convert("RGB")`, () => {
  it('covers every colour type and bit depth, interlaced and not', () => {
    const kinds = new Set(golden.cases.map((c) => /^c(\d)-d(\d+)-.*?(-adam7)?\.png$/.exec(c.file)?.slice(1).join('/')).filter((k) => k !== undefined));
    for (const [t, ds] of [['0', [1, 2, 4, 8, 16]], ['2', [8, 16]], ['3', [1, 2, 4, 8]], ['4', [8, 16]], ['6', [8, 16]]] as const)
      for (const d of ds) for (const i of ['', '-adam7']) expect(kinds).toContain(`${t}/${d}/${i}`);
  });
  for (const c of golden.cases) {
    it(`${c.file} (mode ${c.mode}${c.note === '' ? '' : `; ${c.note}`})`, async () => {
      const image = await decodePng(fixture(c.file), c.file);
      expect([image.width, image.height, image.mode ?? '']).toEqual([c.width, c.height, c.mode]);
      const rgb = rgbOf(image.data);
      for (let i = 3; i < image.data.length; i += 4) if (image.data[i] !== 255) throw new Error(`alpha at ${i} is ${image.data[i]}`);
      if (c.rgb !== undefined) expect(rgb).toEqual(c.rgb);
      else {
        expect(createHash('sha256').update(Uint8Array.from(rgb)).digest('hex')).toBe(c.sha256);
        for (const p of c.pixels ?? []) expect(rgb.slice((p.y * c.width + p.x) * 3, (p.y * c.width + p.x) * 3 + 3)).toEqual(p.rgb);
      }
    });
  }
});

describe('decoded PNG → BlipImageProcessor pixel_values', () => {
  it(`${golden.pixel_values.file}: equal to Pillow BICUBIC + transformers' rescale/normalize, bit for bit`, async () => {
    const pv = golden.pixel_values;
    const image = await decodePng(fixture(pv.file), pv.file);
    const out = preprocessBlip(image, {
      size: { height: pv.size, width: pv.size },
      image_mean: [0.48145466, 0.4578275, 0.40821073],
      image_std: [0.26862954, 0.26130258, 0.27577711],
    });
    expect(out.dims).toEqual([1, 3, pv.size, pv.size]);
    expect(Array.from(new Uint32Array(out.data.buffer))).toEqual(pv.bits);
  });
});
