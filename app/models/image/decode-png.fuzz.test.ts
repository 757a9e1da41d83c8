// Seeded properties of the PNG decoder (the seed is in each test's name, so a failure can be
// rebuilt): random images of every colour type/depth/interlace/filter → our test encoder →
// decodePng gives them back; cut or corrupted files give an ImageDecodeError, never a hang or
// another error.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../shared/seeded-random.ts';
import { decodePng } from './decode-png.ts';
import { ImageDecodeError } from './image-error.ts';
import type { PngColorType, PngHeader } from './png-chunks.ts';
import { encodePngForTest } from './png-encode.node.ts';
import { CHANNELS } from './png-unfilter.ts';

const TYPES: readonly [PngColorType, readonly PngHeader['bitDepth'][]][] = [[0, [1, 2, 4, 8, 16]], [2, [8, 16]], [3, [1, 2, 4, 8]], [4, [8, 16]], [6, [8, 16]]];

interface Made {
  readonly header: PngHeader;
  readonly samples: number[];
  readonly palette: Uint8Array;
  readonly file: Uint8Array;
}

function randomPng(seed: number): Made {
  const rand = seededRandom(seed);
  const int = (n: number): number => Math.floor(rand() * n);
  const [colorType, depths] = TYPES[int(TYPES.length)]!;
  const bitDepth = depths[int(depths.length)]!;
  const header: PngHeader = { width: 1 + int(40), height: 1 + int(30), bitDepth, colorType, interlaced: rand() < 0.5 };
  const palette = Uint8Array.from({ length: 3 * (1 << Math.min(bitDepth, 8)) }, () => int(256));
  const samples = Array.from({ length: header.width * header.height * CHANNELS[colorType] }, () => int(2 ** bitDepth));
  const extra = colorType === 3 ? [{ type: 'PLTE', data: palette }] : [];
  const file = encodePngForTest({ header, samples, filterFor: () => int(5), extra });
  return { header, samples, palette, file };
}

/** What convert("RGB") must give for the random samples: the plain reading (its Pillow details are golden-tested). */
function expectedRgb({ header: h, samples, palette }: Made): number[] {
  const ch = CHANNELS[h.colorType];
  const out: number[] = [];
  const d = h.bitDepth;
  for (let i = 0; i < h.width * h.height; i++) {
    const s = samples.slice(i * ch, i * ch + ch);
    if (h.colorType === 3) out.push(palette[3 * s[0]!]!, palette[3 * s[0]! + 1]!, palette[3 * s[0]! + 2]!);
    else if (h.colorType === 0) {
      const v = d === 16 ? Math.min(255, s[0]!) : Math.round((s[0]! * 255) / (2 ** d - 1));
      out.push(v, v, v);
    } else if (h.colorType === 4) out.push(...[s[0]!, s[0]!, s[0]!].map((v) => (d === 16 ? v >> 8 : v)));
    else out.push(...s.slice(0, 3).map((v) => (d === 16 ? v >> 8 : v)));
  }
  return out;
}

const rgbOf = (data: Uint8ClampedArray): number[] => Array.from(data).filter((_, i) => i % 4 !== 3);

async function failure(bytes: Uint8Array): Promise<unknown> {
  try {
    await decodePng(bytes, 'fuzz.png');
    return null;
  } catch (e) {
    return e;
  }
}

describe('decodePng round trip', () => {
  for (let seed = 1; seed <= 60; seed++) {
    it(`seed ${seed}: random image → encode → decode gives the samples back`, async () => {
      const made = randomPng(seed);
      const image = await decodePng(made.file, `seed-${seed}.png`);
      expect([image.width, image.height]).toEqual([made.header.width, made.header.height]);
      expect(rgbOf(image.data)).toEqual(expectedRgb(made));
    });
  }
});

describe('decodePng on damaged files', () => {
  for (let seed = 101; seed <= 130; seed++) {
    it(`seed ${seed}: a cut file decodes the same or fails with ImageDecodeError`, async () => {
      const made = randomPng(seed);
      const cut = made.file.subarray(0, Math.floor(seededRandom(seed * 7)() * made.file.length));
      const e = await failure(cut);
      if (e === null) expect(cut.length).toBeGreaterThanOrEqual(made.file.length - 12); // only IEND lost: Pillow decodes that too
      else expect(e).toBeInstanceOf(ImageDecodeError);
    });
    it(`seed ${seed}: a flipped byte fails with ImageDecodeError`, async () => {
      const made = randomPng(seed);
      const rand = seededRandom(seed * 13);
      const bad = Uint8Array.from(made.file);
      const at = Math.floor(rand() * (bad.length - 12)); // not in IEND, whose loss Pillow tolerates
      bad[at] = bad[at]! ^ (1 + Math.floor(rand() * 255));
      expect(await failure(bad)).toBeInstanceOf(ImageDecodeError);
    });
  }
});
