// The `models` and `ocr` objects cells see (and the model lab uses).
import { loadModel } from '../onnx/model.ts';
import { fileUrl, listManifests, manifestOf, roleFiles, type ModelManifest } from './catalog.ts';
import { fetchBytes, type Progress } from './fetch-bytes.ts';
import { LabModel } from './lab-model.ts';
import { ocrTask } from './ocr-task.ts';
import type { TaskRunner } from './task.ts';

export { LabModel } from './lab-model.ts';
export { ocr } from './ocr-inputs.ts';
export { blip } from './blip/blip-helpers.ts';
import { loadBlip } from './blip/load-blip.ts';
import type { BlipModel } from './blip/blip-model.ts';

export interface LoadOptions {
  readonly onProgress?: Progress;
}

async function taskFor(manifest: ModelManifest): Promise<TaskRunner> {
  if (manifest.task === 'text-recognition') {
    const keys = new TextDecoder().decode(await fetchBytes(fileUrl(manifest, 'keys')));
    return ocrTask(keys);
  }
  throw new Error(`model "${manifest.id}": the task "${manifest.task}" cannot run here yet`);
}

/**
 * A model folder at a URL (e.g. an exported Salesforce/blip-image-captioning-base):
 * only what the user asks for is fetched from another host.
 */
async function loadFolder(url: string, options: LoadOptions): Promise<BlipModel> {
  const folder = url.endsWith('/') ? url : `${url}/`;
  const id = folder.replace(/\/$/, '').replace(/^.*\//, '');
  const config: unknown = JSON.parse(new TextDecoder().decode(await fetchBytes(`${folder}config.json`)));
  const architecture = typeof config === 'object' && config !== null && 'architectures' in config && Array.isArray(config.architectures) ? String(config.architectures[0]) : '';
  if (architecture !== 'BlipForConditionalGeneration') throw new Error(`${folder}config.json: a ${architecture || 'model'} folder; only BLIP captioning folders load from a URL`);
  return loadBlip({ id, name: id, task: 'image-captioning', files: [] }, folder, options.onProgress);
}

const isCaptioner = (m: ModelManifest): boolean =>
  m.task === 'image-captioning' || ('architecture' in m && m.architecture === 'BlipForConditionalGeneration');

export const models = Object.freeze({
  /** The ids of the models that ship with the app. */
  list(): string[] {
    return listManifests().map((m) => m.id);
  },
  async load(id: string, options: LoadOptions = {}): Promise<LabModel | BlipModel> {
    if (id.includes('/')) return loadFolder(id, options);
    const manifest = manifestOf(id);
    if (isCaptioner(manifest)) return loadBlip(manifest, `${import.meta.env.BASE_URL}models/${manifest.id}/`, options.onProgress);
    const bytes = await fetchBytes(fileUrl(manifest, 'model'), options.onProgress);
    const proto = loadModel(bytes, `${id}/${roleFiles(manifest)['model'] ?? 'model'}`);
    return new LabModel(manifest, proto, proto, 'fp32', null, await taskFor(manifest), [], bytes);
  },
  toString: () => `models: ${listManifests().map((m) => m.id).join(', ')}`,
});
