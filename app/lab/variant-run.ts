// One variant's part of a lab run, in the worker: an untimed warm-up, the input N times, then
// the sample crops. The warm-up is also where a WebGPU session that cannot run the model is
// found out and replaced by a WASM one (backend.ts), so the timed runs are on one backend.
import { runWithFallback, wasmFallback, type BackendSession } from '../models/backend.ts';
import type { OnnxModel } from '../models/onnx-model.ts';
import { memoryFootprint } from '../onnx/inspect.ts';
import type { OcrSample } from '../models/ocr/ocr-inputs.ts';
import type { OcrOutput } from '../models/ocr/ocr-task.ts';
import type { LabImage, VariantReport, VariantSpec } from './protocol.ts';

export interface Prepared {
  readonly model: OnnxModel<OcrOutput>;
  readonly session: BackendSession;
  readonly loadMs: number;
}

export interface VariantRun {
  readonly spec: VariantSpec;
  readonly input: LabImage | null;
  readonly repeats: number;
  readonly samples: readonly OcrSample[];
  readonly threads: number | undefined;
  readonly step: (label: string, k: number) => void;
  /** The session that ran may differ from the one prepared (a WebGPU failure): keep it for the next Run. */
  readonly replaced: (p: Prepared) => void;
}

export async function runVariant(prepared: Prepared, r: VariantRun): Promise<VariantReport> {
  const { model, loadMs } = prepared;
  // One untimed run: a session's first run pays for allocation, not for the format.
  const warm = r.input ?? r.samples[0]?.image;
  let s = prepared.session;
  if (warm !== undefined) {
    const { session } = await runWithFallback(s, (b) => model.task.run(b.ort, b.session, warm), wasmFallback(model.bytes, r.threads));
    if (session !== s) r.replaced({ ...prepared, session });
    s = session;
  }
  const once = (image: LabImage): Promise<OcrOutput> => model.task.run(s.ort, s.session, image);
  let first: OcrOutput | null = null;
  const inputMs: number[] = [];
  if (r.input !== null) {
    for (let k = 0; k < r.repeats; k++) {
      r.step(`run ${k + 1} of ${r.repeats}`, k);
      const out = await once(r.input);
      first ??= out;
      inputMs.push(out.ms);
    }
  }
  const texts: string[] = [];
  const sampleMs: number[] = [];
  for (const [i, sample] of r.samples.entries()) {
    r.step(`sample ${i + 1} of ${r.samples.length}`, (r.input === null ? 0 : r.repeats) + i);
    const out = await once(sample.image);
    texts.push(out.text);
    sampleMs.push(out.ms);
  }
  return {
    key: r.spec.key,
    label: r.spec.label,
    fileSize: model.file_size(),
    footprint: memoryFootprint(model.proto),
    loadMs,
    backend: s.backend,
    backendNote: s.note,
    input: first === null ? null : { text: first.text, confidences: first.confidences, ms: inputMs },
    samples: r.samples.length === 0 ? null : { texts, truth: r.samples.map((x) => x.text), ms: sampleMs },
  };
}
