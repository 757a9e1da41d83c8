// The BLIP inventory and footprint against what transformers 4.27.1 itself
// reports for the shared checkpoint (golden.json), and against the issue's
// figures for blip-base from its config alone, with a header-only safetensors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BlipConfig, Checkpoint, CheckpointTensor } from './checkpoint.ts';
import { parseBlipConfig, parseBlipImageProcessor } from './blip-config.ts';
import { blipCounts, blipMemoryFootprint, checkBlipCheckpoint, expectedBlipTensors, POSITION_IDS } from './blip-inventory.ts';
import { CheckpointMismatchError, UnsupportedModelError } from './errors.ts';
import { parseSafetensorsHeader } from './safetensors.ts';
import { readSafetensors } from './safetensors.ts';
import { readShared, readSharedJson } from './shared-blip.node.ts';
import { readTorchBin } from './torch-bin.ts';

interface Golden {
  readonly named_parameters: [string, number[], string][];
  readonly named_buffers: [string, number[], string][];
  readonly num_parameters: number;
  readonly num_parameter_tensors: number;
  readonly footprint: { float32: number; bfloat16: number; float16: number; float32_params_only: number };
}
const golden = readSharedJson('micro-a-golden', 'golden.json') as Golden;
const micro = parseBlipConfig(readSharedJson('micro-a', 'config.json'), 'micro-a/config.json');
const base = parseBlipConfig(JSON.parse(readFileSync(new URL('./fixtures/blip-base-config.json', import.meta.url), 'utf8')), 'blip-base/config.json');

describe('expected tensors from config.json = transformers 4.27.1 named_parameters + named_buffers', () => {
  it('micro-a: every name and shape, in module order', () => {
    const want = [...golden.named_parameters.map(([n, s]) => [n, s, 'parameter']), ...golden.named_buffers.map(([n, s]) => [n, s, 'buffer'])];
    expect(expectedBlipTensors(micro).map((t) => [t.name, t.shape, t.kind])).toEqual(want);
    const c = blipCounts(micro);
    expect([c.parameterTensors, c.parameters]).toEqual([golden.num_parameter_tensors, golden.num_parameters]);
  });
  it('micro-a: get_memory_footprint() in float32, bfloat16, float16 equals transformers\'', () => {
    expect(blipMemoryFootprint(micro, 'float32')).toBe(golden.footprint.float32);
    expect(blipMemoryFootprint(micro, 'bfloat16')).toBe(golden.footprint.bfloat16);
    expect(blipMemoryFootprint(micro, 'float16')).toBe(golden.footprint.float16);
    expect(blipCounts(micro).parameters * 4).toBe(golden.footprint.float32_params_only);
  });
  it('blip-base from its config: 472 tensors, 247,414,076 parameters (vision 86,090,496 + text 161,323,580), 989,660,400 / 494,832,248 bytes', () => {
    expect(blipCounts(base)).toEqual({ parameterTensors: 472, parameters: 247_414_076, visionParameters: 86_090_496, textParameters: 161_323_580, bufferBytes: 4096 });
    expect(blipMemoryFootprint(base, 'float32')).toBe(989_660_400);
    expect(blipMemoryFootprint(base, 'bfloat16')).toBe(494_832_248);
  });
});

/** A safetensors header for blip-base's tensors, as the file's first bytes (no data: 990 MB are not needed to check it). */
function baseHeaderOnly(config: BlipConfig): { head: Uint8Array; fileBytes: number } {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let at = 0;
  for (const t of expectedBlipTensors(config)) {
    const n = t.shape.reduce((a, d) => a * d, 1) * (t.kind === 'buffer' ? 8 : 4);
    header[t.name] = { dtype: t.kind === 'buffer' ? 'I64' : 'F32', shape: t.shape, data_offsets: [at, at + n] };
    at += n;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const head = new Uint8Array(8 + json.length);
  new DataView(head.buffer).setBigUint64(0, BigInt(json.length), true);
  head.set(json, 8);
  return { head, fileBytes: head.length + at };
}

describe('a header-only blip-base checkpoint', () => {
  it('parses, fits the config, and holds 247,414,076 parameters + the 512-element buffer (989,660,400 bytes of data)', () => {
    const { head, fileBytes } = baseHeaderOnly(base);
    const h = parseSafetensorsHeader(head, fileBytes, 'blip-base/model.safetensors');
    const tensors = new Map(h.entries.map((e) => [e.name, e]));
    checkBlipCheckpoint({ source: 'blip-base/model.safetensors', tensors, aliases: new Map() }, base);
    const params = h.entries.filter((e) => e.name !== POSITION_IDS);
    expect(params.length).toBe(472);
    expect(params.reduce((n, e) => n + (e.end - e.begin) / 4, 0)).toBe(247_414_076);
    expect(fileBytes - h.dataStart).toBe(989_660_400);
  });
  it('a cut-off download of it is refused at the first tensor past the end', () => {
    const { head, fileBytes } = baseHeaderOnly(base);
    expect(() => parseSafetensorsHeader(head, fileBytes - 1_000_000, 'blip-base/model.safetensors')).toThrow(/tensor "text_decoder\.cls\.predictions\.decoder\.weight": data_offsets .* go past the end/);
  });
});

describe('checkBlipCheckpoint on the shared checkpoint', () => {
  const st = readSafetensors(readShared('micro-a', 'model.safetensors'), 'micro-a/model.safetensors');
  const bin = readTorchBin(readShared('micro-a', 'pytorch_model.bin'), 'micro-a/pytorch_model.bin');
  const edited = (edit: (m: Map<string, CheckpointTensor>) => void, from: Checkpoint = st): Checkpoint => {
    const tensors = new Map(from.tensors);
    edit(tensors);
    return { ...from, tensors };
  };
  const mismatch = (c: Checkpoint): CheckpointMismatchError => {
    try {
      checkBlipCheckpoint(c, micro);
    } catch (e) {
      if (e instanceof CheckpointMismatchError) return e;
      throw e;
    }
    throw new Error('no mismatch reported');
  };

  it('both formats fit (the .bin with its decoder.bias alias)', () => {
    expect(() => checkBlipCheckpoint(st, micro)).not.toThrow();
    expect(() => checkBlipCheckpoint(bin, micro)).not.toThrow();
  });
  it('without position_ids (transformers ≥ 4.31 does not save it) still fits', () => {
    expect(() => checkBlipCheckpoint(edited((m) => m.delete(POSITION_IDS)), micro)).not.toThrow();
  });
  it('a missing tensor is named', () => {
    const e = mismatch(edited((m) => m.delete('vision_model.encoder.layers.1.mlp.fc2.weight')));
    expect(e.missing).toEqual(['vision_model.encoder.layers.1.mlp.fc2.weight']);
    expect(e.message).toMatch(/micro-a\/model.safetensors does not fit .*missing 1: vision_model\.encoder\.layers\.1\.mlp\.fc2\.weight/);
  });
  it('an extra tensor is named', () => {
    const e = mismatch(edited((m) => m.set('text_decoder.bert.pooler.dense.weight', st.tensors.get('text_decoder.cls.predictions.transform.dense.weight')!)));
    expect(e.unexpected).toEqual(['text_decoder.bert.pooler.dense.weight']);
  });
  it('a wrong shape is named with both shapes', () => {
    const e = mismatch(edited((m) => m.set('vision_model.post_layernorm.bias', { ...m.get('vision_model.post_layernorm.bias')!, shape: [32, 2] })));
    expect(e.mismatched).toEqual(['vision_model.post_layernorm.bias']);
    expect(e.message).toMatch(/"vision_model\.post_layernorm\.bias" has shape \[32, 2\], the config needs \[64\]/);
  });
  it('a wrong dtype is named (an int parameter, a float position_ids)', () => {
    const a = mismatch(edited((m) => m.set('vision_model.post_layernorm.bias', { ...m.get('vision_model.post_layernorm.bias')!, dtype: 'int32' })));
    expect(a.message).toMatch(/"vision_model\.post_layernorm\.bias" is int32, it must be a floating-point type/);
    const b = mismatch(edited((m) => m.set(POSITION_IDS, { ...m.get(POSITION_IDS)!, dtype: 'float64' })));
    expect(b.message).toMatch(/"text_decoder\.bert\.embeddings\.position_ids" is float64, it must be int64/);
  });
  it('a checkpoint for another config (blip-base) lists the mismatches', () => {
    expect(() => checkBlipCheckpoint(st, base)).toThrow(/missing 380: .* and 374 more; "vision_model\.embeddings\.class_embedding" has shape \[1, 1, 64\], the config needs \[1, 1, 768\]/);
  });
});

describe('parseBlipConfig / parseBlipImageProcessor', () => {
  it('fills transformers 4.x defaults for fields a config leaves out', () => {
    const c = parseBlipConfig({ model_type: 'blip', architectures: ['BlipForConditionalGeneration'] }, 'c');
    expect(c.vision_config).toEqual({ hidden_size: 768, intermediate_size: 3072, num_hidden_layers: 12, num_attention_heads: 12, num_channels: 3, image_size: 384, patch_size: 16, hidden_act: 'gelu', layer_norm_eps: 1e-5 });
    expect(blipCounts(c).parameters).toBe(247_414_076); // the base model's sizes are BlipConfig's defaults
    expect([c.text_config.bos_token_id, c.text_config.sep_token_id, c.text_config.max_length]).toEqual([30522, 102, 20]);
  });
  it('reads micro-a\'s ids from text_config', () => {
    expect([micro.text_config.bos_token_id, micro.text_config.sep_token_id, micro.text_config.pad_token_id, micro.text_config.vocab_size]).toEqual([269, 3, 0, 271]);
  });
  it('refuses another model, naming model_type and architectures', () => {
    expect(() => parseBlipConfig({ model_type: 'bert', architectures: ['BertForMaskedLM'] }, 'bert/config.json')).toThrow(UnsupportedModelError);
    expect(() => parseBlipConfig({ model_type: 'bert', architectures: ['BertForMaskedLM'] }, 'bert/config.json')).toThrow(/bert\/config.json: model_type "bert", architectures \["BertForMaskedLM"\]; from_pretrained loads BlipForConditionalGeneration/);
    expect(() => parseBlipConfig({ model_type: 'blip', architectures: ['BlipForQuestionAnswering'] }, 'vqa/config.json')).toThrow(/architectures \["BlipForQuestionAnswering"\]/);
  });
  it('refuses what the graphs would not honour, naming the field', () => {
    expect(() => parseBlipConfig({ model_type: 'blip', architectures: ['BlipForConditionalGeneration'], text_config: { hidden_act: 'relu' } }, 'c')).toThrow(/c text_config\.hidden_act is "relu"/);
    expect(() => parseBlipConfig({ model_type: 'blip', architectures: ['BlipForConditionalGeneration'], vision_config: { hidden_size: 100 } }, 'c')).toThrow(/hidden_size 100 is not a multiple of num_attention_heads 12/);
  });
  it('size as an int (the Hub file\'s 384) or {height, width} (micro-a\'s)', () => {
    expect(parseBlipImageProcessor({ size: 384 }, 'p').size).toEqual({ height: 384, width: 384 });
    const p = parseBlipImageProcessor(readSharedJson('micro-a', 'preprocessor_config.json'), 'p');
    expect(p).toMatchObject({ size: { height: 64, width: 64 }, rescale_factor: 1 / 255, image_mean: [0.48145466, 0.4578275, 0.40821073], resample: 3 });
    expect(() => parseBlipImageProcessor({ resample: 2 }, 'p')).toThrow(/resample 2; only 3/);
  });
});
