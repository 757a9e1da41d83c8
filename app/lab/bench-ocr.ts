// Worker side of the bench's like-for-like fp32 comparison (bench/models-browser.ts vs
// bench/models-node.ts): session.run alone on the sample crops, preprocessed before the clock
// starts and decoded after it stops, as the Node side does. Session options can be varied to
// show what each one changes.
import { createSession } from '../models/backend.ts';
import type { OcrSample } from '../models/ocr-inputs.ts';
import { ctcGreedyDecode, preprocessOcr } from '../onnx/ocr.ts';
import type { OcrBenchReport, OcrBenchRequest } from './protocol.ts';

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
