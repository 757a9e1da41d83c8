// Pillow's bicubic resize of 8-bit images, reproduced exactly (Resample.c):
// separable passes, horizontal then vertical, each rounding to uint8 through
// 22-bit fixed-point coefficients. BlipImageProcessor resizes with Pillow, so
// matching it bit for bit keeps our pixel_values equal to Python's.

const PRECISION_BITS = 32 - 8 - 2;
const ONE = 2 ** PRECISION_BITS;
const HALF = 2 ** (PRECISION_BITS - 1);

function bicubic(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
}

interface Coefficients {
  readonly ksize: number;
  readonly bounds: Int32Array; // [xmin, count] per output pixel
  readonly weights: Int32Array; // fixed point, ksize per output pixel
}

function coefficients(inSize: number, outSize: number): Coefficients {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = 2 * filterScale;
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const weights = new Int32Array(outSize * ksize);
  const row = new Float64Array(ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1 / filterScale;
    // C's (int) truncates toward zero.
    let xmin = Math.trunc(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    let xmax = Math.trunc(center + support + 0.5);
    if (xmax > inSize) xmax = inSize;
    xmax -= xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const w = bicubic((x + xmin - center + 0.5) * ss);
      row[x] = w;
      ww += w;
    }
    for (let x = 0; x < ksize; x++) {
      const w = x < xmax && ww !== 0 ? row[x]! / ww : 0;
      weights[xx * ksize + x] = w < 0 ? Math.trunc(-0.5 + w * ONE) : Math.trunc(0.5 + w * ONE);
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { ksize, bounds, weights };
}

const clip8 = (ss: number): number => {
  const v = Math.floor(ss / ONE);
  return v < 0 ? 0 : v > 255 ? 255 : v;
};

/** RGB (3 bytes per pixel) in, RGB out. Same size: an exact copy, as Pillow returns. */
export function resizeBicubicRgb(src: Uint8Array, width: number, height: number, outWidth: number, outHeight: number): Uint8Array {
  if (width === outWidth && height === outHeight) return src.slice();
  let cur = src;
  let w = width;
  if (outWidth !== width) {
    const c = coefficients(width, outWidth);
    const out = new Uint8Array(outWidth * height * 3);
    for (let y = 0; y < height; y++) {
      for (let xx = 0; xx < outWidth; xx++) {
        const xmin = c.bounds[xx * 2]!;
        const n = c.bounds[xx * 2 + 1]!;
        for (let ch = 0; ch < 3; ch++) {
          let ss = HALF;
          for (let x = 0; x < n; x++) ss += cur[(y * w + xmin + x) * 3 + ch]! * c.weights[xx * c.ksize + x]!;
          out[(y * outWidth + xx) * 3 + ch] = clip8(ss);
        }
      }
    }
    cur = out;
    w = outWidth;
  }
  if (outHeight !== height) {
    const c = coefficients(height, outHeight);
    const out = new Uint8Array(w * outHeight * 3);
    for (let yy = 0; yy < outHeight; yy++) {
      const ymin = c.bounds[yy * 2]!;
      const n = c.bounds[yy * 2 + 1]!;
      for (let x = 0; x < w; x++) {
        for (let ch = 0; ch < 3; ch++) {
          let ss = HALF;
          for (let y = 0; y < n; y++) ss += cur[((ymin + y) * w + x) * 3 + ch]! * c.weights[yy * c.ksize + y]!;
          out[(yy * w + x) * 3 + ch] = clip8(ss);
        }
      }
    }
    cur = out;
  }
  return cur;
}
