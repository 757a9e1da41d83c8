// The lab worker's captioning side: the tiny BLIP (shipped, app/models/blip) and BLIP checkpoints
// from the Hugging Face Hub (models.from_pretrained, app/models/hub + app/models/blip-hub), their
// variants (float32, bfloat16/float16 weights, bf16 computation, int8 weights, dynamic int8), one
// caption per variant on a sample scene or the student's picture. No DOM: runs in lab-worker.ts.
import { manifestOf } from '../models/catalog.ts';
import { loadBlip } from '../models/blip/load-blip.ts';
import type { BlipModel, Caption } from '../models/blip/blip-model.ts';
import { samples as blipSamples, type BlipSample } from '../models/blip/blip-helpers.ts';
import type { BlipHubModel, HubCaption } from '../models/blip-hub/blip-hub-model.ts';
import { blipHubBuilder } from '../models/blip-hub/from-checkpoint.ts';
import { webRuntime } from '../models/blip-hub/web-runtime.ts';
import type { BlipHubRuntime } from '../models/blip-hub/blip-hub-sessions.ts';
import { blipMemoryFootprint } from '../models/hub/blip-inventory.ts';
import { fromPretrained } from '../models/hub/from-pretrained.ts';
import { decodeImageBytes } from '../models/image/read-image.ts';
import type { Pixels } from '../models/task.ts';
import { DTYPES } from '../torch/dtype.ts';
import { HUB_VARIANTS, TINY_VARIANTS, WARM_UP_BELOW } from './caption-variants.ts';
import type {
  CaptionInput,
  CaptionModelInfo,
  CaptionModelSource,
  CaptionRow,
  CaptionRunRequest,
  CaptionSampleInfo,
  CaptionVariantInfo,
} from './caption-protocol.ts';

type Progress = (label: string, done: number, total: number | null) => void;

/** What both BLIP kinds answer to, as far as the lab needs. */
interface Captioner {
  get_memory_footprint(): number;
  run(input: unknown): Promise<Caption | HubCaption>;
}

interface Loaded {
  readonly info: CaptionModelInfo;
  /** A variant by key (made on first use). */
  variant(key: string): Captioner;
  /** Frees what a variant holds after its run (a Hub model's sessions: a real BLIP is 1 GB a variant). */
  release(key: string): Promise<void>;
  dispose(): Promise<void>;
}

function unknownVariant(key: string, known: readonly CaptionVariantInfo[]): never {
  throw new Error(`no variant "${key}"; the variants are ${known.map((v) => v.key).join(', ')}`);
}

function tinyVariant(m: BlipModel, key: string): BlipModel {
  switch (key) {
    case 'fp32':
      return m;
    case 'bf16':
      return m.to('bfloat16');
    case 'fp16':
      return m.to('float16');
    case 'int8':
      return m.quantize();
    case 'dynamic':
      return m.quantize_dynamic();
    default:
      return unknownVariant(key, TINY_VARIANTS);
  }
}

function hubVariant(m: BlipHubModel, key: string): BlipHubModel {
  switch (key) {
    case 'fp32':
      return m.to('float32');
    case 'bf16':
      return m.to('bfloat16');
    case 'bf16-act':
      return m.to('bfloat16', { activations: true });
    case 'fp16':
      return m.to('float16');
    case 'int8':
      return m.quantize();
    case 'dynamic':
      return m.quantize_dynamic();
    default:
      return unknownVariant(key, HUB_VARIANTS);
  }
}

async function loadTiny(progress: Progress): Promise<Loaded> {
  const manifest = manifestOf('tiny-blip');
  const model = await loadBlip(manifest, `${import.meta.env.BASE_URL}models/${manifest.id}/`, {
    onProgress: (done, total) => progress('Downloading the tiny BLIP', done, total),
  });
  const made = new Map<string, BlipModel>();
  const parameters: unknown = 'parameters' in manifest ? manifest.parameters : undefined;
  const info: CaptionModelInfo = {
    key: 'tiny-blip',
    name: manifest.name,
    summary: String(model),
    footprint: model.get_memory_footprint(),
    parameters: typeof parameters === 'number' ? parameters : 0,
    variants: TINY_VARIANTS,
  };
  return {
    info,
    variant(key) {
      let v = made.get(key);
      if (v === undefined) made.set(key, (v = tinyVariant(model, key)));
      return v;
    },
    // Tiny sessions are small; they stay for the next run.
    release: () => Promise.resolve(),
    dispose: () => Promise.resolve(),
  };
}

/** Where a Hub checkpoint's sessions run: onnxruntime-web in the worker (tests pass onnxruntime-node's). */
export type HubRuntimeFactory = (threads: number | undefined) => Promise<BlipHubRuntime>;

const workerRuntime: HubRuntimeFactory = (threads) => webRuntime(threads === undefined ? {} : { threads });

async function loadHub(
  source: Exclude<CaptionModelSource, { kind: 'tiny' }>,
  runtime: () => Promise<BlipHubRuntime>,
  progress: Progress,
): Promise<Loaded> {
  const onProgress = (done: number, total: number | null): void => progress('Downloading', done, total);
  const options =
    source.kind === 'hub'
      ? { torch_dtype: DTYPES[source.dtype], revision: source.revision, endpoint: source.endpoint, onProgress }
      : { torch_dtype: DTYPES[source.dtype], onProgress };
  const model = await fromPretrained(source.kind === 'hub' ? source.repo : source.files, options, {
    build: async (blip) => {
      progress('Building the graphs', 0, null);
      return blipHubBuilder(runtime, { footprint: (dtype) => blipMemoryFootprint(blip.config, dtype) })(blip);
    },
  });
  const made = new Map<string, BlipHubModel>();
  const info: CaptionModelInfo = {
    key: model.id,
    name: model.id,
    summary: String(model),
    footprint: model.get_memory_footprint(),
    parameters: model.num_parameters(),
    variants: HUB_VARIANTS,
  };
  return {
    info,
    variant(key) {
      let v = made.get(key);
      if (v === undefined) made.set(key, (v = hubVariant(model, key)));
      return v;
    },
    async release(key) {
      await made.get(key)?.dispose();
    },
    async dispose() {
      for (const v of made.values()) await v.dispose();
      made.clear();
      await model.dispose();
    },
  };
}

export class CaptionRuntime {
  readonly #threads: () => number | undefined;
  readonly #hubRuntime: HubRuntimeFactory;
  readonly #models = new Map<string, Loaded>();
  #samples: Promise<BlipSample[]> | null = null;

  constructor(threads: () => number | undefined, hubRuntime: HubRuntimeFactory = workerRuntime) {
    this.#threads = threads;
    this.#hubRuntime = hubRuntime;
  }

  async load(source: CaptionModelSource, progress: Progress): Promise<CaptionModelInfo> {
    const loaded =
      source.kind === 'tiny' ? await loadTiny(progress) : await loadHub(source, () => this.#hubRuntime(this.#threads()), progress);
    // Loading the same source again replaces it (a new dtype, say).
    await this.#models.get(loaded.info.key)?.dispose();
    this.#models.set(loaded.info.key, loaded);
    return loaded.info;
  }

  async samples(): Promise<CaptionSampleInfo[]> {
    return (await this.#sampleSet()).map((s) => ({ file: s.file, caption: s.caption }));
  }

  #sampleSet(): Promise<BlipSample[]> {
    return (this.#samples ??= blipSamples().catch((e: unknown) => {
      this.#samples = null;
      throw e;
    }));
  }

  async #image(input: CaptionInput): Promise<Pixels> {
    // As a cell's run(image) reads it: PNG exactly as Pillow's convert("RGB"), others by the browser with EXIF orientation undone.
    if (input.kind === 'file') return (await decodeImageBytes(new Uint8Array(input.bytes), input.name)).pixels;
    if (input.kind === 'pixels') return input.image;
    const sample = (await this.#sampleSet()).find((s) => s.file === input.file);
    if (sample === undefined) throw new Error(`no sample named ${input.file}`);
    return sample.image;
  }

  /** One row per model and variant, posted as each finishes (`onRow`); a failing variant is a row with its error. */
  async run(request: CaptionRunRequest, progress: Progress, onRow: (row: CaptionRow) => void): Promise<CaptionRow[]> {
    const image = await this.#image(request.input);
    const jobs = request.models.flatMap((m) => m.variants.map((variant) => ({ model: m.key, variant })));
    if (jobs.length === 0) throw new Error('nothing to caption: pick at least one variant');
    const rows: CaptionRow[] = [];
    for (const [i, job] of jobs.entries()) {
      const loaded = this.#models.get(job.model);
      const label = loaded?.info.variants.find((v) => v.key === job.variant)?.label ?? job.variant;
      progress(`${job.model}: ${label}`, i, jobs.length);
      let row: CaptionRow;
      try {
        if (loaded === undefined) throw new Error(`${job.model} is not loaded (load it again)`);
        const v = loaded.variant(job.variant);
        // One untimed caption first (sessions, WebAssembly warm-up), as the OCR table does; not for a
        // big checkpoint, where one more caption per variant costs seconds: its time is the first run's.
        if (v.get_memory_footprint() < WARM_UP_BELOW) await v.run(image);
        const caption = await v.run(image);
        row = {
          model: job.model,
          variant: job.variant,
          label,
          caption: caption.caption,
          tokens: caption.tokens.map((t) => ({ id: t.id, text: t.text, probability: t.probability })),
          footprint: v.get_memory_footprint(),
          ms: caption.ms,
        };
        await loaded.release(job.variant);
      } catch (e) {
        row = { model: job.model, variant: job.variant, label, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
      }
      rows.push(row);
      onRow(row);
    }
    progress('done', jobs.length, jobs.length);
    return rows;
  }
}
