// Loads a BLIP folder (the Hugging Face-style export layout) into a BlipModel,
// checking that its parts fit together before anything runs.
import { Tokenizer } from '@huggingface/tokenizers';
import { loadModel } from '../../onnx/model.ts';
import type { ModelManifest } from '../catalog.ts';
import { fetchBytes, type Progress } from '../fetch-bytes.ts';
import { OnnxModel } from '../onnx-model.ts';
import type { TaskRunner } from '../task.ts';
import { BlipModel } from './blip-model.ts';
import type { PreprocessorConfig } from './preprocess.ts';
import type { ModelContext } from '../model-cache.ts';

export const BLIP_FILES = ['vision_model.onnx', 'text_decoder_model.onnx', 'config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;

export class BlipFilesError extends Error {
  override name = 'BlipFilesError';
}

const graphOnly: TaskRunner = {
  task: 'blip-part',
  run: () => Promise.reject(new Error('run the BLIP model itself, not one of its graphs')),
};

interface BlipConfig {
  readonly text_config?: { readonly bos_token_id?: number; readonly sep_token_id?: number };
  readonly bos_token_id?: number;
  readonly decoder_start_token_id?: number;
  readonly sep_token_id?: number;
  readonly max_length?: number;
}

/** How a file is read: the network (shipped models) or the model cache (URLs the student gave). */
export type FetchFile = (url: string, onProgress?: Progress) => Promise<Uint8Array>;

const json = async <T>(url: string, fetchFile: FetchFile): Promise<T> => {
  const text = new TextDecoder().decode(await fetchFile(url));
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new BlipFilesError(`${url} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
};

const lastDim = (shape: readonly (number | string)[] | undefined): number | string | undefined => shape?.[shape.length - 1];

export interface LoadBlipOptions {
  /** Progress of the vision graph's download (the largest file). */
  readonly onProgress?: Progress;
  /** How a file is read (default fetchBytes; a folder by URL goes through the model cache). */
  readonly fetchFile?: FetchFile;
  /** Where run(image) fetches an image URL from (default this context's own cache and page). */
  readonly context?: ModelContext;
}

/** Loads the BLIP files in `folder` (a URL ending in '/'); `manifest` names it. */
export async function loadBlip(manifest: ModelManifest, folder: string, options: LoadBlipOptions = {}): Promise<BlipModel> {
  const { onProgress, fetchFile = fetchBytes } = options;
  const url = (f: string) => `${folder}${f}`;
  const [visionBytes, decoderBytes] = await Promise.all([fetchFile(url('vision_model.onnx'), onProgress), fetchFile(url('text_decoder_model.onnx'))]);
  const [config, preprocessor, tokenizerJson, tokenizerConfig] = await Promise.all([
    json<BlipConfig>(url('config.json'), fetchFile),
    json<PreprocessorConfig>(url('preprocessor_config.json'), fetchFile),
    json<object>(url('tokenizer.json'), fetchFile),
    json<object>(url('tokenizer_config.json'), fetchFile),
  ]);
  const vision = loadModel(visionBytes, `${manifest.id}/vision_model.onnx`);
  const decoder = loadModel(decoderBytes, `${manifest.id}/text_decoder_model.onnx`);
  const visionModel = new OnnxModel({ manifest, original: vision, task: graphOnly, bytes: visionBytes });
  const decoderModel = new OnnxModel({ manifest, original: decoder, task: graphOnly, bytes: decoderBytes });

  const embedDim = lastDim(visionModel.summary().outputs[0]?.shape);
  const crossDim = lastDim(decoderModel.summary().inputs.find((i) => i.name === 'encoder_hidden_states')?.shape);
  if (crossDim === undefined) throw new BlipFilesError(`${manifest.id}: text_decoder_model.onnx has no encoder_hidden_states input; is it a BLIP text decoder?`);
  if (typeof embedDim === 'number' && typeof crossDim === 'number' && embedDim !== crossDim)
    throw new BlipFilesError(`${manifest.id}: the vision model makes ${embedDim}-wide image embeddings but the decoder expects ${crossDim}; the two graphs do not belong together`);

  const tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
  const bos = config.decoder_start_token_id ?? config.text_config?.bos_token_id ?? config.bos_token_id;
  const sep = config.text_config?.sep_token_id ?? config.sep_token_id;
  if (bos === undefined || sep === undefined) throw new BlipFilesError(`${manifest.id}/config.json: bos_token_id and sep_token_id are required`);
  if (tokenizer.id_to_token(bos) !== '[DEC]') throw new BlipFilesError(`${manifest.id}: the tokenizer has no [DEC] token at id ${bos} (found ${tokenizer.id_to_token(bos) ?? 'nothing'}); BLIP starts captions from [DEC]`);
  return new BlipModel({ id: manifest.id, vision: visionModel, decoder: decoderModel, tokenizer, preprocessor, specials: { bos, sep }, maxLength: config.max_length ?? 20, ...(options.context === undefined ? {} : { context: options.context }) });
}
