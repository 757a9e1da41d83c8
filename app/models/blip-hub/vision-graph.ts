// BLIP's vision encoder (transformers' BlipVisionModel) as an ONNX graph: patch Conv + class
// token + position embeddings, pre-LN ViT layers (fused qkv, scores × head_dim^-0.5, exact
// GELU), post_layernorm. Output: image_embeds [1, tokens, hidden], what
// BlipForConditionalGeneration hands the text decoder. One image at a time.
import { intAttr, intsAttr } from '../../onnx/graph.ts';
import { type BlipVisionSizes, visionTokens } from './config.ts';
import { type BuildOptions, type BuiltGraph, GraphBuilder } from './graph-builder.ts';
import type { CheckpointTensors } from './checkpoint-weights.ts';

export const VISION_INPUT = 'pixel_values';
export const VISION_OUTPUT = 'image_embeds';

export function buildVisionGraph(tensors: CheckpointTensors, v: BlipVisionSizes, options: BuildOptions): BuiltGraph {
  const g = new GraphBuilder(tensors, options);
  const D = v.hidden;
  const N = visionTokens(v);
  const hd = D / v.heads;
  const p = 'vision_model';
  const pixels = g.round(VISION_INPUT); // torch's bf16 model is fed inputs.to(torch.bfloat16)

  const patchW = `${p}.embeddings.patch_embedding.weight`;
  const convW = g.convWeight(patchW, [D, v.channels, v.patchSize, v.patchSize]);
  const convB = g.weight(`${p}.embeddings.patch_embedding.bias`, [D]);
  const patches = g.round(g.op1('Conv', [pixels, convW, convB], [intsAttr('kernel_shape', [v.patchSize, v.patchSize]), intsAttr('strides', [v.patchSize, v.patchSize])]));
  // [1, D, g, g] → [1, g·g, D]
  const flat = g.transpose(g.reshape(patches, g.constInt([1, D, N - 1])), [0, 2, 1]);
  const cls = g.weight(`${p}.embeddings.class_embedding`, [1, 1, D]);
  const tokens = g.op1('Concat', [cls, flat], [intAttr('axis', 1)]);
  const embedded = g.round(g.op1('Add', [tokens, g.weight(`${p}.embeddings.position_embedding`, [1, N, D])]));
  let h = g.reshape(embedded, g.constInt([N, D]));

  const heads4 = g.constInt([1, N, 3, v.heads, hd]);
  const back2 = g.constInt([N, D]);
  const scale = g.constFloat([hd ** -0.5]);
  for (let l = 0; l < v.layers; l++) {
    const L = `${p}.encoder.layers.${l}`;
    const x = g.layerNorm(h, `${L}.layer_norm1`, D, v.eps);
    const qkv = g.transpose(g.reshape(g.linear(x, `${L}.self_attn.qkv`, D, 3 * D), heads4), [2, 0, 3, 1, 4]);
    const [q, k, val] = g.op('Split', [qkv], [intAttr('axis', 0)], 3).map((s) => g.op1('Squeeze', [s, g.constInt([0])]));
    const scores = g.round(g.op1('Mul', [g.round(g.op1('MatMul', [q!, g.transpose(k!, [0, 1, 3, 2])])), scale]));
    const probs = g.round(g.op1('Softmax', [scores], [intAttr('axis', -1)]));
    const context = g.reshape(g.transpose(g.round(g.op1('MatMul', [probs, val!])), [0, 2, 1, 3]), back2);
    h = g.round(g.op1('Add', [g.linear(context, `${L}.self_attn.projection`, D, D), h]));
    const y = g.layerNorm(h, `${L}.layer_norm2`, D, v.eps);
    const mlp = g.linear(g.gelu(g.linear(y, `${L}.mlp.fc1`, D, v.intermediate)), `${L}.mlp.fc2`, v.intermediate, D);
    h = g.round(g.op1('Add', [mlp, h]));
  }
  const out = g.layerNorm(h, `${p}.post_layernorm`, D, v.eps);
  g.nodes.push({ opType: 'Reshape', input: [out, g.constInt([1, N, D])], output: [VISION_OUTPUT], name: g.fresh('Reshape') });
  const size = v.imageSize;
  return g.finish('blip_vision', [{ name: VISION_INPUT, shape: [1, v.channels, size, size] }], [{ name: VISION_OUTPUT, shape: [1, N, D] }]);
}
