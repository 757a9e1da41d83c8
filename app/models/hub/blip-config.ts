// config.json → BlipConfig, and preprocessor_config.json → BlipImageProcessorConfig,
// with transformers 4.x's defaults (BlipVisionConfig / BlipTextConfig /
// BlipImageProcessor __init__) for fields a file leaves out. A config for any
// other model is refused naming its model_type and architectures; a value the
// graphs cannot honour (another activation, another resample filter) is refused
// naming the field, never silently replaced.
import type { BlipConfig, BlipImageProcessorConfig, BlipTextConfig, BlipVisionConfig } from './checkpoint.ts';
import { UnsupportedModelError } from './errors.ts';

const VISION_DEFAULTS = {
  hidden_size: 768,
  intermediate_size: 3072,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  num_channels: 3,
  image_size: 384,
  patch_size: 16,
  layer_norm_eps: 1e-5,
} as const;

const TEXT_DEFAULTS = {
  vocab_size: 30524,
  hidden_size: 768,
  encoder_hidden_size: 768,
  intermediate_size: 3072,
  num_hidden_layers: 12,
  num_attention_heads: 8,
  max_position_embeddings: 512,
  layer_norm_eps: 1e-12,
  bos_token_id: 30522,
  eos_token_id: 2,
  pad_token_id: 0,
  sep_token_id: 102,
  // PretrainedConfig's generate() default
  max_length: 20,
} as const;

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function field(obj: Json, key: string, fallback: number, where: string, kind: 'count' | 'id' | 'eps'): number {
  const v = obj[key] ?? fallback;
  const ok = typeof v === 'number' && (kind === 'eps' ? v > 0 && v < 1 : Number.isSafeInteger(v) && (kind === 'id' ? v >= 0 : v > 0));
  if (!ok) throw new UnsupportedModelError(`${where}.${key} is ${JSON.stringify(v)}; expected ${kind === 'eps' ? 'a small positive number' : kind === 'id' ? 'a token id (integer ≥ 0)' : 'a positive integer'}`);
  return v as number;
}

function gelu(obj: Json, where: string): 'gelu' {
  const act = obj['hidden_act'] ?? 'gelu';
  if (act !== 'gelu') throw new UnsupportedModelError(`${where}.hidden_act is ${JSON.stringify(act)}; only "gelu" (exact, erf) BLIP checkpoints are built here`);
  return 'gelu';
}

function vision(obj: Json, where: string): BlipVisionConfig {
  const n = (key: keyof typeof VISION_DEFAULTS, kind: 'count' | 'eps' = 'count') => field(obj, key, VISION_DEFAULTS[key], where, kind);
  const c: BlipVisionConfig = {
    hidden_size: n('hidden_size'),
    intermediate_size: n('intermediate_size'),
    num_hidden_layers: n('num_hidden_layers'),
    num_attention_heads: n('num_attention_heads'),
    num_channels: n('num_channels'),
    image_size: n('image_size'),
    patch_size: n('patch_size'),
    hidden_act: gelu(obj, where),
    layer_norm_eps: n('layer_norm_eps', 'eps'),
  };
  if (c.hidden_size % c.num_attention_heads !== 0) throw new UnsupportedModelError(`${where}: hidden_size ${c.hidden_size} is not a multiple of num_attention_heads ${c.num_attention_heads}`);
  if (c.patch_size > c.image_size) throw new UnsupportedModelError(`${where}: patch_size ${c.patch_size} is larger than image_size ${c.image_size}`);
  return Object.freeze(c);
}

function text(obj: Json, where: string): BlipTextConfig {
  const n = (key: keyof typeof TEXT_DEFAULTS, kind: 'count' | 'id' | 'eps' = 'count') => field(obj, key, TEXT_DEFAULTS[key], where, kind);
  const c: BlipTextConfig = {
    vocab_size: n('vocab_size'),
    hidden_size: n('hidden_size'),
    encoder_hidden_size: n('encoder_hidden_size'),
    intermediate_size: n('intermediate_size'),
    num_hidden_layers: n('num_hidden_layers'),
    num_attention_heads: n('num_attention_heads'),
    max_position_embeddings: n('max_position_embeddings'),
    hidden_act: gelu(obj, where),
    layer_norm_eps: n('layer_norm_eps', 'eps'),
    bos_token_id: n('bos_token_id', 'id'),
    sep_token_id: n('sep_token_id', 'id'),
    pad_token_id: n('pad_token_id', 'id'),
    eos_token_id: n('eos_token_id', 'id'),
    max_length: n('max_length'),
  };
  if (c.hidden_size % c.num_attention_heads !== 0) throw new UnsupportedModelError(`${where}: hidden_size ${c.hidden_size} is not a multiple of num_attention_heads ${c.num_attention_heads}`);
  for (const id of ['bos_token_id', 'sep_token_id', 'pad_token_id'] as const)
    if (c[id] >= c.vocab_size) throw new UnsupportedModelError(`${where}.${id} ${c[id]} is outside the vocabulary (vocab_size ${c.vocab_size})`);
  return Object.freeze(c);
}

/** Parses config.json (already JSON-decoded); `source` names the file in errors. */
export function parseBlipConfig(json: unknown, source: string): BlipConfig {
  if (!isRecord(json)) throw new UnsupportedModelError(`${source} is not a JSON object`);
  const modelType = json['model_type'];
  const architectures = Array.isArray(json['architectures']) ? json['architectures'].map(String) : [];
  if (modelType !== 'blip' || architectures[0] !== 'BlipForConditionalGeneration') {
    throw new UnsupportedModelError(
      `${source}: model_type ${JSON.stringify(modelType ?? null)}, architectures ${JSON.stringify(architectures)}; ` +
        'from_pretrained loads BlipForConditionalGeneration checkpoints only (model_type "blip", e.g. Salesforce/blip-image-captioning-base)',
    );
  }
  // BlipConfig also accepts the older *_config_dict spelling.
  const visionJson = json['vision_config'] ?? json['vision_config_dict'] ?? {};
  const textJson = json['text_config'] ?? json['text_config_dict'] ?? {};
  if (!isRecord(visionJson) || !isRecord(textJson)) throw new UnsupportedModelError(`${source}: vision_config and text_config must be objects`);
  const config: BlipConfig = {
    model_type: 'blip',
    architectures: ['BlipForConditionalGeneration'],
    vision_config: vision(visionJson, `${source} vision_config`),
    text_config: text(textJson, `${source} text_config`),
    torch_dtype: typeof json['torch_dtype'] === 'string' ? json['torch_dtype'] : null,
  };
  if (config.text_config.encoder_hidden_size !== config.vision_config.hidden_size)
    throw new UnsupportedModelError(
      `${source}: text_config.encoder_hidden_size ${config.text_config.encoder_hidden_size} ≠ vision_config.hidden_size ${config.vision_config.hidden_size}; the decoder could not read the image embeddings`,
    );
  return Object.freeze(config);
}

const CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073] as const;
const CLIP_STD = [0.26862954, 0.26130258, 0.27577711] as const;

const triple = (v: unknown, fallback: readonly [number, number, number], where: string): readonly [number, number, number] => {
  if (v === undefined) return fallback;
  if (typeof v === 'number') return [v, v, v];
  if (Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number')) return [v[0] as number, v[1] as number, v[2] as number];
  throw new UnsupportedModelError(`${where} is ${JSON.stringify(v)}; expected three numbers`);
};

/** preprocessor_config.json as BlipImageProcessor 4.x reads it (`size` an int or {height, width}). */
export function parseBlipImageProcessor(json: unknown, source: string): BlipImageProcessorConfig {
  if (!isRecord(json)) throw new UnsupportedModelError(`${source} is not a JSON object`);
  const size = json['size'] ?? { height: 384, width: 384 };
  let hw: { height: number; width: number };
  if (typeof size === 'number') hw = { height: size, width: size };
  else if (isRecord(size) && typeof size['height'] === 'number' && typeof size['width'] === 'number') hw = { height: size['height'], width: size['width'] };
  else throw new UnsupportedModelError(`${source}: size ${JSON.stringify(size)} is neither an integer nor {"height", "width"}`);
  if (![hw.height, hw.width].every((d) => Number.isSafeInteger(d) && d > 0 && d <= 8192)) throw new UnsupportedModelError(`${source}: size ${JSON.stringify(size)} is not a usable image size`);
  const resample = json['resample'] ?? 3;
  if (resample !== 3) throw new UnsupportedModelError(`${source}: resample ${JSON.stringify(resample)}; only 3 (PIL BICUBIC, BlipImageProcessor's default) is implemented`);
  const rescale = json['rescale_factor'] ?? 1 / 255;
  if (typeof rescale !== 'number') throw new UnsupportedModelError(`${source}: rescale_factor ${JSON.stringify(rescale)} is not a number`);
  const flag = (key: string): boolean => {
    const v = json[key] ?? true;
    if (typeof v !== 'boolean') throw new UnsupportedModelError(`${source}: ${key} ${JSON.stringify(v)} is not true/false`);
    return v;
  };
  return Object.freeze({
    size: Object.freeze(hw),
    do_resize: flag('do_resize'),
    do_rescale: flag('do_rescale'),
    rescale_factor: rescale,
    do_normalize: flag('do_normalize'),
    image_mean: triple(json['image_mean'], CLIP_MEAN, `${source}: image_mean`),
    image_std: triple(json['image_std'], CLIP_STD, `${source}: image_std`),
    resample: 3,
  });
}
