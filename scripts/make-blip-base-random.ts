// Writes a BLIP-base-sized BlipForConditionalGeneration checkpoint with random weights in the
// Hub's layout (config.json as Salesforce/blip-image-captioning-base's sizes, model.safetensors,
// preprocessor_config.json with size 384, and the shared micro tokenizer) for `npm run bench blip`.
// Not committed (990 MB). The LM head's [SEP] bias is −1000 so every caption runs the full 19
// tokens. Usage: npx tsx scripts/make-blip-base-random.ts [outDir] (default /tmp/blip-hub-base-random)
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { findHfBlip } from '../app/models/blip-hub/hf-blip-fixture.ts';

const out = process.argv[2] ?? '/tmp/blip-hub-base-random';
const V = { hidden: 768, inter: 3072, layers: 12, heads: 12, image: 384, patch: 16 };
const T = { vocab: 30524, hidden: 768, inter: 3072, layers: 12, heads: 12, positions: 512, bos: 30522, sep: 102 };

type Init = 'normal' | 'ones' | 'zeros' | 'head-bias' | 'positions';
const tensors: { name: string; shape: number[]; init: Init }[] = [];
const add = (name: string, shape: number[], init: Init = 'normal') => tensors.push({ name, shape, init });
const linear = (p: string, o: number, i: number) => {
  add(`${p}.weight`, [o, i]);
  add(`${p}.bias`, [o], 'zeros');
};
const norm = (p: string, d: number) => {
  add(`${p}.weight`, [d], 'ones');
  add(`${p}.bias`, [d], 'zeros');
};

add('vision_model.embeddings.class_embedding', [1, 1, V.hidden]);
add('vision_model.embeddings.position_embedding', [1, (V.image / V.patch) ** 2 + 1, V.hidden]);
add('vision_model.embeddings.patch_embedding.weight', [V.hidden, 3, V.patch, V.patch]);
add('vision_model.embeddings.patch_embedding.bias', [V.hidden], 'zeros');
for (let l = 0; l < V.layers; l++) {
  const L = `vision_model.encoder.layers.${l}`;
  linear(`${L}.self_attn.qkv`, 3 * V.hidden, V.hidden);
  linear(`${L}.self_attn.projection`, V.hidden, V.hidden);
  norm(`${L}.layer_norm1`, V.hidden);
  linear(`${L}.mlp.fc1`, V.inter, V.hidden);
  linear(`${L}.mlp.fc2`, V.hidden, V.inter);
  norm(`${L}.layer_norm2`, V.hidden);
}
norm('vision_model.post_layernorm', V.hidden);
add('text_decoder.bert.embeddings.position_ids', [1, T.positions], 'positions');
add('text_decoder.bert.embeddings.word_embeddings.weight', [T.vocab, T.hidden]);
add('text_decoder.bert.embeddings.position_embeddings.weight', [T.positions, T.hidden]);
norm('text_decoder.bert.embeddings.LayerNorm', T.hidden);
for (let l = 0; l < T.layers; l++) {
  const L = `text_decoder.bert.encoder.layer.${l}`;
  for (const m of ['attention.self.query', 'attention.self.key', 'attention.self.value', 'attention.output.dense'])
    linear(`${L}.${m}`, T.hidden, T.hidden);
  norm(`${L}.attention.output.LayerNorm`, T.hidden);
  for (const m of ['crossattention.self.query', 'crossattention.self.key', 'crossattention.self.value', 'crossattention.output.dense'])
    linear(`${L}.${m}`, T.hidden, T.hidden);
  norm(`${L}.crossattention.output.LayerNorm`, T.hidden);
  linear(`${L}.intermediate.dense`, T.inter, T.hidden);
  linear(`${L}.output.dense`, T.hidden, T.inter);
  norm(`${L}.output.LayerNorm`, T.hidden);
}
linear('text_decoder.cls.predictions.transform.dense', T.hidden, T.hidden);
norm('text_decoder.cls.predictions.transform.LayerNorm', T.hidden);
add('text_decoder.cls.predictions.bias', [T.vocab], 'head-bias');
add('text_decoder.cls.predictions.decoder.weight', [T.vocab, T.hidden]);

const numel = (s: number[]) => s.reduce((a, b) => a * b, 1);
const params = tensors.filter((t) => t.init !== 'positions').reduce((n, t) => n + numel(t.shape), 0);
if (params !== 247_414_076) throw new Error(`built ${params} parameters, blip-base has 247,414,076`);

const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
let offset = 0;
for (const t of tensors) {
  const bytes = numel(t.shape) * (t.init === 'positions' ? 8 : 4);
  header[t.name] = { dtype: t.init === 'positions' ? 'I64' : 'F32', shape: t.shape, data_offsets: [offset, offset + bytes] };
  offset += bytes;
}
let json = JSON.stringify(header);
json += ' '.repeat((8 - (json.length % 8)) % 8);
mkdirSync(out, { recursive: true });
const fd = openSync(resolve(out, 'model.safetensors'), 'w');
const len = Buffer.alloc(8);
len.writeBigUInt64LE(BigInt(json.length));
writeSync(fd, len);
writeSync(fd, json);
let state = 0x9e3779b9;
const uniform = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 2 ** 32;
};
// normal(0, 0.02), BLIP's init (Box–Muller): bell-shaped as trained weights are. A uniform fill put
// ≈ 0.8 % of each tensor at its max |w|, where int8's per-tensor rounding lands on ±127 / ±64
// far more often than on a real model's weights (the reduce_range kernel fixes those one by one).
const normal = (): number => {
  const u = Math.max(uniform(), 2 ** -32);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
};
for (const t of tensors) {
  const n = numel(t.shape);
  if (t.init === 'positions') {
    writeSync(fd, new Uint8Array(BigInt64Array.from({ length: n }, (_, i) => BigInt(i)).buffer));
    continue;
  }
  const data = new Float32Array(n);
  if (t.init === 'normal') for (let i = 0; i < n; i++) data[i] = normal() * 0.02;
  else if (t.init === 'ones') data.fill(1);
  else if (t.init === 'head-bias') data[T.sep] = -1000;
  writeSync(fd, new Uint8Array(data.buffer));
}
closeSync(fd);
writeFileSync(
  resolve(out, 'config.json'),
  JSON.stringify(
    {
      architectures: ['BlipForConditionalGeneration'],
      model_type: 'blip',
      torch_dtype: 'float32',
      vision_config: {
        hidden_size: V.hidden,
        intermediate_size: V.inter,
        num_hidden_layers: V.layers,
        num_attention_heads: V.heads,
        image_size: V.image,
        patch_size: V.patch,
        layer_norm_eps: 1e-5,
        hidden_act: 'gelu',
      },
      text_config: {
        vocab_size: T.vocab,
        hidden_size: T.hidden,
        intermediate_size: T.inter,
        num_hidden_layers: T.layers,
        num_attention_heads: T.heads,
        encoder_hidden_size: V.hidden,
        max_position_embeddings: T.positions,
        layer_norm_eps: 1e-12,
        hidden_act: 'gelu',
        bos_token_id: T.bos,
        sep_token_id: T.sep,
        pad_token_id: 0,
        max_length: 20,
      },
    },
    null,
    2,
  ),
);
writeFileSync(
  resolve(out, 'preprocessor_config.json'),
  JSON.stringify(
    {
      do_normalize: true,
      do_resize: true,
      image_mean: [0.48145466, 0.4578275, 0.40821073],
      image_std: [0.26862954, 0.26130258, 0.27577711],
      image_processor_type: 'BlipImageProcessor',
      processor_class: 'BlipProcessor',
      resample: 3,
      rescale_factor: 1 / 255,
      size: 384,
    },
    null,
    2,
  ),
);
const shared = findHfBlip();
for (const f of ['tokenizer.json', 'tokenizer_config.json'])
  if (!existsSync(resolve(out, f))) copyFileSync(resolve(shared, 'micro-a', f), resolve(out, f));
console.log(`${out}: ${tensors.length} tensors, ${params} parameters, ${(8 + json.length + offset) / 1e6} MB`);
