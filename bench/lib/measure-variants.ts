// Runtime-agnostic measuring: a variant is (name, model bytes); a `Runner` loads and runs it
// (onnxruntime-node in bench/models-node.ts). Reports size,
// load time, median latency over samples and text agreement with a reference variant.
import { characterErrorRate } from '../../app/models/ocr/ppocr.ts';
import { median } from '../../scripts/lib/stats.ts';

export interface Runner<S> {
  load(bytes: Uint8Array, variant: string): Promise<S>;
  /** Runs one sample and returns its text (or any string summary of the output). */
  run(session: S, sample: number): Promise<string>;
}

export interface VariantReport {
  readonly name: string;
  readonly bytes: number;
  readonly loadMs: number;
  readonly medianMs: number;
  readonly texts: readonly string[];
  /** Mean CER against the reference texts (0 for the reference itself). */
  readonly cer: number;
  /** Fraction of samples with exactly the reference text. */
  readonly sameText: number;
  /** "reference → variant" for every sample that changed. */
  readonly changed: readonly string[];
}

export interface Variant<S> {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly runner: Runner<S>;
}

/**
 * Loads every variant, then times them interleaved (round r runs all variants on all samples)
 * so that load from other processes on a shared machine spreads over all variants alike.
 * The first variant is the reference for text agreement.
 */
export async function measureVariants<S>(variants: readonly Variant<S>[], samples: number, repeats = 3): Promise<VariantReport[]> {
  const loaded: { session: S; loadMs: number; times: number[]; texts: string[] }[] = [];
  for (const v of variants) {
    const t0 = performance.now();
    const session = await v.runner.load(v.bytes, v.name);
    const loadMs = performance.now() - t0;
    await v.runner.run(session, 0); // warm-up: first runs pay for allocation, not the format
    loaded.push({ session, loadMs, times: [], texts: [] });
  }
  for (let r = 0; r < repeats; r++) {
    for (let k = 0; k < variants.length; k++) {
      const v = variants[k]!;
      const l = loaded[k]!;
      for (let s = 0; s < samples; s++) {
        const t = performance.now();
        const text = await v.runner.run(l.session, s);
        l.times.push(performance.now() - t);
        if (r === 0) l.texts.push(text);
      }
    }
  }
  const ref = loaded[0]?.texts ?? [];
  return variants.map((v, k) => {
    const { loadMs, times, texts } = loaded[k]!;
    const changed = texts.flatMap((t, i) => (t === ref[i] ? [] : [`${JSON.stringify(ref[i])} → ${JSON.stringify(t)}`]));
    const cer = texts.reduce((a, t, i) => a + characterErrorRate(ref[i] ?? '', t), 0) / Math.max(1, texts.length);
    return {
      name: v.name,
      bytes: v.bytes.length,
      loadMs,
      medianMs: median(times),
      texts,
      cer,
      sameText: 1 - changed.length / Math.max(1, texts.length),
      changed,
    };
  });
}
