// From the worker's per-variant reports to the rows of the results table: latency medians,
// text agreement with fp32 over the sample set (mean character error rate, identical lines)
// and against the samples' true text.
import { characterErrorRate } from '../models/ocr/ppocr.ts';
import type { Footprint } from '../onnx/inspect.ts';
import { type DiffChar, diffChars } from './diff.ts';
import type { Backend, VariantOutcome, VariantReport } from './protocol.ts';

/** The middle value (mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Agreement {
  /** Mean CER against the reference over the lines. */
  readonly cer: number;
  /** Fraction of lines exactly equal to the reference. */
  readonly identical: number;
  readonly lines: number;
  /** Lines that differ: index, reference text, this text. */
  readonly changed: readonly { readonly index: number; readonly reference: string; readonly text: string }[];
}

export function agreement(reference: readonly string[], texts: readonly string[]): Agreement {
  if (reference.length !== texts.length)
    throw new RangeError(`agreement: ${reference.length} reference lines but ${texts.length} lines to compare`);
  const lines = texts.length;
  const changed = texts.flatMap((text, index) => (text === reference[index] ? [] : [{ index, reference: reference[index]!, text }]));
  const cer = lines === 0 ? 0 : texts.reduce((sum, t, i) => sum + characterErrorRate(reference[i]!, t), 0) / lines;
  return { cer, identical: lines === 0 ? 1 : 1 - changed.length / lines, lines, changed };
}

export interface ResultRow {
  readonly key: string;
  readonly label: string;
  readonly error: string | null;
  readonly fileSize: number | null;
  readonly footprint: Footprint | null;
  readonly loadMs: number | null;
  readonly backend: Backend | null;
  /** Why it ran elsewhere than asked (WebGPU missing or failing). */
  readonly backendNote: string | null;
  readonly inputMedianMs: number | null;
  readonly runs: number;
  readonly samplesMedianMs: number | null;
  readonly text: string | null;
  readonly diff: readonly DiffChar[];
  readonly vsFp32: Agreement | null;
  readonly vsTruth: Agreement | null;
}

const isReport = (o: VariantOutcome): o is VariantReport => !('error' in o);

/** Rows in outcome order; the reference is the outcome keyed 'fp32' (null until it arrived). */
export function resultRows(outcomes: readonly VariantOutcome[]): ResultRow[] {
  const ref = outcomes.filter(isReport).find((o) => o.key === 'fp32') ?? null;
  return outcomes.map((o): ResultRow => {
    if (!isReport(o)) {
      return {
        key: o.key,
        label: o.label,
        error: o.error,
        fileSize: null,
        footprint: null,
        loadMs: null,
        backend: null,
        backendNote: null,
        inputMedianMs: null,
        runs: 0,
        samplesMedianMs: null,
        text: null,
        diff: [],
        vsFp32: null,
        vsTruth: null,
      };
    }
    const text = o.input?.text ?? null;
    const refText = ref?.input?.text;
    return {
      key: o.key,
      label: o.label,
      error: null,
      fileSize: o.fileSize,
      footprint: o.footprint,
      loadMs: o.loadMs,
      backend: o.backend,
      backendNote: o.backendNote,
      inputMedianMs: o.input === null ? null : median(o.input.ms),
      runs: o.input?.ms.length ?? 0,
      samplesMedianMs: o.samples === null ? null : median(o.samples.ms),
      text,
      diff: text === null ? [] : diffChars(refText ?? text, text, o.input?.confidences ?? []),
      vsFp32: o.samples === null || ref === null || ref.samples === null ? null : agreement(ref.samples.texts, o.samples.texts),
      vsTruth: o.samples === null ? null : agreement(o.samples.truth, o.samples.texts),
    };
  });
}
