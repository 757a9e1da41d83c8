// Node-only test helper: the shared micro BLIP checkpoint written by transformers 4.27.1
// (../shared/hf-blip beside the clone in CI, /work/shared here; see its README) and its golden
// outputs. Found by walking up from this file; missing → an error naming where it looked, so
// a test fails rather than passing without it. Its model.safetensors is read with the minimal
// stand-in parser until app/models/hub's reader is merged.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckpointTensor } from './checkpoint-weights.ts';
import { readSafetensorsLite } from './safetensors-lite.ts';

export function findHfBlip(): string {
  const tried: string[] = [];
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    for (const candidate of [resolve(dir, 'shared/hf-blip'), resolve(dir, '../shared/hf-blip')]) {
      tried.push(candidate);
      if (existsSync(resolve(candidate, 'micro-a/model.safetensors'))) return candidate;
    }
    if (dirname(dir) === dir) break;
  }
  throw new Error(`the shared BLIP fixture (shared/hf-blip with micro-a/ and micro-a-golden/) was not found; looked in ${[...new Set(tried)].slice(0, 6).join(', ')}, …`);
}

export interface GoldenImage {
  readonly file: string;
  /** `steps[i].top5`: the 5 best [id, logit] generate() saw at step i (no logits processors are active); `gap` = top1 − top2. */
  readonly greedy: { readonly ids: number[]; readonly caption: string; readonly min_gap: number; readonly steps: { readonly top5: [number, number][]; readonly gap: number }[] };
  readonly beam3: { readonly ids: number[]; readonly sequence_score: number; readonly caption: string };
  readonly prompt: { readonly input_ids: number[]; readonly ids: number[]; readonly caption: string };
  readonly bf16: { readonly ids: number[]; readonly steps: { readonly gap: number }[] };
}

export interface HfBlipFixture {
  readonly dir: string;
  readonly config: unknown;
  readonly preprocessor: unknown;
  readonly tokenizer: object;
  readonly tokenizerConfig: object;
  readonly safetensors: Uint8Array;
  readonly tensors: Map<string, CheckpointTensor>;
  readonly golden: { readonly images: GoldenImage[]; readonly prompt: { readonly text: string }; readonly footprint: Record<string, number> };
  /** Raw float32 file of the golden folder (pixel_values/img0.f32, …). */
  f32(path: string): Float32Array;
  png(file: string): Uint8Array;
}

export function loadHfBlip(): HfBlipFixture {
  const dir = findHfBlip();
  const micro = (f: string) => resolve(dir, 'micro-a', f);
  const json = (p: string): unknown => JSON.parse(readFileSync(p, 'utf8'));
  const file = readFileSync(micro('model.safetensors'));
  // A fresh ArrayBuffer of exactly the file (a Node Buffer may sit in a shared pool).
  const safetensors = new Uint8Array(file.byteLength);
  safetensors.set(file);
  return {
    dir,
    config: json(micro('config.json')),
    preprocessor: json(micro('preprocessor_config.json')),
    tokenizer: json(micro('tokenizer.json')) as object,
    tokenizerConfig: json(micro('tokenizer_config.json')) as object,
    safetensors,
    tensors: readSafetensorsLite(safetensors, 'micro-a/model.safetensors'),
    golden: json(resolve(dir, 'micro-a-golden/golden.json')) as HfBlipFixture['golden'],
    f32: (p) => {
      const b = readFileSync(resolve(dir, 'micro-a-golden', p));
      return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    },
    png: (f) => new Uint8Array(readFileSync(resolve(dir, f))),
  };
}
