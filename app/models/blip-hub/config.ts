// The sizes and ids of a BlipForConditionalGeneration, read from its config.json the way
// transformers 4.x reads them (BlipConfig → BlipVisionConfig / BlipTextConfig defaults), and
// checked: anything the graph builder does not implement is refused by name.

export interface BlipVisionSizes {
  readonly hidden: number;
  readonly intermediate: number;
  readonly layers: number;
  readonly heads: number;
  readonly imageSize: number;
  readonly patchSize: number;
  readonly channels: number;
  readonly eps: number;
}

export interface BlipTextSizes {
  readonly vocab: number;
  readonly hidden: number;
  readonly intermediate: number;
  readonly layers: number;
  readonly heads: number;
  readonly encoderHidden: number;
  readonly maxPositions: number;
  readonly eps: number;
  readonly bos: number;
  readonly sep: number;
  readonly pad: number;
  readonly maxLength: number;
}

export interface BlipHubConfig {
  readonly vision: BlipVisionSizes;
  readonly text: BlipTextSizes;
}

export class BlipConfigError extends Error {
  override name = 'BlipConfigError';
}

type Json = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function int(section: Json, where: string, key: string, fallback: number): number {
  const v = section[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new BlipConfigError(`config.json ${where}.${key}: expected a non-negative integer, got ${JSON.stringify(v)}`);
  return v;
}

function num(section: Json, where: string, key: string, fallback: number): number {
  const v = section[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new BlipConfigError(`config.json ${where}.${key}: expected a positive number, got ${JSON.stringify(v)}`);
  return v;
}

function exactGelu(section: Json, where: string): void {
  const act = section['hidden_act'] ?? 'gelu';
  // transformers' "gelu" is the exact erf form; the tanh approximations are other names.
  if (act !== 'gelu') throw new BlipConfigError(`config.json ${where}.hidden_act is ${JSON.stringify(act)}; only "gelu" (exact, erf) is built here`);
}

/** Parses config.json (already JSON-decoded). Defaults are transformers 4.x's BlipVisionConfig/BlipTextConfig defaults. */
export function parseBlipConfig(config: unknown): BlipHubConfig {
  if (!isObject(config)) throw new BlipConfigError('config.json: expected a JSON object');
  const type = config['model_type'];
  const architectures = config['architectures'];
  if (type !== 'blip') throw new BlipConfigError(`config.json: model_type is ${JSON.stringify(type)}, not "blip"; only BlipForConditionalGeneration checkpoints are built here`);
  if (Array.isArray(architectures) && !architectures.includes('BlipForConditionalGeneration'))
    throw new BlipConfigError(`config.json: architectures is ${JSON.stringify(architectures)}; only BlipForConditionalGeneration (captioning) is built here`);
  const v = isObject(config['vision_config']) ? config['vision_config'] : {};
  const t = isObject(config['text_config']) ? config['text_config'] : {};
  exactGelu(v, 'vision_config');
  exactGelu(t, 'text_config');
  const positionType = t['position_embedding_type'] ?? 'absolute';
  if (positionType !== 'absolute') throw new BlipConfigError(`config.json text_config.position_embedding_type is ${JSON.stringify(positionType)}; only "absolute" is built here`);
  const vision: BlipVisionSizes = {
    hidden: int(v, 'vision_config', 'hidden_size', 768),
    intermediate: int(v, 'vision_config', 'intermediate_size', 3072),
    layers: int(v, 'vision_config', 'num_hidden_layers', 12),
    heads: int(v, 'vision_config', 'num_attention_heads', 12),
    imageSize: int(v, 'vision_config', 'image_size', 384),
    patchSize: int(v, 'vision_config', 'patch_size', 16),
    channels: int(v, 'vision_config', 'num_channels', 3),
    eps: num(v, 'vision_config', 'layer_norm_eps', 1e-5),
  };
  const text: BlipTextSizes = {
    vocab: int(t, 'text_config', 'vocab_size', 30524),
    hidden: int(t, 'text_config', 'hidden_size', 768),
    intermediate: int(t, 'text_config', 'intermediate_size', 3072),
    layers: int(t, 'text_config', 'num_hidden_layers', 12),
    heads: int(t, 'text_config', 'num_attention_heads', 8),
    encoderHidden: int(t, 'text_config', 'encoder_hidden_size', 768),
    maxPositions: int(t, 'text_config', 'max_position_embeddings', 512),
    eps: num(t, 'text_config', 'layer_norm_eps', 1e-12),
    bos: int(t, 'text_config', 'bos_token_id', 30522),
    sep: int(t, 'text_config', 'sep_token_id', 102),
    pad: int(t, 'text_config', 'pad_token_id', 0),
    maxLength: int(t, 'text_config', 'max_length', 20),
  };
  for (const [where, s] of [['vision_config', vision], ['text_config', text]] as const) {
    if (s.heads === 0 || s.hidden % s.heads !== 0) throw new BlipConfigError(`config.json ${where}: hidden_size ${s.hidden} is not a multiple of num_attention_heads ${s.heads}`);
  }
  if (vision.patchSize === 0 || vision.imageSize % vision.patchSize !== 0) throw new BlipConfigError(`config.json vision_config: image_size ${vision.imageSize} is not a multiple of patch_size ${vision.patchSize}`);
  if (text.encoderHidden !== vision.hidden) throw new BlipConfigError(`config.json: text_config.encoder_hidden_size ${text.encoderHidden} differs from vision_config.hidden_size ${vision.hidden}`);
  return { vision, text };
}

/** Patches plus the class token. */
export const visionTokens = (v: BlipVisionSizes): number => (v.imageSize / v.patchSize) ** 2 + 1;
