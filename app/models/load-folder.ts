// A BLIP folder at a URL the student gives (e.g. an exported
// Salesforce/blip-image-captioning-base, hundreds of MB): every file goes
// through this browser's model cache, so the next load, or one while offline,
// downloads nothing. Only what the student asks for is fetched from another host.
import type { BlipModel } from './blip/blip-model.ts';
import { loadBlip } from './blip/load-blip.ts';
import type { Progress } from './fetch-bytes.ts';
import { absoluteUrl, formatBytes, type ModelContext } from './model-cache.ts';

export interface FolderOptions {
  /** Bytes read so far over all files; total is null until every started file's size is known. */
  readonly onProgress?: Progress;
  /** Gets a line when a download starts and when the load ends (a cell passes `print`). */
  readonly log?: (line: string) => void;
}

/** One progress callback per file, reported to `onProgress` as one sum. */
export function summed(onProgress: Progress | undefined): (url: string) => Progress {
  const files = new Map<string, { loaded: number; total: number | null }>();
  return (url) => (loaded, total) => {
    files.set(url, { loaded, total });
    let sum = 0;
    let size: number | null = 0;
    for (const f of files.values()) {
      sum += f.loaded;
      size = size === null || f.total === null ? null : size + f.total;
    }
    onProgress?.(sum, size);
  };
}

/** The folder's files come through `context` (in a cell: the page fetches and stores them), relative to its page. */
export async function loadFolder(url: string, context: ModelContext, options: FolderOptions = {}): Promise<BlipModel> {
  const folder = absoluteUrl(url.endsWith('/') ? url : `${url}/`, context.pageUrl);
  const id = folder.replace(/\/$/, '').replace(/^.*\//, '');
  const progress = summed(options.onProgress);
  const store = context.files;
  let downloading = false;
  let downloaded = 0;
  let fromCache = 0;
  let notCached: string | null = null;
  // One line for the whole folder, not one per file: output must not flood.
  const onDownload = (): void => {
    if (!downloading) options.log?.(`Downloading ${folder} …`);
    downloading = true;
  };
  const read = async (file: string): Promise<Uint8Array<ArrayBuffer>> => {
    const got = await store.fetch(file, { onProgress: progress(file), onDownload });
    if (got.fromCache) fromCache += got.bytes.length;
    else downloaded += got.bytes.length;
    if (got.notCached !== undefined) notCached ??= got.notCached;
    return got.bytes;
  };
  // config.json is read here and again by loadBlip: once is enough, and counted once.
  const files = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();
  const fetchFile = (file: string): Promise<Uint8Array<ArrayBuffer>> => {
    let got = files.get(file);
    if (got === undefined) files.set(file, (got = read(file)));
    return got;
  };

  const config: unknown = JSON.parse(new TextDecoder().decode(await fetchFile(`${folder}config.json`)));
  const architecture = typeof config === 'object' && config !== null && 'architectures' in config && Array.isArray(config.architectures) ? String(config.architectures[0]) : '';
  if (architecture !== 'BlipForConditionalGeneration') {
    // Not a model we can load: keep nothing of it.
    await store.remove(`${folder}config.json`);
    throw new Error(`${folder}config.json: a ${architecture || 'model'} folder; only BLIP captioning folders load from a URL`);
  }
  const model = await loadBlip({ id, name: id, task: 'image-captioning', files: [] }, folder, { fetchFile, context });
  options.log?.(
    !downloading
      ? `Loaded ${folder} from this browser's cache (${formatBytes(fromCache)})`
      : notCached !== null
        ? `Downloaded ${formatBytes(downloaded)} from ${folder}; not kept for offline use: ${notCached}`
        : `Downloaded ${formatBytes(downloaded)} from ${folder}; cached for offline use${fromCache > 0 ? ` (${formatBytes(fromCache)} was already cached)` : ''}`,
  );
  return model;
}
