// The bench's BLIP-base-sized checkpoint folder (scripts/make-blip-base-random.ts: model.safetensors,
// config, preprocessor and tokenizer files) as a BlipHubModel on `runtime`, read whole in Node.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { BlipHubModel } from '../app/models/blip-hub/blip-hub-model.ts';
import type { BlipHubRuntime } from '../app/models/blip-hub/blip-hub-sessions.ts';
import { readSafetensorsLite } from '../app/models/blip-hub/safetensors-lite.ts';

export function blipFromFolder(dir: string, id: string, runtime: BlipHubRuntime): BlipHubModel {
  const json = (f: string): unknown => JSON.parse(readFileSync(resolve(dir, f), 'utf8'));
  const file = readFileSync(resolve(dir, 'model.safetensors'));
  const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength) as Uint8Array<ArrayBuffer>;
  return new BlipHubModel({
    id,
    tensors: readSafetensorsLite(bytes, 'model.safetensors'),
    config: json('config.json'),
    preprocessor: json('preprocessor_config.json'),
    tokenizer: new Tokenizer(json('tokenizer.json') as object, json('tokenizer_config.json') as object),
    runtime,
  });
}
