// The lab page's state as a plain reducer (tested without React): the model and its loading,
// the chosen variants and custom mix, run settings, the run's progress and results, the
// histogram and the layer-error table. Inputs live in input-state.ts.
import type { LayerError } from '../onnx/metrics.ts';
import type { BackendChoice, HistogramReport, ModelInfo, VariantOutcome, WebgpuStatus } from './protocol.ts';
import { type CustomMix, type FormatChoice, type VariantKey } from './variants.ts';

export interface Progress {
  readonly label: string;
  readonly done: number;
  readonly total: number | null;
}

type Task<T> =
  | { readonly status: 'idle' }
  | { readonly status: 'busy'; readonly progress: Progress | null }
  | { readonly status: 'done'; readonly value: T }
  | { readonly status: 'error'; readonly message: string };

export interface LabState {
  readonly modelId: string;
  readonly model: Task<ModelInfo>;
  readonly selected: readonly VariantKey[];
  readonly custom: CustomMix;
  readonly repeats: number;
  readonly includeSamples: boolean;
  /** Where the variants run; WebGPU can be picked only when the worker has an adapter. */
  readonly backend: BackendChoice;
  /** The lab worker's answer (null until it started). */
  readonly webgpu: WebgpuStatus | null;
  readonly run: {
    readonly status: 'idle' | 'busy' | 'done' | 'error';
    readonly progress: Progress | null;
    readonly outcomes: readonly VariantOutcome[];
    readonly error: string | null;
    readonly input: string;
  };
  readonly histogram: { readonly tensor: string; readonly variant: VariantKey; readonly task: Task<HistogramReport> };
  readonly layers: { readonly variant: VariantKey; readonly task: Task<readonly LayerError[]> };
  /** One-line message about the worker (cancelled, restarted). */
  readonly notice: string | null;
}

export type LabAction =
  | { readonly type: 'pick-model'; readonly id: string }
  | { readonly type: 'load-start' }
  | { readonly type: 'load-progress'; readonly progress: Progress }
  | { readonly type: 'load-done'; readonly info: ModelInfo }
  | { readonly type: 'load-error'; readonly message: string }
  | { readonly type: 'toggle-variant'; readonly key: VariantKey; readonly on: boolean }
  | { readonly type: 'custom-base'; readonly format: FormatChoice }
  | { readonly type: 'custom-add'; readonly layer: string; readonly format: FormatChoice }
  | { readonly type: 'custom-set'; readonly index: number; readonly format: FormatChoice }
  | { readonly type: 'custom-remove'; readonly index: number }
  | { readonly type: 'repeats'; readonly value: number }
  | { readonly type: 'include-samples'; readonly on: boolean }
  | { readonly type: 'backend'; readonly choice: BackendChoice }
  | { readonly type: 'webgpu-status'; readonly status: WebgpuStatus }
  | { readonly type: 'run-start'; readonly input: string }
  | { readonly type: 'run-progress'; readonly progress: Progress }
  | { readonly type: 'run-variant'; readonly outcome: VariantOutcome }
  | { readonly type: 'run-done' }
  | { readonly type: 'run-error'; readonly message: string }
  | { readonly type: 'histogram-pick'; readonly tensor?: string; readonly variant?: VariantKey }
  | { readonly type: 'histogram-start' }
  | { readonly type: 'histogram-done'; readonly report: HistogramReport }
  | { readonly type: 'histogram-error'; readonly message: string }
  | { readonly type: 'layers-pick'; readonly variant: VariantKey }
  | { readonly type: 'layers-start' }
  | { readonly type: 'layers-done'; readonly errors: readonly LayerError[] }
  | { readonly type: 'layers-error'; readonly message: string }
  /** A new lab worker for this page (use-lab.ts's effect ran, again under StrictMode or Fast Refresh): it holds no model. */
  | { readonly type: 'worker-started' }
  /** The worker was terminated (Cancel, timeout, crash) and restarted: whatever it held is gone. */
  | { readonly type: 'worker-restarted'; readonly message: string }
  | { readonly type: 'dismiss-notice' };

export function initialLabState(modelId: string): LabState {
  return {
    modelId,
    model: { status: 'idle' },
    selected: ['fp32', 'float16', 'int8-tensor', 'int8-channel', 'mix'],
    custom: { base: 'int8-channel', layers: [] },
    repeats: 5,
    includeSamples: true,
    backend: 'auto',
    webgpu: null,
    run: { status: 'idle', progress: null, outcomes: [], error: null, input: '' },
    histogram: { tensor: '', variant: 'int8-tensor', task: { status: 'idle' } },
    layers: { variant: 'int8-tensor', task: { status: 'idle' } },
    notice: null,
  };
}

const clearResults = (s: LabState): LabState => ({
  ...s,
  run: { status: 'idle', progress: null, outcomes: [], error: null, input: '' },
  histogram: { ...s.histogram, task: { status: 'idle' } },
  layers: { ...s.layers, task: { status: 'idle' } },
});

export function labReducer(s: LabState, a: LabAction): LabState {
  switch (a.type) {
    case 'pick-model':
      return a.id === s.modelId ? s : { ...clearResults(s), modelId: a.id, model: { status: 'idle' } };
    case 'load-start':
      return { ...clearResults(s), model: { status: 'busy', progress: null }, notice: null };
    case 'load-progress':
      return s.model.status === 'busy' ? { ...s, model: { status: 'busy', progress: a.progress } } : s;
    case 'load-done': {
      const first = a.info.weights.find((w) => w.ops.includes('Conv') || w.ops.includes('MatMul'))?.name ?? a.info.weights[0]?.name ?? '';
      return { ...s, model: { status: 'done', value: a.info }, histogram: { ...s.histogram, tensor: first, task: { status: 'idle' } } };
    }
    case 'load-error':
      return { ...s, model: { status: 'error', message: a.message } };
    case 'toggle-variant': {
      if (a.key === 'fp32') return s; // the reference always runs
      const rest = s.selected.filter((k) => k !== a.key);
      return { ...s, selected: a.on ? [...rest, a.key] : rest };
    }
    case 'custom-base':
      return { ...s, custom: { ...s.custom, base: a.format } };
    case 'custom-add': {
      const layer = a.layer.trim();
      if (layer === '') return s;
      const others = s.custom.layers.filter((l) => l.layer !== layer);
      const selected = s.selected.includes('custom') ? s.selected : [...s.selected, 'custom' as const];
      return { ...s, selected, custom: { ...s.custom, layers: [...others, { layer, format: a.format }] } };
    }
    case 'custom-set':
      return { ...s, custom: { ...s.custom, layers: s.custom.layers.map((l, i) => (i === a.index ? { ...l, format: a.format } : l)) } };
    case 'custom-remove':
      return { ...s, custom: { ...s.custom, layers: s.custom.layers.filter((_, i) => i !== a.index) } };
    case 'repeats':
      return Number.isInteger(a.value) && a.value >= 1 && a.value <= 100 ? { ...s, repeats: a.value } : s;
    case 'include-samples':
      return { ...s, includeSamples: a.on };
    case 'backend':
      return a.choice === 'webgpu' && s.webgpu?.available === false ? s : { ...s, backend: a.choice };
    // A choice that became impossible (a restarted worker without an adapter) goes back to Auto.
    case 'webgpu-status':
      return { ...s, webgpu: a.status, backend: !a.status.available && s.backend === 'webgpu' ? 'auto' : s.backend };
    case 'run-start':
      return { ...s, run: { status: 'busy', progress: null, outcomes: [], error: null, input: a.input }, notice: null };
    case 'run-progress':
      return s.run.status === 'busy' ? { ...s, run: { ...s.run, progress: a.progress } } : s;
    case 'run-variant':
      return s.run.status === 'busy'
        ? { ...s, run: { ...s.run, outcomes: [...s.run.outcomes.filter((o) => o.key !== a.outcome.key), a.outcome] } }
        : s;
    case 'run-done':
      return s.run.status === 'busy' ? { ...s, run: { ...s.run, status: 'done', progress: null } } : s;
    case 'run-error':
      return { ...s, run: { ...s.run, status: 'error', progress: null, error: a.message } };
    case 'histogram-pick':
      return {
        ...s,
        histogram: { tensor: a.tensor ?? s.histogram.tensor, variant: a.variant ?? s.histogram.variant, task: s.histogram.task },
      };
    case 'histogram-start':
      return { ...s, histogram: { ...s.histogram, task: { status: 'busy', progress: null } } };
    case 'histogram-done':
      return { ...s, histogram: { ...s.histogram, task: { status: 'done', value: a.report } } };
    case 'histogram-error':
      return { ...s, histogram: { ...s.histogram, task: { status: 'error', message: a.message } } };
    case 'layers-pick':
      return { ...s, layers: { variant: a.variant, task: s.layers.task } };
    case 'layers-start':
      return { ...s, layers: { ...s.layers, task: { status: 'busy', progress: null } } };
    case 'layers-done':
      return { ...s, layers: { ...s.layers, task: { status: 'done', value: a.errors } } };
    case 'layers-error':
      return { ...s, layers: { ...s.layers, task: { status: 'error', message: a.message } } };
    // Back to before Load model; the student's choices (model, variants, mix, settings) stay.
    case 'worker-started':
      return { ...clearResults(s), model: { status: 'idle' }, webgpu: null };
    case 'worker-restarted': {
      const busy = (t: Task<unknown>): boolean => t.status === 'busy';
      return {
        ...s,
        notice: a.message,
        model: busy(s.model) ? { status: 'error', message: a.message } : s.model,
        run: s.run.status === 'busy' ? { ...s.run, status: 'error', progress: null, error: a.message } : s.run,
        histogram: busy(s.histogram.task) ? { ...s.histogram, task: { status: 'error', message: a.message } } : s.histogram,
        layers: busy(s.layers.task) ? { ...s.layers, task: { status: 'error', message: a.message } } : s.layers,
      };
    }
    case 'dismiss-notice':
      return { ...s, notice: null };
  }
}
