// Which format each Linear/Conv weight of a BLIP gets under a TransformConfig (app/onnx/plan.ts's
// vocabulary: a default, formats by operator type, formats by layer). Layers are the checkpoint's
// parameter names ("text_decoder.cls.predictions.decoder.weight", or the module name without
// ".weight"); Linear layers are "MatMul" (what an ONNX export of nn.Linear reads), the patch
// embedding is "Conv". Embeddings, LayerNorms and biases stay as stored. As in plan.ts, a name
// that is no layer is an error with near matches, and a format that cannot apply to a named layer
// is an error, while default/byOp entries leave ineligible weights in float32.
import { nearMatches } from '../../onnx/graph.ts';
import { type TransformConfig, type WeightFormat, resolveFormat } from '../../onnx/plan.ts';
import type { BlipHubConfig } from './config.ts';

export type LayerOp = 'MatMul' | 'Conv';

export interface PlannedWeight {
  readonly name: string;
  readonly op: LayerOp;
}

/** Every Linear/Conv weight of the graphs, by HF name. */
export function blipLayers(config: BlipHubConfig): PlannedWeight[] {
  const out: PlannedWeight[] = [{ name: 'vision_model.embeddings.patch_embedding.weight', op: 'Conv' }];
  const linear = (name: string) => out.push({ name: `${name}.weight`, op: 'MatMul' });
  for (let l = 0; l < config.vision.layers; l++) {
    for (const m of ['self_attn.qkv', 'self_attn.projection', 'mlp.fc1', 'mlp.fc2']) linear(`vision_model.encoder.layers.${l}.${m}`);
  }
  for (let l = 0; l < config.text.layers; l++) {
    const L = `text_decoder.bert.encoder.layer.${l}`;
    for (const m of ['attention.self.query', 'attention.self.key', 'attention.self.value', 'attention.output.dense',
      'crossattention.self.query', 'crossattention.self.key', 'crossattention.self.value', 'crossattention.output.dense',
      'intermediate.dense', 'output.dense']) linear(`${L}.${m}`);
  }
  linear('text_decoder.cls.predictions.transform.dense');
  linear('text_decoder.cls.predictions.decoder');
  return out;
}

export type FormatOf = (name: string, op: LayerOp) => WeightFormat;

const FP32: WeightFormat = { kind: 'fp32' };

export function planBlipWeights(config: BlipHubConfig, transform: TransformConfig | null): FormatOf {
  if (transform === null) return () => FP32;
  const layers = blipLayers(config);
  const known = new Map(layers.map((l) => [l.name, l]));
  const named = new Map<string, WeightFormat>();
  for (const [key, spec] of Object.entries(transform.layers ?? {})) {
    const layer = known.get(key) ?? known.get(`${key}.weight`);
    if (layer === undefined) {
      const near = nearMatches(key, known.keys());
      throw new RangeError(`transform: no layer named '${key}'${near.length ? `; did you mean ${near.map((n) => `'${n}'`).join(', ')}?` : ''} (layers are the checkpoint's Linear/Conv weight names)`);
    }
    const format = resolveFormat(spec);
    if (format.kind === 'dynamic' && layer.op === 'Conv') throw new RangeError(`transform: '${key}' is the patch embedding (Conv); dynamic quantization is built for Linear (MatMul) layers only here`);
    named.set(layer.name, format);
  }
  const byOp = new Map(Object.entries(transform.byOp ?? {}).map(([op, spec]) => [op, resolveFormat(spec)]));
  const fallback = resolveFormat(transform.default ?? 'fp32');
  return (name, op) => {
    const explicit = named.get(name);
    if (explicit !== undefined) return explicit;
    const format = byOp.get(op) ?? fallback;
    return format.kind === 'dynamic' && op === 'Conv' ? FP32 : format;
  };
}
