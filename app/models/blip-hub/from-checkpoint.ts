// The graph side of from_pretrained (app/models/hub/checkpoint.ts's BuildBlipGraphs): a checked
// PretrainedBlip → a BlipHubModel on the given runtime, its weights in the dtype asked for.
// `dtype` bfloat16/float16 is `.to(dtype)`: weights stored in that type, computed in float32;
// `.to(torch.bfloat16, { activations: true })` computes like PyTorch's bf16 model.
import { Tokenizer } from '@huggingface/tokenizers';
import type { BuildBlipGraphs, PretrainedBlip } from '../hub/checkpoint.ts';
import { BlipHubModel } from './blip-hub-model.ts';
import type { BlipHubRuntime } from './blip-hub-sessions.ts';
import type { StorageDType } from './graph-builder.ts';
import type { ModelContext } from '../model-cache.ts';

export interface FromCheckpointOptions {
  /** get_memory_footprint() of the checkpoint per storage dtype, as app/models/hub counts it. */
  readonly footprint?: (dtype: StorageDType) => number;
  /** Where the model's `run(url)` fetches images from (createModels passes the kernel's). */
  readonly context?: ModelContext;
}

export function blipHubBuilder(runtime: () => Promise<BlipHubRuntime>, options: FromCheckpointOptions = {}): BuildBlipGraphs<BlipHubModel> {
  return async (blip: PretrainedBlip) => {
    const model = new BlipHubModel({
      id: blip.source,
      tensors: blip.checkpoint.tensors,
      config: blip.config,
      preprocessor: blip.preprocessor,
      tokenizer: new Tokenizer(blip.tokenizerJson, blip.tokenizerConfig),
      runtime: await runtime(),
      footprint: options.footprint,
      pretrained: blip,
      context: options.context,
    });
    return blip.dtype === 'float32' ? model : model.to(blip.dtype);
  };
}
