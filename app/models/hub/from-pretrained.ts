// models.from_pretrained(source, options): a BlipForConditionalGeneration
// checkpoint from the Hugging Face Hub (or a server in its layout, or a folder
// URL, or files the student picked), through this browser's model cache.
// Order matters for what a failure costs: config.json first (a non-BLIP repo
// is refused before 990 MB are fetched), then the small files, then one
// weights file: model.safetensors, or on 404 pytorch_model.bin (a cached one
// of either is used before any network). In the kernel's worker the weights
// stay the cache's Blob and tensors are byte ranges of it, read when a session
// loads them (file-range.ts); elsewhere they are held once and tensors are
// views into the buffer (safetensors.ts, torch-bin.ts).
import { DownloadError, MemoryError, type Progress } from '../fetch-bytes.ts';
import { summed } from '../load-folder.ts';
import { absoluteUrl, localModelContext, type CacheSource, type ModelContext } from '../model-cache.ts';
import { formatBytes } from '../model-cache.ts';
import type { BuildBlipGraphs, PretrainedBlip, WeightDtype } from './checkpoint.ts';
import { parseBlipConfig, parseBlipImageProcessor } from './blip-config.ts';
import { checkBlipCheckpoint } from './blip-inventory.ts';
import { CheckpointFormatError, CheckpointMismatchError, HubError } from './errors.ts';
import { resolveSource, type HubSource } from './hub-source.ts';
import { PretrainedBlipModel } from './pretrained-blip-model.ts';
import { readCheckpointRange } from './read-checkpoint.ts';
import { blobRange, bytesRange, syncBlobReader, type FileRange } from './file-range.ts';
import { isPickedFiles, pickedSource } from './picked-files.ts';
import { weightDtypeOf } from './weight-dtype.ts';

export interface FromPretrainedOptions {
  /** torch.float32 (default), torch.float16, torch.bfloat16, or "auto" (config.json's torch_dtype). */
  readonly torch_dtype?: unknown;
  /** Same as torch_dtype (the name newer transformers use). */
  readonly dtype?: unknown;
  /** Branch, tag or commit of a Hub repo; default "main". */
  readonly revision?: string;
  /** Hub server for a repo id; default models.hub.endpoint (https://huggingface.co unless a cell changed it). */
  readonly endpoint?: string;
  /** Gets a line when a download starts and when the load ends (`{ log: print }`). */
  readonly log?: (line: string) => void;
  /** Bytes read over all files (the Model lab's progress bar). */
  readonly onProgress?: Progress;
}

const OPTION_NAMES: readonly string[] = ['torch_dtype', 'dtype', 'revision', 'endpoint', 'log', 'onProgress'];
export const WEIGHT_FILES = ['model.safetensors', 'pytorch_model.bin'] as const;
const SMALL_FILES = ['preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;

function checkOptions(options: unknown): FromPretrainedOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new TypeError('from_pretrained: options must be an object, e.g. { torch_dtype: torch.bfloat16 }');
  for (const key of Object.keys(options))
    if (!OPTION_NAMES.includes(key)) throw new TypeError(`from_pretrained: unknown option "${key}"; the options are ${OPTION_NAMES.join(', ')}`);
  const o = options as FromPretrainedOptions;
  if (o.log !== undefined && typeof o.log !== 'function') throw new TypeError('from_pretrained: log must be a function, e.g. { log: print }');
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw new TypeError('from_pretrained: onProgress must be a function');
  if (o.endpoint !== undefined && typeof o.endpoint !== 'string') throw new TypeError('from_pretrained: endpoint must be a URL string');
  if (o.revision !== undefined && typeof o.revision !== 'string') throw new TypeError('from_pretrained: revision must be a string');
  if (o.dtype !== undefined && o.torch_dtype !== undefined && o.dtype !== o.torch_dtype) throw new TypeError('from_pretrained: dtype and torch_dtype disagree; give one');
  return o;
}

/** A DownloadError as what it means for a Hub load. */
function hubError(e: DownloadError, file: string, url: string, src: HubSource): HubError {
  const where = src.kind === 'repo' ? `the repo ${src.repo} (revision ${src.revision})` : src.label;
  if (e.status === 404) {
    const what = file === 'config.json' ? `${where} has no config.json: no such repo or revision, or not a transformers model` : `${where} has no ${file}`;
    return new HubError(`${what} (HTTP 404 at ${url})`, 'not-found', url);
  }
  if (e.status === 401 || e.status === 403)
    return new HubError(
      `${where} is gated or private, or does not exist (HTTP ${e.status} at ${url}): logging in to the Hub is not supported here. ` +
        'A teacher can download the files once and serve them from a school server (set models.hub.endpoint, or pass the folder URL)',
      'gated',
      url,
    );
  if (e.kind === 'unreachable')
    return new HubError(
      `could not reach ${new URL(url).host} for ${file} (${e.message}): offline, or the server does not allow this page (CORS). ` +
        'Nothing was stored. The tiny BLIP runs offline: models.load("tiny-blip")',
      'unreachable',
      url,
    );
  if (e.kind === 'cut-off') return new HubError(`the download of ${file} was cut off (${e.message}); nothing of it was stored, run the cell again to retry`, 'cut-off', url);
  return new HubError(`could not fetch ${file} from ${where}: ${e.message}`, 'http', url);
}

export interface Fetched {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly url: string;
}

/** Where from_pretrained's files come from: the network through the model cache, or files the student picked. */
export interface FileSource {
  readonly label: string;
  read(file: string): Promise<Fetched>;
  /**
   * The weights file as a range reader over its Blob, where this context can read a Blob in ranges
   * (a worker: FileReaderSync) and the source has a Blob (the kernel's bridge, picked files): the
   * 990 MB are then never in memory whole (file-range.ts). Absent: `read` (one buffer) is used.
   */
  open?(file: string): Promise<{ readonly range: FileRange; readonly url: string }>;
  /** Whether `file` can be had without the network (cached, or among the picked files). */
  has(file: string): Promise<boolean>;
  /** Forgets a cached copy (a file that proved unusable). */
  forget(file: string): Promise<unknown>;
  /** The log line once everything is read. */
  summary(weights: string): string;
}

/** Reads files through the model cache, mapping failures to HubErrors; tallies bytes for the log line. */
function networkSource(src: HubSource, options: FromPretrainedOptions, context: ModelContext): FileSource {
  // In a cell this is the page's store, reached through the kernel's model-file bridge: the page
  // downloads and keeps the files (app/offline/model-bridge.ts).
  const store = context.files;
  const progress = summed(options.onProgress);
  const tally = { downloaded: 0, fromCache: 0, downloading: false, notCached: null as string | null };
  const onDownload = (): void => {
    if (!tally.downloading) options.log?.(`Downloading ${src.label} …`);
    tally.downloading = true;
  };
  const urlOf = (file: string): string => absoluteUrl(src.fileUrl(file), context.pageUrl);
  const reader = syncBlobReader();
  const fetchBlob = store.fetchBlob?.bind(store);
  return {
    label: src.label,
    async read(file) {
      const url = urlOf(file);
      try {
        const got = await store.fetch(url, { onProgress: progress(url), onDownload });
        if (got.fromCache) tally.fromCache += got.bytes.length;
        else tally.downloaded += got.bytes.length;
        if (got.notCached !== undefined) tally.notCached ??= got.notCached;
        return { bytes: got.bytes, url };
      } catch (e) {
        throw e instanceof DownloadError ? hubError(e, file, url, src) : e;
      }
    },
    ...(fetchBlob === undefined || reader === null
      ? {}
      : {
          async open(file: string) {
            const url = urlOf(file);
            try {
              const got = await fetchBlob(url, { onProgress: progress(url), onDownload });
              if (got.fromCache) tally.fromCache += got.blob.size;
              else tally.downloaded += got.blob.size;
              if (got.notCached !== undefined) tally.notCached ??= got.notCached;
              return { range: blobRange(got.blob, url, reader), url };
            } catch (e) {
              throw e instanceof DownloadError ? hubError(e, file, url, src) : e;
            }
          },
        }),
    has: async (file) => {
      const url = urlOf(file);
      return (await store.list()).some((f) => f.url === url);
    },
    forget: (file) => store.remove(urlOf(file)),
    summary: (weights) =>
      !tally.downloading
        ? `Loaded ${src.label} (${weights}) from this browser's cache (${formatBytes(tally.fromCache)})`
        : tally.notCached !== null
          ? `Downloaded ${formatBytes(tally.downloaded)} of ${src.label} (${weights}); not kept for offline use: ${tally.notCached}`
          : `Downloaded ${formatBytes(tally.downloaded)} of ${src.label} (${weights}); cached for offline use${tally.fromCache > 0 ? ` (${formatBytes(tally.fromCache)} was already cached)` : ''}`,
  };
}

const parseJson = (f: Fetched, file: string): unknown => {
  try {
    return JSON.parse(new TextDecoder().decode(f.bytes));
  } catch (e) {
    throw new CheckpointFormatError(`${f.url}: ${file} is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
};

export interface FromPretrainedDeps<Model> {
  /**
   * Where files come from and what a relative URL means (createModels passes the kernel's: the
   * page's store through the bridge, and the page's URL); default this context's own cache.
   */
  readonly context?: ModelContext;
  /** Shorthand for tests: this context's cache API replaced by `caches` (an in-memory one). */
  readonly caches?: CacheSource;
  /**
   * The graph side (branch h-graph's blipHubBuilder): builds the runnable model from the
   * checked checkpoint. Without it the result is a PretrainedBlipModel (no run()).
   */
  readonly build?: BuildBlipGraphs<Model>;
}

/** Loads and checks everything, then hands it to `deps.build` (or wraps it in a PretrainedBlipModel). */
export async function fromPretrained(source: unknown, rawOptions?: unknown, deps?: FromPretrainedDeps<never> & { readonly build?: undefined }): Promise<PretrainedBlipModel>;
export async function fromPretrained<Model>(source: unknown, rawOptions: unknown, deps: FromPretrainedDeps<Model> & { readonly build: BuildBlipGraphs<Model> }): Promise<Model>;
export async function fromPretrained<Model>(source: unknown, rawOptions?: unknown, deps: FromPretrainedDeps<Model> = {}): Promise<Model | PretrainedBlipModel> {
  const options = checkOptions(rawOptions);
  let files: FileSource;
  if (isPickedFiles(source)) {
    if (options.endpoint !== undefined || options.revision !== undefined) throw new TypeError('from_pretrained: endpoint and revision are for Hub repo ids, not picked files');
    files = pickedSource(source, options.onProgress);
  } else if (typeof source === 'string') {
    const context = deps.context ?? localModelContext(deps.caches);
    const src = resolveSource(source, { ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }), ...(options.revision === undefined ? {} : { revision: options.revision }) }, (url) => absoluteUrl(url, context.pageUrl));
    files = networkSource(src, options, context);
  } else throw new TypeError('from_pretrained: source must be a Hub repo id ("Salesforce/blip-image-captioning-base"), a folder URL, or the picked files of a checkpoint folder');
  const requested = options.torch_dtype ?? options.dtype;
  // A bad dtype fails before anything is fetched ("auto" needs config.json: checked after it).
  if (requested !== undefined && requested !== 'auto') weightDtypeOf(requested, 'from_pretrained: torch_dtype');

  const configFile = await files.read('config.json');
  let config;
  try {
    config = parseBlipConfig(parseJson(configFile, 'config.json'), `${files.label}/config.json`);
  } catch (e) {
    await files.forget('config.json'); // keep nothing of a model that cannot load
    throw e;
  }
  const dtype: WeightDtype = requested === undefined ? 'float32' : weightDtypeOf(requested, 'from_pretrained: torch_dtype', { configDtype: config.torch_dtype });
  const [preprocessorFile, tokenizerFile, tokenizerConfigFile] = await Promise.all([files.read(SMALL_FILES[0]), files.read(SMALL_FILES[1]), files.read(SMALL_FILES[2])]);

  // A cached weights file first (offline reloads), else safetensors, else on 404 the .bin.
  let weightsName: (typeof WEIGHT_FILES)[number] = (await files.has('model.safetensors')) || !(await files.has('pytorch_model.bin')) ? 'model.safetensors' : 'pytorch_model.bin';
  // The weights in ranges of their Blob where the source can (a worker), else in one buffer.
  const readWeights = async (name: string): Promise<FileRange> => {
    if (files.open !== undefined) return (await files.open(name)).range;
    const got = await files.read(name);
    return bytesRange(got.bytes, got.url);
  };
  let weights: FileRange;
  try {
    weights = await readWeights(weightsName);
  } catch (e) {
    if (!(e instanceof HubError) || e.kind !== 'not-found' || weightsName !== 'model.safetensors') throw e;
    weightsName = 'pytorch_model.bin';
    try {
      weights = await readWeights(weightsName);
    } catch (e2) {
      if (e2 instanceof HubError && e2.kind === 'not-found')
        throw new HubError(`${files.label} has neither model.safetensors nor pytorch_model.bin (sharded checkpoints, *.index.json, are not read)`, 'not-found', e2.url);
      throw e2;
    }
  }

  let pretrained: PretrainedBlip;
  try {
    const checkpoint = readCheckpointRange(weights);
    checkBlipCheckpoint(checkpoint, config);
    pretrained = Object.freeze({
      source: files.label,
      config,
      preprocessor: parseBlipImageProcessor(parseJson(preprocessorFile, 'preprocessor_config.json'), `${files.label}/preprocessor_config.json`),
      tokenizerJson: parseJson(tokenizerFile, 'tokenizer.json') as object,
      tokenizerConfig: parseJson(tokenizerConfigFile, 'tokenizer_config.json') as object,
      checkpoint,
      dtype,
    });
  } catch (e) {
    // A corrupt or unfitting weights file must not be served from the cache next time.
    if (e instanceof CheckpointFormatError || e instanceof CheckpointMismatchError) await files.forget(weightsName);
    if (e instanceof RangeError) throw new MemoryError(`out of memory while reading ${weightsName} (${formatBytes(weights.size)}): ${e.message}`, weights.size);
    throw e;
  }
  // Building may itself run out of memory; its error says how much (graph side).
  const model = deps.build === undefined ? new PretrainedBlipModel(pretrained) : await deps.build(pretrained);
  options.log?.(files.summary(weightsName));
  return model;
}
