// Stand-in for from_pretrained (app/models/hub on branch h-hub replaces it at merge): a folder
// URL in the Hub's file layout (config.json, preprocessor_config.json, tokenizer.json,
// tokenizer_config.json, model.safetensors), every file through the model cache, built into a
// BlipHubModel on onnxruntime-web. Used by `npm run bench blip` (cache → first caption, memory).
import { Tokenizer } from '@huggingface/tokenizers';
import { absoluteUrl, fetchStored } from '../model-store.ts';
import { BlipHubModel } from './blip-hub-model.ts';
import { readSafetensorsLite } from './safetensors-lite.ts';
import { webRuntime } from './web-runtime.ts';

export interface HubFolderOptions {
  readonly log?: (line: string) => void;
  readonly threads?: number;
}

export async function loadHubFolder(url: string, options: HubFolderOptions = {}): Promise<BlipHubModel> {
  const folder = absoluteUrl(url.endsWith('/') ? url : `${url}/`);
  let downloaded = 0;
  let cached = 0;
  const read = async (file: string): Promise<Uint8Array<ArrayBuffer>> => {
    const got = await fetchStored(`${folder}${file}`);
    if (got.fromCache) cached += got.bytes.length;
    else downloaded += got.bytes.length;
    return got.bytes;
  };
  const json = async (file: string): Promise<unknown> => JSON.parse(new TextDecoder().decode(await read(file)));
  const [config, preprocessor, tokenizerJson, tokenizerConfig] = await Promise.all([
    json('config.json'), json('preprocessor_config.json'), json('tokenizer.json'), json('tokenizer_config.json'),
  ]);
  const tensors = readSafetensorsLite(await read('model.safetensors'), `${folder}model.safetensors`);
  options.log?.(`Read ${folder}: ${(downloaded / 1e6).toFixed(1)} MB downloaded, ${(cached / 1e6).toFixed(1)} MB from this browser's cache`);
  return new BlipHubModel({
    id: folder, tensors, config, preprocessor,
    tokenizer: new Tokenizer(tokenizerJson as object, tokenizerConfig as object),
    runtime: await webRuntime(options.threads === undefined ? {} : { threads: options.threads }),
  });
}
