// BLIP captioning over the two-graph layout (vision_model.onnx +
// text_decoder_model.onnx). Variants go through the same transforms as any
// model: both graphs get the same config.
import type { Tokenizer } from '@huggingface/tokenizers';
import type { TransformConfig } from '../../onnx/plan.ts';
import type { OnnxModel } from '../onnx-model.ts';
import { isBackendChoice, loadOrt } from '../ort.ts';
import { readImage } from '../image/read-image.ts';
import { localModelContext, type ModelContext } from '../model-cache.ts';
import { encodeImage, generate, type GeneratedStep } from './generate.ts';
import { preprocessBlip, type PreprocessorConfig } from './preprocess.ts';

export interface BlipSpecials {
  readonly bos: number;
  readonly sep: number;
}

export interface CaptionToken {
  readonly id: number;
  readonly text: string;
  readonly probability: number;
  /** The two most likely tokens at this step, with their text. */
  readonly top: readonly { readonly id: number; readonly text: string; readonly probability: number }[];
}

export interface Caption {
  readonly caption: string;
  readonly tokens: readonly CaptionToken[];
  readonly ms: number;
  /** Where the image's pixels may differ from Pillow's (a JPEG decoded by the browser), else null. */
  readonly image_note?: string | null;
  toString(): string;
}

export interface RunOptions {
  readonly max_new_tokens?: number;
  readonly num_beams?: number;
}

const MB = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;

export interface BlipModelOptions {
  readonly id: string;
  readonly vision: OnnxModel;
  readonly decoder: OnnxModel;
  readonly tokenizer: Tokenizer;
  readonly preprocessor: PreprocessorConfig;
  readonly specials: BlipSpecials;
  /** Default "fp32". */
  readonly variant?: string;
  /** Caption length when run() is not told (config.json's max_length; default 20). */
  readonly maxLength?: number;
  /** Where run(url) fetches the image (default this context's own cache and page). */
  readonly context?: ModelContext;
}

export class BlipModel {
  readonly id: string;
  readonly vision: OnnxModel;
  readonly decoder: OnnxModel;
  readonly tokenizer: Tokenizer;
  readonly preprocessor: PreprocessorConfig;
  readonly specials: BlipSpecials;
  readonly variant: string;
  readonly maxLength: number;
  readonly #options: BlipModelOptions;

  constructor(options: BlipModelOptions) {
    this.#options = options;
    ({ id: this.id, vision: this.vision, decoder: this.decoder, tokenizer: this.tokenizer, preprocessor: this.preprocessor, specials: this.specials } = options);
    this.variant = options.variant ?? 'fp32';
    this.maxLength = options.maxLength ?? 20;
  }

  get_memory_footprint(): number {
    return this.vision.get_memory_footprint() + this.decoder.get_memory_footprint();
  }

  file_size(): number {
    return this.vision.file_size() + this.decoder.file_size();
  }

  #with(vision: OnnxModel, decoder: OnnxModel, variant: string): BlipModel {
    return new BlipModel({ ...this.#options, vision, decoder, variant });
  }

  to(dtype: Parameters<OnnxModel['to']>[0], options: Readonly<Record<string, unknown>> = {}): BlipModel {
    // The Hub BLIP's to(dtype, { activations: true }) computes in bf16; these exported graphs cannot, so say so instead of ignoring it.
    for (const key of Object.keys(options)) {
      if (key === 'activations') throw new TypeError(`to(dtype, { activations }): computing in bfloat16 is built for models from models.from_pretrained, not for ${this.id}'s exported graphs (their weights can still go to bfloat16: to(torch.bfloat16))`);
      throw new TypeError(`to(): unknown option '${key}'`);
    }
    // Its caption loop feeds tensors of the WASM runtime, which a WebGPU session would not take.
    if (typeof dtype === 'string' && isBackendChoice(dtype) && dtype !== 'wasm') throw new TypeError(`to("${dtype}"): BLIP runs on WASM here`);
    const v = this.vision.to(dtype);
    return this.#with(v, this.decoder.to(dtype), v.variant);
  }

  quantize(options: Parameters<OnnxModel['quantize']>[0] = {}): BlipModel {
    const v = this.vision.quantize(options);
    return this.#with(v, this.decoder.quantize(options), v.variant);
  }

  quantize_dynamic(options: Parameters<OnnxModel['quantize_dynamic']>[0] = {}): BlipModel {
    const v = this.vision.quantize_dynamic({ op_types: ['MatMul'], ...options });
    return this.#with(v, this.decoder.quantize_dynamic({ op_types: ['MatMul'], ...options }), v.variant);
  }

  transform(config: TransformConfig, label = 'custom'): BlipModel {
    return this.#with(this.vision.transform(config, label), this.decoder.transform(config, label), label);
  }

  /** Frees both sessions (a variant no longer needed); the next run makes them again. */
  async dispose(): Promise<void> {
    await Promise.all([this.vision.dispose(), this.decoder.dispose()]);
  }

  /** Caption one image: ImageData, a File/Blob, an image URL, or a sample from blip.samples() (app/models/image/read-image.ts). */
  async run(input: unknown, options: RunOptions = {}): Promise<Caption> {
    const image = await readImage(input, this.#options.context ?? localModelContext());
    const ort = await loadOrt();
    const pixels = preprocessBlip(image.pixels, this.preprocessor);
    const [vision, decoder] = [await this.vision.session(), await this.decoder.session()];
    const t0 = performance.now();
    const embeds = await encodeImage(ort, vision, pixels);
    const steps = await generate(ort, decoder, embeds, {
      bos: this.specials.bos,
      sep: this.specials.sep,
      maxNewTokens: options.max_new_tokens ?? this.maxLength,
      numBeams: options.num_beams ?? 1,
    });
    const ms = performance.now() - t0;
    return this.#caption(steps, ms, image.note);
  }

  #caption(steps: readonly GeneratedStep[], ms: number, imageNote: string | null): Caption {
    const words = steps.filter((s) => s.id !== this.specials.sep);
    const caption = this.tokenizer.decode(words.map((s) => s.id), { skip_special_tokens: true });
    const text = (id: number) => this.tokenizer.id_to_token(id) ?? `[${id}]`;
    const tokens = steps.map((s) => ({
      id: s.id,
      text: text(s.id),
      probability: s.probability,
      top: s.top.map((c) => ({ id: c.id, text: text(c.id), probability: c.probability })),
    }));
    return { caption, tokens, ms, image_note: imageNote, toString: () => `'${caption}'` };
  }

  toString(): string {
    return `BlipModel(${this.id}, ${this.variant}, weights ${MB(this.get_memory_footprint())}, files ${MB(this.file_size())})`;
  }
}
