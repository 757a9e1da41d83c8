import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resizeBicubicRgb } from './resize.ts';

interface Case {
  width: number;
  height: number;
  outWidth: number;
  outHeight: number;
  input: number[];
  output: number[];
}
const golden: { pillow: string; cases: Case[]; blip: { case: number; pixel_values_bits: number[] } } = JSON.parse(readFileSync(new URL('./goldens/pil-bicubic.json', import.meta.url), 'utf8'));

describe('resizeBicubicRgb matches Pillow bit for bit', () => {
  for (const c of golden.cases) {
    it(`${c.width}×${c.height} → ${c.outWidth}×${c.outHeight} (Pillow ${golden.pillow})`, () => {
      const out = resizeBicubicRgb(Uint8Array.from(c.input), c.width, c.height, c.outWidth, c.outHeight);
      expect(Array.from(out)).toEqual(c.output);
    });
  }
});

describe('preprocessBlip', () => {
  it('gives the float32 pixel_values BlipImageProcessor gives (rescale in float64, normalize in float32)', async () => {
    const { preprocessBlip } = await import('./preprocess.ts');
    const blip = golden.blip;
    const c = golden.cases[blip.case]!;
    const rgba = new Uint8ClampedArray(c.width * c.height * 4);
    for (let i = 0; i < c.width * c.height; i++) {
      rgba.set(c.input.slice(i * 3, i * 3 + 3), i * 4);
      rgba[i * 4 + 3] = 255;
    }
    const out = preprocessBlip(
      { data: rgba, width: c.width, height: c.height },
      { size: { height: 64, width: 64 }, image_mean: [0.48145466, 0.4578275, 0.40821073], image_std: [0.26862954, 0.26130258, 0.27577711] },
    );
    expect(out.dims).toEqual([1, 3, 64, 64]);
    expect(Array.from(new Uint32Array(out.data.buffer))).toEqual(blip.pixel_values_bits);
  });
});
