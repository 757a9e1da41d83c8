// PNG, step 4: samples → RGBA bytes (alpha 255) equal to what Pillow 9.4's
// `Image.open(path).convert("RGB")` gives, checked against Pillow itself
// (scripts/goldens/pil_decode.py), not against the PNG spec's advice:
// - alpha (colour types 4 and 6, tRNS) is dropped without compositing: a fully
//   transparent pixel keeps its colour;
// - greyscale is replicated to R, G, B; 1/2/4-bit grey scaled to 0–255 (×255, ×85, ×17);
// - 16-bit RGB, RGBA and grey + alpha keep the high byte (0x12ff → 0x12: truncation, not rounding;
//   16-bit grey + alpha opens as mode "RGBA");
// - 16-bit greyscale opens as Pillow's mode "I" (32-bit integers), whose convert("RGB") clips
//   to 0–255: every value ≥ 255 becomes white, so 0x12ff → 255 and 0x0064 → 100;
// - a palette index past the PLTE entries (or a palette image with no PLTE) reads as grey
//   (i, i, i): Pillow's palette starts as the grey ramp;
// - gAMA, iCCP, sRGB, cHRM and sBIT change nothing (Pillow ignores them when converting).
import type { PngHeader } from './png-chunks.ts';

/** The mode Pillow 9.4 opens a PNG as. */
export type PillowMode = '1' | 'L' | 'I' | 'RGB' | 'P' | 'LA' | 'RGBA';

export function pillowMode(h: PngHeader): PillowMode {
  switch (h.colorType) {
    case 0:
      return h.bitDepth === 1 ? '1' : h.bitDepth === 16 ? 'I' : 'L';
    case 2:
      return 'RGB';
    case 3:
      return 'P';
    case 4:
      return h.bitDepth === 16 ? 'RGBA' : 'LA'; // Pillow reads 16-bit grey + alpha as RGBA ("LA;16B")
    case 6:
      return 'RGBA';
  }
}

/** RGBA, alpha always 255: the RGB Pillow gives, in the layout ImageData and app/models/task.ts's Pixels use. */
export function toRgba(samples: Uint8Array | Uint16Array, h: PngHeader, palette: Uint8Array | null): Uint8ClampedArray {
  const n = h.width * h.height;
  const out = new Uint8ClampedArray(n * 4);
  const put = (i: number, r: number, g: number, b: number): void => {
    out[4 * i] = r;
    out[4 * i + 1] = g;
    out[4 * i + 2] = b;
    out[4 * i + 3] = 255;
  };
  const d = h.bitDepth;
  // High byte of a 16-bit sample; an 8-bit sample as it is.
  const high = (v: number): number => (d === 16 ? v >> 8 : v);
  switch (h.colorType) {
    case 0: {
      const scale = d === 1 ? 255 : d === 2 ? 85 : d === 4 ? 17 : 1;
      for (let i = 0; i < n; i++) {
        const v = d === 16 ? Math.min(samples[i]!, 255) : samples[i]! * scale;
        put(i, v, v, v);
      }
      return out;
    }
    case 2:
      for (let i = 0; i < n; i++) put(i, high(samples[3 * i]!), high(samples[3 * i + 1]!), high(samples[3 * i + 2]!));
      return out;
    case 3: {
      const entries = palette === null ? 0 : palette.length / 3;
      for (let i = 0; i < n; i++) {
        const k = samples[i]!;
        if (k < entries && palette !== null) put(i, palette[3 * k]!, palette[3 * k + 1]!, palette[3 * k + 2]!);
        else put(i, k, k, k);
      }
      return out;
    }
    case 4:
      for (let i = 0; i < n; i++) {
        const v = high(samples[2 * i]!);
        put(i, v, v, v);
      }
      return out;
    case 6:
      for (let i = 0; i < n; i++) put(i, high(samples[4 * i]!), high(samples[4 * i + 1]!), high(samples[4 * i + 2]!));
      return out;
  }
}
