// The `models`, `ocr` and `blip` objects cells see. `models` is made by createModels(context) where
// the models are created (the kernel's lazy built-in, app/kernel/runtime/builtins.ts), with the
// ModelContext it is given: where files loaded by URL come from and what a relative URL means.
import { loadModel } from '../onnx/model.ts';
import { fileUrl, listManifests, manifestOf, roleFiles, type ModelManifest } from './catalog.ts';
import { fetchBytes, type Progress } from './fetch-bytes.ts';
import { loadFolder } from './load-folder.ts';
import { absoluteUrl, type CachedFile, type ModelContext } from './model-cache.ts';
import { OnnxModel } from './onnx-model.ts';
import { ocrTask } from './ocr/ocr-task.ts';
import type { TaskRunner } from './task.ts';
import { webgpuStatus } from './backend.ts';
import { isBackendChoice, threadsAvailable, type BackendChoice } from './ort.ts';

export { OnnxModel } from './onnx-model.ts';
export { ocr } from './ocr/ocr-inputs.ts';
export { blip } from './blip/blip-helpers.ts';
import { loadBlip } from './blip/load-blip.ts';
import type { BlipModel } from './blip/blip-model.ts';
import { fromPretrained } from './hub/from-pretrained.ts';
import { hubSettings } from './hub/hub-source.ts';
import type { PickedFile } from './hub/picked-files.ts';
import type { BlipHubModel } from './blip-hub/blip-hub-model.ts';
import { blipHubBuilder } from './blip-hub/from-checkpoint.ts';
import { webRuntime } from './blip-hub/web-runtime.ts';
import { blipMemoryFootprint } from './hub/blip-inventory.ts';
import { splitFallback, withOfflineFallback } from './hub/offline-fallback.ts';

export interface LoadOptions {
  readonly onProgress?: Progress;
  /** For a URL: gets one line when the download starts and one when the load ends, e.g. `{ log: print }`. */
  readonly log?: (line: string) => void;
  /**
   * Where the model's sessions run (not BLIP's, which run on WASM): 'auto' (the default) is
   * WebGPU when the browser gives an adapter, else WASM; 'webgpu' without one runs on WASM and
   * says so through `log`. Variants made with .to()/.quantize() keep it.
   */
  readonly backend?: BackendChoice;
}

export interface BackendInfo {
  readonly backend: 'wasm' | 'webgpu';
  readonly available: boolean;
  readonly detail: string;
}

async function taskFor(manifest: ModelManifest): Promise<TaskRunner> {
  if (manifest.task === 'text-recognition') {
    const keys = new TextDecoder().decode(await fetchBytes(fileUrl(manifest, 'keys')));
    return ocrTask(keys);
  }
  throw new Error(`model "${manifest.id}": the task "${manifest.task}" cannot run here yet`);
}

const isCaptioner = (m: ModelManifest): boolean =>
  m.task === 'image-captioning' || ('architecture' in m && m.architecture === 'BlipForConditionalGeneration');

/** The `models` built-in over `context`: where model files and image URLs come from, and the page a relative URL means. */
export function createModels(context: ModelContext) {
  return Object.freeze({
    /** The ids of the models that ship with the app. */
    list(): string[] {
      return listManifests().map((m) => m.id);
    },
    async load(id: string, options: LoadOptions = {}): Promise<OnnxModel | BlipModel> {
      const backend = options.backend ?? 'auto';
      if (!isBackendChoice(backend)) throw new TypeError(`models.load: backend must be "auto", "wasm" or "webgpu", not ${JSON.stringify(backend)}`);
      if (id.includes('/')) return loadFolder(id, context, options);
      const manifest = manifestOf(id);
      if (isCaptioner(manifest)) return loadBlip(manifest, `${import.meta.env.BASE_URL}models/${manifest.id}/`, { ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }), context });
      const bytes = await fetchBytes(fileUrl(manifest, 'model'), options.onProgress);
      const proto = loadModel(bytes, `${id}/${roleFiles(manifest)['model'] ?? 'model'}`);
      return new OnnxModel({ manifest, original: proto, task: await taskFor(manifest), bytes, runtime: { backend, log: options.log } });
    },
    /**
     * transformers' BlipForConditionalGeneration.from_pretrained: a Hub repo id
     * ("Salesforce/blip-image-captioning-base", from models.hub.endpoint), a folder URL, or the picked Files of a checkpoint folder;
     * options { torch_dtype, dtype, revision, endpoint, log }, and ours: `fallback: "tiny-blip"` loads that
     * shipped model (saying so) when the Hub cannot be reached. Files go through this browser's
     * model cache (offline afterwards); model.safetensors, else pytorch_model.bin.
     */
    async from_pretrained(source: string | readonly PickedFile[], options?: unknown): Promise<BlipHubModel | BlipModel> {
      // `fallback` is ours (offline-fallback.ts), the rest is transformers'.
      const split = splitFallback(options);
      // hub/ reads and checks the checkpoint; blip-hub/ builds its graphs in the page.
      const load = () => fromPretrained(source, split.options, {
        context,
        build: (blip) => blipHubBuilder(() => webRuntime(), { footprint: (dtype) => blipMemoryFootprint(blip.config, dtype), context })(blip),
      });
      if (split.fallback === undefined) return load();
      // An unknown or non-captioning fallback fails now, not only on the day the Hub is down.
      const manifest = manifestOf(split.fallback);
      if (!isCaptioner(manifest)) throw new TypeError(`from_pretrained: fallback "${split.fallback}" is not a captioning model (BLIP); e.g. { fallback: "tiny-blip" }`);
      return withOfflineFallback(load, split.fallback, () => loadBlip(manifest, `${import.meta.env.BASE_URL}models/${manifest.id}/`, { context }), split.log);
    },
    /** Settings for from_pretrained: `models.hub.endpoint = "https://school.example/hf"` (default https://huggingface.co). */
    hub: hubSettings,
    /** The backends this browser offers here, and why WebGPU is not among them when it is not. */
    async backends(): Promise<BackendInfo[]> {
      const gpu = await webgpuStatus();
      return [
        { backend: 'wasm', available: true, detail: `WebAssembly SIMD, ${threadsAvailable() ? 'threads possible (cross-origin isolated)' : 'one thread (not cross-origin isolated)'}` },
        { backend: 'webgpu', available: gpu.available, detail: gpu.available ? gpu.adapter : gpu.reason },
      ];
    },
    /** The model files loaded from URLs and kept in this browser (for offline use), with sizes. */
    cached(): Promise<CachedFile[]> {
      return context.files.list();
    },
    /** Bytes those files take. */
    async cached_total(): Promise<number> {
      return (await context.files.list()).reduce((n, f) => n + f.bytes, 0);
    },
    /** Forgets a cached file, or every file under a folder URL; returns how many files went. */
    remove(url: string): Promise<number> {
      return context.files.remove(absoluteUrl(String(url), context.pageUrl));
    },
    toString: () => `models: ${listManifests().map((m) => m.id).join(', ')}`,
  });
}
