// get_memory_footprint() of a variant. Float variants: the checkpoint's parameters and buffers in
// the storage dtype, as transformers 4.x counts them (app/models/hub gives that number; without
// it, counted here the same way: every tensor once, the .bin's alias of cls.predictions.bias not
// again, int64 buffers unchanged by .to()). int8 variants: the same with each quantized weight at
// one byte an element plus its float32 scales and int8 zero points, the bytes as stored (torch's
// own count would leave out its packed quantized weights, which are not parameters).
import { storedDType, type CheckpointTensors } from './checkpoint-weights.ts';
import type { BlipHubConfig } from './config.ts';
import type { BlipVariant } from './blip-hub-sessions.ts';
import type { StorageDType } from './graph-builder.ts';
import { blipLayers, planBlipWeights } from './weight-plan.ts';

const ALIAS = 'text_decoder.cls.predictions.decoder.bias';

export function checkpointFootprint(tensors: CheckpointTensors, storage: StorageDType): number {
  let total = 0;
  for (const t of tensors.values()) {
    if (t.name === ALIAS && tensors.has('text_decoder.cls.predictions.bias')) continue;
    const numel = t.shape.reduce((a, b) => a * b, 1);
    total += numel * (storedDType(t) === 'int64' ? 8 : storage === 'float32' ? 4 : 2);
  }
  return total;
}

export function variantFootprint(parts: { readonly tensors: CheckpointTensors; readonly footprint?: ((d: StorageDType) => number) | undefined }, config: BlipHubConfig, variant: BlipVariant): number {
  const base = parts.footprint?.(variant.storage) ?? checkpointFootprint(parts.tensors, variant.storage);
  if (variant.transform === null) return base;
  const formatOf = planBlipWeights(config, variant.transform);
  const perElement = variant.storage === 'float32' ? 4 : 2;
  let total = base;
  for (const layer of blipLayers(config)) {
    const t = parts.tensors.get(layer.name);
    if (t === undefined) continue;
    const numel = t.shape.reduce((a, b) => a * b, 1);
    const channels = t.shape[0] ?? 1;
    const f = formatOf(layer.name, layer.op);
    if (f.kind === 'float16' || f.kind === 'bfloat16') total += numel * (2 - perElement);
    else if (f.kind === 'int8') total += numel * (1 - perElement) + (f.granularity === 'channel' ? channels * 5 : 5);
    else if (f.kind === 'dynamic') total += numel * (1 - perElement) + (f.granularity === 'channel' ? channels * 4 + 1 : 5);
  }
  return total;
}
