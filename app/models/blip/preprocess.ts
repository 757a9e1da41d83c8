// BlipProcessor's image side: RGB, Pillow bicubic resize to the configured
// size (no centre crop), rescale by 1/255 (float64, then float32, as
// transformers' rescale does), normalize with mean/std in float32.
import { checkImageSize, type Pixels } from '../task.ts';
import { resizeBicubicRgb } from './resize.ts';

export interface PreprocessorConfig {
  readonly size: { readonly height: number; readonly width: number };
  readonly rescale_factor?: number;
  readonly image_mean: readonly number[];
  readonly image_std: readonly number[];
  readonly do_resize?: boolean;
  readonly do_rescale?: boolean;
  readonly do_normalize?: boolean;
}

export const MAX_IMAGE_SIDE = 8192;

/** RGBA pixels → pixel_values [1, 3, H, W] float32. */
export function preprocessBlip(image: Pixels, config: PreprocessorConfig): { data: Float32Array; dims: [1, 3, number, number] } {
  checkImageSize(image, 'blip', MAX_IMAGE_SIDE);
  const { width, height } = image;
  // Pillow's convert("RGB") drops alpha without compositing.
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < width * height; i++, j += 4) {
    rgb[i * 3] = image.data[j]!;
    rgb[i * 3 + 1] = image.data[j + 1]!;
    rgb[i * 3 + 2] = image.data[j + 2]!;
  }
  const H = config.do_resize === false ? height : config.size.height;
  const W = config.do_resize === false ? width : config.size.width;
  const resized = resizeBicubicRgb(rgb, width, height, W, H);
  const factor = config.do_rescale === false ? 1 : (config.rescale_factor ?? 1 / 255);
  const mean = config.image_mean.map(Math.fround);
  const std = config.image_std.map(Math.fround);
  const normalize = config.do_normalize !== false;
  const out = new Float32Array(3 * H * W);
  for (let c = 0; c < 3; c++) {
    for (let p = 0; p < H * W; p++) {
      const x = Math.fround(resized[p * 3 + c]! * factor);
      out[c * H * W + p] = normalize ? Math.fround(Math.fround(x - mean[c]!) / std[c]!) : x;
    }
  }
  return { data: out, dims: [1, 3, H, W] };
}
