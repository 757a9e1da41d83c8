// PP-OCR text-line recognizer pre/post-processing, as PaddleOCR's `resize_norm_img` and
// `CTCLabelDecode` do it. Pure functions over RGBA bytes, so they run in a worker or in Node.
//
// Preprocessing: composite over white, resize to height 48 keeping the aspect ratio (bilinear,
// OpenCV's INTER_LINEAR pixel-centre convention), BGR channel order (PaddleOCR reads with cv2),
// (x/255 - 0.5)/0.5, then pad on the right with 0 up to `minWidth` (PaddleOCR pads to 320).
// Decoding: greedy CTC over the per-step class probabilities: arg-max, merge repeats, drop the
// blank (class 0); class i ≥ 1 is line i-1 of the keys file, the last class is a space.

export interface OcrPreprocessOptions {
  /** Model input height (48 for PP-OCRv4). */
  readonly height?: number;
  /** Pad the width up to this (PaddleOCR: 320); 0 keeps the resized width. */
  readonly minWidth?: number;
  /** Cap on the resized width (longer lines are squeezed, as PaddleOCR does at its batch width). */
  readonly maxWidth?: number;
}

export interface OcrInput {
  readonly data: Float32Array;
  /** [1, 3, height, width] */
  readonly dims: readonly [1, 3, number, number];
  /** Width actually covered by the image (the rest is padding). */
  readonly contentWidth: number;
}

export function preprocessOcr(rgba: ArrayLike<number>, width: number, height: number, options: OcrPreprocessOptions = {}): OcrInput {
  const { height: outH = 48, minWidth = 320, maxWidth = 4096 } = options;
  if (!(width > 0 && height > 0) || rgba.length !== width * height * 4) {
    throw new RangeError(`preprocessOcr: expected ${width}×${height}×4 = ${width * height * 4} RGBA bytes, got ${rgba.length}`);
  }
  const resizedW = Math.max(1, Math.min(maxWidth, Math.ceil((outH * width) / height)));
  const outW = Math.max(resizedW, minWidth);
  const data = new Float32Array(3 * outH * outW);
  const sx = width / resizedW;
  const sy = height / outH;
  const plane = outH * outW;
  for (let y = 0; y < outH; y++) {
    const [y0, y1, fy] = sample(y, sy, height);
    for (let x = 0; x < resizedW; x++) {
      const [x0, x1, fx] = sample(x, sx, width);
      for (let c = 0; c < 3; c++) {
        const top = white(rgba, (y0 * width + x0) * 4, c) * (1 - fx) + white(rgba, (y0 * width + x1) * 4, c) * fx;
        const bottom = white(rgba, (y1 * width + x0) * 4, c) * (1 - fx) + white(rgba, (y1 * width + x1) * 4, c) * fx;
        const v = top * (1 - fy) + bottom * fy;
        // BGR planes: channel 0 of the tensor is blue.
        data[(2 - c) * plane + y * outW + x] = (v / 255 - 0.5) / 0.5;
      }
    }
  }
  return { data, dims: [1, 3, outH, outW], contentWidth: resizedW };
}

/** Source pixel pair and weight for output index `i` (OpenCV: src = (i + 0.5) * scale - 0.5). */
function sample(i: number, scale: number, size: number): [number, number, number] {
  const src = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), size - 1);
  const i0 = Math.floor(src);
  return [i0, Math.min(i0 + 1, size - 1), src - i0];
}

/** Channel c of the pixel at byte offset p, alpha-composited over white. */
function white(rgba: ArrayLike<number>, p: number, c: number): number {
  const a = rgba[p + 3]!;
  return a === 255 ? rgba[p + c]! : (rgba[p + c]! * a + 255 * (255 - a)) / 255;
}

/** Class labels from ppocr_keys_v1.txt: '' for the blank, the keys, then the appended space. */
export function ocrCharset(keysFile: string): string[] {
  const keys = keysFile.split(/\r?\n/);
  if (keys.at(-1) === '') keys.pop();
  return ['', ...keys, ' '];
}

export interface OcrResult {
  readonly text: string;
  /** Probability of each emitted character (the first step of its run). */
  readonly confidences: readonly number[];
}

/** Greedy CTC decoding of probabilities shaped [N, T, C] (one result per batch item). */
export function ctcGreedyDecode(probs: ArrayLike<number>, dims: readonly number[], charset: readonly string[]): OcrResult[] {
  const [n, t, c] = dims;
  if (dims.length !== 3 || n === undefined || t === undefined || c === undefined || probs.length !== n * t * c) {
    throw new RangeError(`ctcGreedyDecode: expected probabilities shaped [N, T, C] with N·T·C = ${probs.length} values, got [${dims.join(', ')}]`);
  }
  if (charset.length !== c) throw new RangeError(`ctcGreedyDecode: the model has ${c} classes but the charset has ${charset.length} labels (blank + keys + space)`);
  const results: OcrResult[] = [];
  for (let b = 0; b < n; b++) {
    let text = '';
    const confidences: number[] = [];
    let previous = -1;
    for (let step = 0; step < t; step++) {
      const row = (b * t + step) * c;
      let best = 0;
      for (let k = 1; k < c; k++) if (probs[row + k]! > probs[row + best]!) best = k;
      if (best !== 0 && best !== previous) {
        text += charset[best]!;
        confidences.push(probs[row + best]!);
      }
      previous = best;
    }
    results.push({ text, confidences });
  }
  return results;
}

/** Levenshtein distance over code points / reference length (0 when both are empty). */
export function characterErrorRate(reference: string, hypothesis: string): number {
  const a = [...reference];
  const b = [...hypothesis];
  if (a.length === 0) return b.length === 0 ? 0 : 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]! / a.length;
}
