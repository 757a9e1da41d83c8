// What fromPretrained returns when it is given no graph builder (hub/ unit tests; in cells
// models.from_pretrained always builds the graphs with blip-hub/): the checked checkpoint,
// config and preprocessor, the weight dtype, and the numbers transformers 4.x gives
// (get_memory_footprint, num_parameters). run() says what is missing instead of pretending.
import { NotImplementedError } from '../../torch/errors.ts';
import type { PretrainedBlip, WeightDtype } from './checkpoint.ts';
import { blipCounts, blipMemoryFootprint } from './blip-inventory.ts';
import { weightDtypeOf } from './weight-dtype.ts';

const MB = (n: number): string => `${(n / 1e6).toFixed(2)} MB`;

export class PretrainedBlipModel {
  constructor(readonly pretrained: PretrainedBlip) {}

  get config(): PretrainedBlip['config'] {
    return this.pretrained.config;
  }
  get checkpoint(): PretrainedBlip['checkpoint'] {
    return this.pretrained.checkpoint;
  }
  get dtype(): WeightDtype {
    return this.pretrained.dtype;
  }

  /** transformers 4.x: every parameter and buffer, numel × element size, in the weights' dtype. */
  get_memory_footprint(): number {
    return blipMemoryFootprint(this.pretrained.config, this.pretrained.dtype);
  }

  /** `model.num_parameters()`: parameters only (the position_ids buffer is not one). */
  num_parameters(): number {
    return blipCounts(this.pretrained.config).parameters;
  }

  /**
   * The same model with weights stored in `dtype` (torch.float32 / float16 / bfloat16).
   * Like the notebook's other models, a new object: the original keeps its dtype
   * (PyTorch's Module.to changes the module in place). Both share the checkpoint's bytes.
   */
  to(dtype: unknown): PretrainedBlipModel {
    if (typeof dtype === 'string' && (dtype === 'cpu' || dtype === 'wasm')) return this;
    return new PretrainedBlipModel({ ...this.pretrained, dtype: weightDtypeOf(dtype, 'BlipForConditionalGeneration.to') });
  }

  run(): Promise<never> {
    return Promise.reject(
      new NotImplementedError(
        `${this.pretrained.source}: captioning with a checkpoint loaded by from_pretrained needs the BLIP graph builder (vision encoder, cross-attention K/V, KV-cache decoder), which is not joined into this build yet; ` +
          'the checkpoint, its config, get_memory_footprint() and .to(dtype) work. For captions now: models.load("tiny-blip")',
      ),
    );
  }

  toString(): string {
    const v = this.config.vision_config;
    const t = this.config.text_config;
    return (
      `BlipForConditionalGeneration from ${this.pretrained.source} (${this.checkpoint.format}, ${this.dtype}): ` +
      `vision ${v.num_hidden_layers}×${v.hidden_size} at ${v.image_size}px, text ${t.num_hidden_layers}×${t.hidden_size}, vocab ${t.vocab_size}; ` +
      `${this.num_parameters().toLocaleString('en-US')} parameters, footprint ${MB(this.get_memory_footprint())}`
    );
  }
}
