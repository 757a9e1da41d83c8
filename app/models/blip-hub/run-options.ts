// run(image, options): transformers' generate() arguments for BLIP, checked. Defaults come from
// config.json's text_config (max_length 20, num_beams 1), as the text decoder's generation
// config does in transformers 4.x. A prompt is tokenized [CLS] … [SEP]; generate() overwrites
// [CLS] with the bos id ([DEC]) and drops the final [SEP]. `vision_engine` and `decoder_engine` are ours (engines.ts).
import type { Tokenizer } from '@huggingface/tokenizers';
import type { BlipTextSizes } from './config.ts';
import type { GenerateConfig } from './kv-generate.ts';
import { type EngineOption, parseEngine } from './engines.ts';

export interface RunOptions {
  /** The whole sequence's length, [DEC] and the prompt included (default text_config.max_length). */
  readonly max_length?: number;
  /** Instead of max_length: this many tokens after [DEC] and the prompt. */
  readonly max_new_tokens?: number;
  readonly num_beams?: number;
  /** Text the caption continues, e.g. "a picture of". */
  readonly prompt?: string;
  /** false: rerun the decoder on the whole sequence each step (no KV cache), as transformers' use_cache=False. */
  readonly use_cache?: boolean;
  /**
   * What encodes the image: 'wasm' (app/wasm's WebAssembly kernels; the float32 model only),
   * 'onnxruntime' (its vision graph), or 'auto' (the default: 'wasm' for float32 where the
   * runtime has it, else 'onnxruntime'). The caption's `vision_engine` says which ran.
   */
  readonly vision_engine?: EngineOption;
  /**
   * What runs the text decoder with its KV cache: 'wasm' (app/wasm's kernels, on the same
   * threads as the vision encoder; the float32 model only), 'onnxruntime' (its cross and cached
   * decoder graphs), or 'auto' (the default, as for vision_engine). use_cache: false always
   * runs onnxruntime's full graph. The caption's `decoder_engine` says which ran.
   */
  readonly decoder_engine?: EngineOption;
}

const KEYS: ReadonlySet<string> = new Set(['max_length', 'max_new_tokens', 'num_beams', 'prompt', 'use_cache', 'vision_engine', 'decoder_engine']);

function positiveInt(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new RangeError(`run(): ${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

export function parseGenerateOptions(options: RunOptions, tokenizer: Tokenizer, text: BlipTextSizes): { config: GenerateConfig; useCache: boolean; visionEngine: EngineOption; decoderEngine: EngineOption } {
  if (typeof options !== 'object' || options === null) throw new TypeError('run(image, options): options must be an object');
  for (const key of Object.keys(options)) {
    if (!KEYS.has(key)) throw new TypeError(`run(): unknown option '${key}' (supported: ${[...KEYS].join(', ')})`);
  }
  let start = [text.bos];
  if (options.prompt !== undefined) {
    if (typeof options.prompt !== 'string') throw new TypeError('run(): prompt must be a string');
    const ids = tokenizer.encode(options.prompt).ids;
    start = [text.bos, ...ids.slice(1, -1)];
  }
  if (options.max_length !== undefined && options.max_new_tokens !== undefined) throw new TypeError('run(): give max_length or max_new_tokens, not both');
  const maxLength = options.max_new_tokens !== undefined ? start.length + positiveInt(options.max_new_tokens, 'max_new_tokens')
    : options.max_length !== undefined ? positiveInt(options.max_length, 'max_length') : text.maxLength;
  if (maxLength <= start.length) throw new RangeError(`run(): max_length ${maxLength} leaves no room after the ${start.length} starting tokens ([DEC]${start.length > 1 ? ' and the prompt' : ''})`);
  if (maxLength > text.maxPositions) throw new RangeError(`run(): max_length ${maxLength} is past the decoder's ${text.maxPositions} positions`);
  const numBeams = options.num_beams === undefined ? 1 : positiveInt(options.num_beams, 'num_beams');
  if (options.use_cache !== undefined && typeof options.use_cache !== 'boolean') throw new TypeError('run(): use_cache must be true or false');
  const visionEngine = parseEngine(options.vision_engine, 'vision_engine');
  const decoderEngine = parseEngine(options.decoder_engine, 'decoder_engine');
  const useCache = options.use_cache ?? true;
  if (!useCache && decoderEngine === 'wasm') throw new TypeError("run(): decoder_engine 'wasm' runs with the KV cache only; use_cache: false runs onnxruntime's full decoder graph (leave decoder_engine out)");
  return { config: { start, sep: text.sep, maxLength, numBeams }, useCache, visionEngine, decoderEngine };
}
