// What BlipForConditionalGeneration (transformers 4.x) holds for a config:
// every parameter's and buffer's name and shape, generated from the config
// (layers, widths, vocabulary), and the check of a checkpoint against it
// (missing, unexpected, wrong shape or dtype: each named). Also
// get_memory_footprint() as 4.x computes it: every parameter and buffer,
// numel × element size. 4.x does not tie the LM head (cls.predictions.decoder.weight)
// to the word embeddings for this class and keeps the int64 buffer
// text_decoder.bert.embeddings.position_ids; transformers 5.x ties the head
// (its footprint is smaller by the head): the chapter's numbers are 4.x's.
import type { BlipConfig, Checkpoint, CheckpointTensor, WeightDtype } from './checkpoint.ts';
import { ITEM_SIZE } from './dtypes.ts';
import { CheckpointMismatchError } from './errors.ts';

export interface ExpectedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  /** Parameters take the model's dtype; the one buffer stays int64. */
  readonly kind: 'parameter' | 'buffer';
}

/** The buffer transformers 4.x registers (and, before 4.31, saves): arange(max_position_embeddings). */
export const POSITION_IDS = 'text_decoder.bert.embeddings.position_ids';
/** Saved in the .bin as a second name of cls.predictions.bias (tied module attribute), absent from safetensors. */
export const DECODER_BIAS = 'text_decoder.cls.predictions.decoder.bias';
export const PREDICTIONS_BIAS = 'text_decoder.cls.predictions.bias';

export function expectedBlipTensors(config: BlipConfig): ExpectedTensor[] {
  const v = config.vision_config;
  const t = config.text_config;
  const out: ExpectedTensor[] = [];
  const p = (name: string, ...shape: number[]) => out.push({ name, shape, kind: 'parameter' });
  const linear = (prefix: string, outF: number, inF: number) => {
    p(`${prefix}.weight`, outF, inF);
    p(`${prefix}.bias`, outF);
  };
  const norm = (prefix: string, n: number) => {
    p(`${prefix}.weight`, n);
    p(`${prefix}.bias`, n);
  };

  const patches = Math.floor(v.image_size / v.patch_size) ** 2;
  p('vision_model.embeddings.class_embedding', 1, 1, v.hidden_size);
  p('vision_model.embeddings.position_embedding', 1, patches + 1, v.hidden_size);
  p('vision_model.embeddings.patch_embedding.weight', v.hidden_size, v.num_channels, v.patch_size, v.patch_size);
  p('vision_model.embeddings.patch_embedding.bias', v.hidden_size);
  for (let i = 0; i < v.num_hidden_layers; i++) {
    const l = `vision_model.encoder.layers.${i}`;
    linear(`${l}.self_attn.qkv`, 3 * v.hidden_size, v.hidden_size);
    linear(`${l}.self_attn.projection`, v.hidden_size, v.hidden_size);
    norm(`${l}.layer_norm1`, v.hidden_size);
    linear(`${l}.mlp.fc1`, v.intermediate_size, v.hidden_size);
    linear(`${l}.mlp.fc2`, v.hidden_size, v.intermediate_size);
    norm(`${l}.layer_norm2`, v.hidden_size);
  }
  norm('vision_model.post_layernorm', v.hidden_size);

  const h = t.hidden_size;
  p('text_decoder.bert.embeddings.word_embeddings.weight', t.vocab_size, h);
  p('text_decoder.bert.embeddings.position_embeddings.weight', t.max_position_embeddings, h);
  norm('text_decoder.bert.embeddings.LayerNorm', h);
  for (let i = 0; i < t.num_hidden_layers; i++) {
    const l = `text_decoder.bert.encoder.layer.${i}`;
    for (const [part, kv] of [['attention', h], ['crossattention', t.encoder_hidden_size]] as const) {
      linear(`${l}.${part}.self.query`, h, h);
      linear(`${l}.${part}.self.key`, h, kv);
      linear(`${l}.${part}.self.value`, h, kv);
      linear(`${l}.${part}.output.dense`, h, h);
      norm(`${l}.${part}.output.LayerNorm`, h);
    }
    linear(`${l}.intermediate.dense`, t.intermediate_size, h);
    linear(`${l}.output.dense`, h, t.intermediate_size);
    norm(`${l}.output.LayerNorm`, h);
  }
  p(PREDICTIONS_BIAS, t.vocab_size);
  linear('text_decoder.cls.predictions.transform.dense', h, h);
  norm('text_decoder.cls.predictions.transform.LayerNorm', h);
  p('text_decoder.cls.predictions.decoder.weight', t.vocab_size, h);
  out.push({ name: POSITION_IDS, shape: [1, t.max_position_embeddings], kind: 'buffer' });
  return out;
}

const numel = (shape: readonly number[]): number => shape.reduce((n, d) => n * d, 1);

export interface BlipCounts {
  readonly parameterTensors: number;
  readonly parameters: number;
  readonly visionParameters: number;
  readonly textParameters: number;
  readonly bufferBytes: number;
}

export function blipCounts(config: BlipConfig): BlipCounts {
  const all = expectedBlipTensors(config);
  const params = all.filter((t) => t.kind === 'parameter');
  const sum = (ts: readonly ExpectedTensor[]) => ts.reduce((n, t) => n + numel(t.shape), 0);
  return {
    parameterTensors: params.length,
    parameters: sum(params),
    visionParameters: sum(params.filter((t) => t.name.startsWith('vision_model.'))),
    textParameters: sum(params.filter((t) => t.name.startsWith('text_decoder.'))),
    bufferBytes: sum(all.filter((t) => t.kind === 'buffer')) * ITEM_SIZE.int64,
  };
}

/** `model.get_memory_footprint()` of transformers 4.x for this config with weights in `dtype`. */
export function blipMemoryFootprint(config: BlipConfig, dtype: WeightDtype): number {
  const c = blipCounts(config);
  return c.parameters * ITEM_SIZE[dtype] + c.bufferBytes;
}

/** What the check reads: a Checkpoint, or a header-only listing of one (names, dtypes, shapes). */
export interface CheckpointInventory {
  readonly source: string;
  readonly tensors: ReadonlyMap<string, Pick<CheckpointTensor, 'dtype' | 'shape'>>;
  readonly aliases: Checkpoint['aliases'];
}

const FLOAT = new Set(['float32', 'float16', 'bfloat16', 'float64']);
const list = (names: readonly string[]): string => (names.length <= 6 ? names.join(', ') : `${names.slice(0, 6).join(', ')} and ${names.length - 6} more`);

/**
 * Checks the checkpoint holds exactly the model's tensors: every parameter
 * with its shape and a floating dtype; position_ids int64 if present (4.31+
 * no longer saves it: it is arange, made by the graph side); the .bin's
 * decoder.bias alias (or a safetensors copy of the same shape). Throws one
 * CheckpointMismatchError listing everything wrong.
 */
export function checkBlipCheckpoint(checkpoint: CheckpointInventory, config: BlipConfig): void {
  const expected = new Map(expectedBlipTensors(config).map((t) => [t.name, t]));
  const missing: string[] = [];
  const unexpected: string[] = [];
  const mismatched: string[] = [];
  const problems: string[] = [];
  for (const e of expected.values()) {
    const got = checkpoint.tensors.get(e.name);
    if (got === undefined) {
      if (e.kind === 'parameter') missing.push(e.name);
      continue;
    }
    const shapeOk = got.shape.length === e.shape.length && got.shape.every((d, i) => d === e.shape[i]);
    if (!shapeOk) {
      mismatched.push(e.name);
      problems.push(`"${e.name}" has shape [${got.shape.join(', ')}], the config needs [${e.shape.join(', ')}]`);
    } else if (e.kind === 'parameter' ? !FLOAT.has(got.dtype) : got.dtype !== 'int64') {
      mismatched.push(e.name);
      problems.push(`"${e.name}" is ${got.dtype}, it must be ${e.kind === 'parameter' ? 'a floating-point type' : 'int64'}`);
    }
  }
  for (const [name, t] of checkpoint.tensors) {
    if (expected.has(name)) continue;
    if (name === DECODER_BIAS && t.shape.length === 1 && t.shape[0] === config.text_config.vocab_size && FLOAT.has(t.dtype)) continue;
    unexpected.push(name);
  }
  for (const [alias, target] of checkpoint.aliases) {
    if (alias === DECODER_BIAS && target === PREDICTIONS_BIAS) continue;
    unexpected.push(`${alias} (= ${target})`);
  }
  if (missing.length + unexpected.length + mismatched.length === 0) return;
  const parts = [
    missing.length > 0 ? `missing ${missing.length}: ${list(missing)}` : '',
    unexpected.length > 0 ? `unexpected ${unexpected.length}: ${list(unexpected)}` : '',
    ...problems.slice(0, 6),
    problems.length > 6 ? `and ${problems.length - 6} more wrong tensors` : '',
  ].filter((s) => s !== '');
  throw new CheckpointMismatchError(`${checkpoint.source} does not fit the BlipForConditionalGeneration its config.json describes: ${parts.join('; ')}`, missing, unexpected, mismatched);
}
