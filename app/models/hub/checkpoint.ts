// The one interface between the Hub checkpoint side (branch h-hub: files →
// named tensors + config, app/models/hub/) and the graph side (branch h-graph:
// ONNX graphs built from them). Types only: no code lives here, so both sides
// can depend on it without depending on each other.
//
// Flow: from_pretrained(source) fetches config.json etc. and model.safetensors
// (else pytorch_model.bin) through the model store → readCheckpoint() makes a
// Checkpoint (tensors are views into the one file buffer) → checkBlipCheckpoint()
// compares it with what BlipForConditionalGeneration expects for the config
// (transformers 4.x names and shapes; missing/extra/wrong tensors are errors
// before anything is built) → the graph side gets a PretrainedBlip and builds.
// In a worker the weights file stays a Blob and tensors are byte ranges of it (file-range.ts).

import type { FileRange } from './file-range.ts';

/** The element types a checkpoint can hold (safetensors' F64…BOOL, torch's *Storage types). */
export type CheckpointDtype = 'float64' | 'float32' | 'float16' | 'bfloat16' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

/** Weight dtypes a BLIP can be loaded in or moved to (`torch_dtype`, `.to(dtype)`). */
export type WeightDtype = 'float32' | 'float16' | 'bfloat16';

export interface CheckpointTensor {
  /** The HF parameter name as the file has it, e.g. `text_decoder.bert.encoder.layer.0.attention.self.query.weight`. */
  readonly name: string;
  readonly dtype: CheckpointDtype;
  /** C order (row-major), as torch's `.shape`; `[]` for a scalar. */
  readonly shape: readonly number[];
  /**
   * The elements, little-endian, C-contiguous, exactly `numel × itemsize` bytes.
   * A view into the file's buffer (no copy) when the data's offset in the file is a
   * multiple of the element size; otherwise a copy of this tensor alone (`copied`), so
   * `new Float32Array(bytes.buffer, bytes.byteOffset, n)` always works on it.
   * Never write into it: it is the checkpoint (and the cache's bytes may be shared).
   */
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** True when `bytes` is a copy (unaligned storage in a .bin, or a safetensors entry at an odd offset). */
  readonly copied: boolean;
  /** `bytes.length`, known without reading the file. */
  readonly byteLength: number;
  /**
   * Where the bytes lie in the file, when the checkpoint is read from a Blob (file-range.ts) rather
   * than held in memory: then every read of `bytes` copies them from the file (read once, use, drop),
   * and onnxruntime-web can be handed the file itself as external data (offset = `stored.offset`).
   */
  readonly stored?: { readonly file: FileRange; readonly offset: number };
}

export interface Checkpoint {
  readonly format: 'safetensors' | 'pytorch';
  /** What errors name: the file's URL or name. */
  readonly source: string;
  /** Every tensor by name, in the file's order. Aliases (below) are not repeated here. */
  readonly tensors: ReadonlyMap<string, CheckpointTensor>;
  /**
   * Names whose tensor is another name's storage: alias → target (a key of `tensors`).
   * The .bin has `text_decoder.cls.predictions.decoder.bias` → `text_decoder.cls.predictions.bias`;
   * model.safetensors has only the target. A consumer needing the alias reads the target.
   */
  readonly aliases: ReadonlyMap<string, string>;
  /** safetensors `__metadata__` (e.g. `{ format: "pt" }`); `{}` for a .bin. */
  readonly metadata: Readonly<Record<string, string>>;
  /** Size of the file the tensors view (the one buffer, or the Blob they are read from). */
  readonly fileBytes: number;
}

/** config.json's `vision_config`, transformers 4.x BlipVisionConfig defaults filled in. */
export interface BlipVisionConfig {
  readonly hidden_size: number;
  readonly intermediate_size: number;
  readonly num_hidden_layers: number;
  readonly num_attention_heads: number;
  readonly num_channels: number;
  readonly image_size: number;
  readonly patch_size: number;
  /** Only "gelu" (exact, erf) is accepted; anything else is an error at parse time. */
  readonly hidden_act: 'gelu';
  readonly layer_norm_eps: number;
}

/** config.json's `text_config`, transformers 4.x BlipTextConfig defaults filled in. */
export interface BlipTextConfig {
  readonly vocab_size: number;
  readonly hidden_size: number;
  /** Width of the image embeddings the cross-attention reads (= vision hidden_size). */
  readonly encoder_hidden_size: number;
  readonly intermediate_size: number;
  readonly num_hidden_layers: number;
  readonly num_attention_heads: number;
  readonly max_position_embeddings: number;
  readonly hidden_act: 'gelu';
  readonly layer_norm_eps: number;
  /** [DEC]: generation starts here (30522 for base); may be absent from the tokenizer. */
  readonly bos_token_id: number;
  /** Generation stops here (102 for base), not at eos_token_id. */
  readonly sep_token_id: number;
  readonly pad_token_id: number;
  readonly eos_token_id: number;
  /** generate()'s default max_length (whole sequence, [DEC] included). */
  readonly max_length: number;
}

/** A parsed config.json of a BlipForConditionalGeneration checkpoint. */
export interface BlipConfig {
  readonly model_type: 'blip';
  readonly architectures: readonly ['BlipForConditionalGeneration'];
  readonly vision_config: BlipVisionConfig;
  readonly text_config: BlipTextConfig;
  /** The checkpoint's own `torch_dtype` field (informational: weights are loaded in what the caller asks). */
  readonly torch_dtype: string | null;
}

/** preprocessor_config.json as BlipImageProcessor 4.x reads it; `size` normalised to height/width. */
export interface BlipImageProcessorConfig {
  readonly size: { readonly height: number; readonly width: number };
  readonly do_resize: boolean;
  readonly do_rescale: boolean;
  readonly rescale_factor: number;
  readonly do_normalize: boolean;
  readonly image_mean: readonly [number, number, number];
  readonly image_std: readonly [number, number, number];
  /** PIL resample id; 3 = BICUBIC (the only one accepted). */
  readonly resample: 3;
}

/** Everything the graph side gets: checked, never half-loaded. */
export interface PretrainedBlip {
  /** What it was loaded from (repo id, folder URL or picked files), for messages. */
  readonly source: string;
  readonly config: BlipConfig;
  readonly preprocessor: BlipImageProcessorConfig;
  /** tokenizer.json and tokenizer_config.json as parsed JSON, for `new Tokenizer(json, config)`. */
  readonly tokenizerJson: object;
  readonly tokenizerConfig: object;
  /** Checked against the config: every expected tensor present with its shape, nothing extra. */
  readonly checkpoint: Checkpoint;
  /** The dtype the weights are to be stored in (torch_dtype / .to()); checkpoint bytes keep the file's. */
  readonly dtype: WeightDtype;
}

/**
 * What h-graph provides and the lead plugs into from_pretrained
 * (app/models/hub/from-pretrained.ts calls it once the checkpoint is checked):
 * builds the graphs from `blip.checkpoint` by HF parameter name (each weight
 * stored once, converted to `blip.dtype`) and returns the runnable model.
 * The Checkpoint's buffers must not be kept beyond what the graphs need.
 */
export type BuildBlipGraphs<Model> = (blip: PretrainedBlip) => Promise<Model>;
