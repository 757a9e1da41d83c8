// The PP-OCR text recognizer as a task: pixels in, text and per-character
// confidence out. Pre- and post-processing are app/models/ocr/ppocr.ts.
import { ctcGreedyDecode, ocrCharset, preprocessOcr } from './ppocr.ts';
import { checkImageSize, isPixels, type TaskRunner } from '../task.ts';

export interface OcrOutput {
  readonly text: string;
  readonly confidences: readonly number[];
  /** Milliseconds spent in the network. */
  readonly ms: number;
  toString(): string;
}

export function ocrTask(keysFile: string): TaskRunner<OcrOutput> {
  const charset = ocrCharset(keysFile);
  return {
    task: 'text-recognition',
    async run(ort, session, input) {
      if (!isPixels(input)) throw new TypeError('run(image): expected an image (ImageData, or ocr.render(text), or a sample from ocr.samples())');
      checkImageSize(input, 'ocr', 20_000);
      if (input.width > 4096) throw new RangeError(`ocr: the image is ${input.width} px wide; crop it to one line of text (at most 4096 px wide)`);
      const prepared = preprocessOcr(input.data, input.width, input.height);
      const x = new ort.Tensor('float32', prepared.data, [...prepared.dims]);
      const t0 = performance.now();
      const out = await session.run({ [session.inputNames[0] ?? 'x']: x });
      const ms = performance.now() - t0;
      const probs = out[session.outputNames[0] ?? ''];
      if (probs === undefined || !(probs.data instanceof Float32Array)) throw new Error('ocr: the model gave no float32 output');
      const [result] = ctcGreedyDecode(probs.data, probs.dims, charset);
      const text = result?.text ?? '';
      const confidences = result?.confidences ?? [];
      return { text, confidences, ms, toString: () => `'${text}'` };
    },
  };
}
