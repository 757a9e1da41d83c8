// The bench's like-for-like fp32 timing of the PP-OCR recognizer, run in the lab's worker
// (app/lab/lab-runtime.ts answers the bench-ocr request with it; bench/models-fp32.ts asks, compared with
// onnxruntime-node's timing): session.run alone on the sample crops, preprocessed before the clock
// starts and decoded after it stops, as the Node side does. Session options can be varied to
// show what each one changes.
import { createSession } from '../backend.ts';
import type { OcrSample } from './ocr-inputs.ts';
import { ctcGreedyDecode, preprocessOcr } from './ppocr.ts';
import type { Backend, BackendChoice } from '../ort.ts';

/** The bench's like-for-like fp32 timing: session.run alone over the sample crops. */
export interface OcrBenchRequest {
  readonly backend: BackendChoice;
  /** Session options tried on top of the app's own (graph optimisation level, memory pattern…). */
  readonly options: OcrBenchOptions;
  /** Only the first N sample crops (a software GPU is slow); all when null. */
  readonly samples: number | null;
  readonly rounds: number;
}

export interface OcrBenchOptions {
  readonly graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  readonly enableMemPattern?: boolean;
  readonly enableCpuMemArena?: boolean;
  readonly executionMode?: 'sequential' | 'parallel';
}

export interface OcrBenchReport {
  readonly backend: Backend;
  readonly note: string | null;
  readonly threads: number;
  readonly loadMs: number;
  /** session.run alone, every sample in every round. */
  readonly ms: readonly number[];
  readonly texts: readonly string[];
  readonly truth: readonly string[];
}

export async function benchOcr(bytes: Uint8Array, charset: readonly string[], samples: readonly OcrSample[], request: OcrBenchRequest, threads: number | undefined): Promise<OcrBenchReport> {
  const t0 = performance.now();
  const made = await createSession(bytes, { backend: request.backend, threads, options: request.options });
  const loadMs = performance.now() - t0;
  const { ort, session } = made;
  const picked = samples.slice(0, request.samples ?? samples.length);
  const inputs = picked.map((s) => {
    const p = preprocessOcr(s.image.data, s.image.width, s.image.height);
    return new ort.Tensor('float32', p.data, [...p.dims]);
  });
  const feed = session.inputNames[0] ?? 'x';
  const output = session.outputNames[0] ?? '';
  try {
    const first = inputs[0];
    if (first !== undefined) await session.run({ [feed]: first }); // warm-up
    const ms: number[] = [];
    const texts: string[] = [];
    for (let round = 0; round < request.rounds; round++) {
      for (const x of inputs) {
        const t = performance.now();
        const out = await session.run({ [feed]: x });
        ms.push(performance.now() - t);
        const probs = out[output];
        if (round === 0 && probs !== undefined && probs.data instanceof Float32Array) texts.push(ctcGreedyDecode(probs.data, probs.dims, charset)[0]?.text ?? '');
      }
    }
    return { backend: made.backend, note: made.note, threads: ort.env.wasm.numThreads ?? 1, loadMs, ms, texts, truth: picked.map((s) => s.text) };
  } finally {
    await session.release();
  }
}
