// The message schema between the model lab page and its worker (lab-worker.ts).
// Every request carries an id; every event names the request it answers, so
// events from a request the page gave up on (timeout, Cancel) are dropped.
import type { MatmulReport } from './bench-matmul.ts';
import type { Footprint } from '../onnx/inspect.ts';
import type { LayerError } from '../onnx/metrics.ts';
import type { TransformConfig } from '../onnx/plan.ts';
import type { WebgpuStatus } from '../models/backend.ts';
import type { Backend, BackendChoice } from '../models/ort.ts';
import type { CaptionRequest, CaptionResult, CaptionRow } from './caption-protocol.ts';
import type { OcrBenchReport, OcrBenchRequest } from '../models/ocr/ocr-bench.ts';

export type { Backend, BackendChoice, WebgpuStatus };

/** An image as the worker receives it (ImageData is structured-cloneable, so is this). */
export interface LabImage {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

export type ModelSource =
  | { readonly kind: 'shipped'; readonly model: string }
  /** The student's own .onnx file; the page keeps a copy so a restarted worker can load it again. */
  | { readonly kind: 'file'; readonly name: string; readonly bytes: ArrayBuffer };

export interface WeightEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly ops: readonly string[];
}

export interface ModelInfo {
  readonly id: string;
  readonly name: string;
  readonly fileSize: number;
  readonly footprint: Footprint;
  readonly parameterCount: number;
  readonly nodeCount: number;
  readonly opsets: readonly string[];
  readonly operators: readonly { readonly op: string; readonly count: number }[];
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Float32 weights: what histograms and the custom mix can name. */
  readonly weights: readonly WeightEntry[];
  /** Null when the lab can run it (the OCR signature); else why not. */
  readonly notRunnable: string | null;
  /** The "recommended mix" for this model (model-specific sensitive layers kept in float32). */
  readonly recommended: TransformConfig;
}

export interface VariantSpec {
  readonly key: string;
  readonly label: string;
  /** Null: the model file as loaded. */
  readonly config: TransformConfig | null;
}

export interface RunRequest {
  readonly variants: readonly VariantSpec[];
  readonly input: LabImage | null;
  /** Runs of `input` per variant (the latency median is over these). */
  readonly repeats: number;
  /** Also run every shipped sample crop once. */
  readonly samples: boolean;
  /** Where the sessions run; a variant WebGPU cannot take runs on WASM and its report says why. */
  readonly backend: BackendChoice;
}

export interface Recognized {
  readonly text: string;
  readonly confidences: readonly number[];
}

export interface VariantReport {
  readonly key: string;
  readonly label: string;
  readonly fileSize: number;
  readonly footprint: Footprint;
  /** Session creation, measured when the variant's session was first made. */
  readonly loadMs: number;
  /** Where it ran, and why not where asked (null when it is). */
  readonly backend: Backend;
  readonly backendNote: string | null;
  readonly input: (Recognized & { readonly ms: readonly number[] }) | null;
  readonly samples: { readonly texts: readonly string[]; readonly truth: readonly string[]; readonly ms: readonly number[] } | null;
}

export type VariantOutcome = VariantReport | { readonly key: string; readonly label: string; readonly error: string };

export interface HistogramRequest {
  readonly tensor: string;
  readonly config: TransformConfig;
  readonly bins: number;
}

export interface HistogramReport {
  readonly tensor: string;
  readonly shape: readonly number[];
  readonly format: string;
  readonly edges: readonly number[];
  readonly before: readonly number[];
  readonly after: readonly number[];
  /** Values the format can represent inside the range (int8 grids), empty when too dense to draw. */
  readonly grid: readonly number[];
  readonly gridNote: string;
  readonly mse: number;
  readonly snrDb: number;
  readonly maxAbsError: number;
}

export type { MatmulReport, OcrBenchReport, OcrBenchRequest };

export type LabRequest =
  /** First message: onnxruntime's thread count is fixed when its WebAssembly starts (null: ort.ts's default). */
  | { readonly type: 'init'; readonly threads: number | null }
  | { readonly type: 'load'; readonly id: number; readonly source: ModelSource }
  | { readonly type: 'run'; readonly id: number; readonly run: RunRequest }
  | { readonly type: 'histogram'; readonly id: number; readonly histogram: HistogramRequest }
  | { readonly type: 'layer-errors'; readonly id: number; readonly config: TransformConfig }
  | {
      readonly type: 'bench-matmul';
      readonly id: number;
      readonly layers: number;
      readonly rows: number;
      readonly dim: number;
      readonly repeats: number;
    }
  | { readonly type: 'bench-ocr'; readonly id: number; readonly bench: OcrBenchRequest }
  | CaptionRequest;

export type LabResult =
  | { readonly kind: 'load'; readonly info: ModelInfo }
  | { readonly kind: 'run'; readonly variants: readonly VariantOutcome[] }
  | { readonly kind: 'histogram'; readonly report: HistogramReport }
  | { readonly kind: 'layer-errors'; readonly errors: readonly LayerError[] }
  | { readonly kind: 'bench-matmul'; readonly report: MatmulReport }
  | { readonly kind: 'bench-ocr'; readonly report: OcrBenchReport }
  | CaptionResult;

export type LabEvent =
  /** The worker started (its first message; `threads` is what onnxruntime will use, `webgpu` whether it can). */
  | { readonly type: 'ready'; readonly threads: number; readonly webgpu: WebgpuStatus }
  | { readonly type: 'progress'; readonly id: number; readonly label: string; readonly done: number; readonly total: number | null }
  /** One variant finished during a run: the table fills in as they come. */
  | { readonly type: 'variant'; readonly id: number; readonly outcome: VariantOutcome }
  /** One caption row finished during a caption run. */
  | { readonly type: 'caption-row'; readonly id: number; readonly row: CaptionRow }
  | { readonly type: 'result'; readonly id: number; readonly result: LabResult }
  | { readonly type: 'error'; readonly id: number; readonly name: string; readonly message: string };
