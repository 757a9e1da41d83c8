// The captioning side of the lab page as a plain reducer (tested without React): the loaded
// BLIP models (tiny BLIP, Hub checkpoints) and their chosen variants, the Hub panel's form and
// download (MB done / total, time left, Cancel), the picture, the caption rows; and two pure
// helpers, `downloadStatus` (progress text and time left) and `partsAt` (where a variant's
// caption first differs from float32's).
import type {
  CaptionInput,
  CaptionModelInfo,
  CaptionModelSource,
  CaptionRow,
  CaptionSampleInfo,
  CaptionTokenInfo,
  HubDtype,
} from './caption-protocol.ts';

export const DEFAULT_REPO = 'Salesforce/blip-image-captioning-base';

export interface HubForm {
  readonly repo: string;
  readonly revision: string;
  readonly endpoint: string;
  readonly dtype: HubDtype;
}

export interface DownloadProgress {
  readonly label: string;
  readonly done: number;
  readonly total: number | null;
  /** When the load started and when this progress came (ms, the page's clock). */
  readonly startedAt: number;
  readonly at: number;
}

export type HubLoad =
  | { readonly status: 'idle' }
  | { readonly status: 'busy'; readonly what: string; readonly progress: DownloadProgress }
  | { readonly status: 'done'; readonly info: CaptionModelInfo }
  | { readonly status: 'error'; readonly message: string };

export type TinyLoad =
  | { readonly status: 'idle' | 'busy' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'done' };

export interface LoadedCaptioner {
  readonly info: CaptionModelInfo;
  /** Kept so a restarted worker can load it again. */
  readonly source: CaptionModelSource;
  readonly selected: readonly string[];
}

export type PictureChoice =
  | { readonly kind: 'sample'; readonly file: string }
  | { readonly kind: 'file'; readonly name: string; readonly bytes: ArrayBuffer };

export interface CaptionState {
  readonly models: readonly LoadedCaptioner[];
  readonly tiny: TinyLoad;
  readonly form: HubForm;
  readonly hub: HubLoad;
  readonly samples: readonly CaptionSampleInfo[];
  readonly picture: PictureChoice | null;
  readonly run: {
    readonly status: 'idle' | 'busy' | 'done' | 'error';
    readonly rows: readonly CaptionRow[];
    readonly error: string | null;
    readonly picture: string;
  };
}

export type CaptionAction =
  | { readonly type: 'tiny-start' }
  | { readonly type: 'tiny-error'; readonly message: string }
  | { readonly type: 'loaded'; readonly info: CaptionModelInfo; readonly source: CaptionModelSource }
  | { readonly type: 'form'; readonly form: Partial<HubForm> }
  | { readonly type: 'hub-start'; readonly what: string; readonly now: number }
  | { readonly type: 'hub-progress'; readonly label: string; readonly done: number; readonly total: number | null; readonly now: number }
  | { readonly type: 'hub-error'; readonly message: string }
  | { readonly type: 'toggle-variant'; readonly model: string; readonly variant: string; readonly on: boolean }
  | { readonly type: 'remove-model'; readonly model: string }
  | { readonly type: 'samples'; readonly samples: readonly CaptionSampleInfo[] }
  | { readonly type: 'picture'; readonly picture: PictureChoice }
  | { readonly type: 'run-start' }
  | { readonly type: 'run-row'; readonly row: CaptionRow }
  | { readonly type: 'run-done' }
  | { readonly type: 'run-error'; readonly message: string }
  /** The worker was stopped (Cancel, a crash): what it held is gone; a Hub download in flight says why it stopped. */
  | { readonly type: 'worker-restarted'; readonly message: string };

export function initialCaptionState(endpoint: string): CaptionState {
  return {
    models: [],
    tiny: { status: 'idle' },
    form: { repo: DEFAULT_REPO, revision: 'main', endpoint, dtype: 'float32' },
    hub: { status: 'idle' },
    samples: [],
    picture: null,
    run: { status: 'idle', rows: [], error: null, picture: '' },
  };
}

/** The variants ticked when a model arrives: all of the tiny BLIP's; of a Hub checkpoint float32, bf16 weights, bf16 computation, dynamic int8. */
const defaultSelection = (info: CaptionModelInfo): string[] =>
  info.key === 'tiny-blip' ? info.variants.map((v) => v.key) : info.variants.map((v) => v.key).filter((k) => k !== 'fp16' && k !== 'int8');

export const pictureLabel = (p: PictureChoice | null): string => (p === null ? '' : p.kind === 'sample' ? p.file : p.name);

export function captionInput(p: PictureChoice): CaptionInput {
  return p.kind === 'sample' ? { kind: 'sample', file: p.file } : { kind: 'file', name: p.name, bytes: p.bytes };
}

export function captionReducer(s: CaptionState, a: CaptionAction): CaptionState {
  switch (a.type) {
    case 'tiny-start':
      return { ...s, tiny: { status: 'busy' } };
    case 'tiny-error':
      return { ...s, tiny: { status: 'error', message: a.message } };
    case 'loaded': {
      const old = s.models.find((m) => m.info.key === a.info.key);
      const entry: LoadedCaptioner = { info: a.info, source: a.source, selected: old?.selected ?? defaultSelection(a.info) };
      const models = old === undefined ? [...s.models, entry] : s.models.map((m) => (m === old ? entry : m));
      return {
        ...s,
        models,
        tiny: a.source.kind === 'tiny' ? { status: 'done' } : s.tiny,
        hub: a.source.kind === 'tiny' ? s.hub : { status: 'done', info: a.info },
        // Rows of an earlier load of this model are of another model now.
        run: { ...s.run, rows: s.run.rows.filter((r) => r.model !== a.info.key) },
      };
    }
    case 'form':
      return { ...s, form: { ...s.form, ...a.form } };
    case 'hub-start':
      return {
        ...s,
        hub: { status: 'busy', what: a.what, progress: { label: 'Starting', done: 0, total: null, startedAt: a.now, at: a.now } },
      };
    case 'hub-progress': {
      if (s.hub.status !== 'busy') return s;
      const { startedAt } = s.hub.progress;
      return { ...s, hub: { ...s.hub, progress: { label: a.label, done: a.done, total: a.total, startedAt, at: a.now } } };
    }
    case 'hub-error':
      return { ...s, hub: { status: 'error', message: a.message } };
    case 'toggle-variant': {
      return {
        ...s,
        models: s.models.map((m) => {
          if (m.info.key !== a.model || a.variant === 'fp32') return m; // float32 is the reference: always captioned
          const rest = m.selected.filter((k) => k !== a.variant);
          // Keep the model's own variant order, whatever order they were ticked in.
          const selected = a.on ? m.info.variants.map((v) => v.key).filter((k) => k === a.variant || rest.includes(k)) : rest;
          return { ...m, selected };
        }),
      };
    }
    case 'remove-model':
      return {
        ...s,
        models: s.models.filter((m) => m.info.key !== a.model),
        run: { ...s.run, rows: s.run.rows.filter((r) => r.model !== a.model) },
      };
    case 'samples':
      return {
        ...s,
        samples: a.samples,
        picture: s.picture ?? (a.samples[0] === undefined ? null : { kind: 'sample', file: a.samples[0].file }),
      };
    case 'picture':
      return { ...s, picture: a.picture };
    case 'run-start':
      return { ...s, run: { status: 'busy', rows: [], error: null, picture: pictureLabel(s.picture) } };
    case 'run-row':
      return s.run.status === 'busy' ? { ...s, run: { ...s.run, rows: [...s.run.rows, a.row] } } : s;
    case 'run-done':
      return s.run.status === 'busy' ? { ...s, run: { ...s.run, status: 'done' } } : s;
    case 'run-error':
      return { ...s, run: { ...s.run, status: 'error', error: a.message } };
    case 'worker-restarted':
      return {
        ...s,
        models: [],
        tiny: s.tiny.status === 'busy' ? { status: 'error', message: a.message } : s.tiny.status === 'done' ? { status: 'idle' } : s.tiny,
        hub: s.hub.status === 'busy' ? { status: 'error', message: a.message } : s.hub,
        run: s.run.status === 'busy' ? { ...s.run, status: 'error', error: a.message } : s.run,
      };
  }
}

const MB = (bytes: number): string => (bytes / 1e6).toFixed(1);

/** "Seconds left" as people read it: 45 s, 3 min 20 s, 1 h 5 min. */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export interface DownloadStatus {
  /** "3.2 MB of 989.7 MB", or "3.2 MB" while the total is not known. */
  readonly text: string;
  /** Seconds left at the average rate so far; null until it can be told (no total, no bytes, under half a second in). */
  readonly secondsLeft: number | null;
}

export function downloadStatus(p: DownloadProgress): DownloadStatus {
  const elapsed = (p.at - p.startedAt) / 1000;
  const text = p.total === null ? `${MB(p.done)} MB` : `${MB(p.done)} MB of ${MB(p.total)} MB`;
  if (p.total === null || p.done <= 0 || elapsed < 0.5) return { text, secondsLeft: null };
  const rate = p.done / elapsed;
  return { text, secondsLeft: Math.max(0, p.total - p.done) / rate };
}

export interface Parting {
  /** 0-based token index where the captions first differ. */
  readonly index: number;
  /** The token float32 chose there and the variant's (null: that caption had already ended). */
  readonly reference: CaptionTokenInfo | null;
  readonly variant: CaptionTokenInfo | null;
}

/** Where a variant's caption parts from float32's (null when the token ids are the same throughout). */
export function partsAt(reference: readonly CaptionTokenInfo[], variant: readonly CaptionTokenInfo[]): Parting | null {
  const n = Math.max(reference.length, variant.length);
  for (let i = 0; i < n; i++) {
    const r = reference[i];
    const v = variant[i];
    if (r?.id !== v?.id) return { index: i, reference: r ?? null, variant: v ?? null };
  }
  return null;
}

const tokenText = (t: CaptionTokenInfo | null): string => (t === null ? '(end)' : `“${t.text}” ${(t.probability * 100).toFixed(1)}%`);

export function partingText(p: Parting | null): string {
  return p === null ? 'same as float32' : `token ${p.index + 1}: ${tokenText(p.reference)} → ${tokenText(p.variant)}`;
}
