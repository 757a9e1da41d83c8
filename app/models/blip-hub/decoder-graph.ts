// BLIP's text decoder (transformers' BlipTextLMHeadModel) as ONNX graphs:
// - `cross`: image_embeds → the cross-attention keys and values of every layer, once per image;
// - `cached`: one decoding step on a KV cache: input_ids [B, T] (the new tokens), past_key_l /
//   past_value_l [B, heads, P, head_dim] (P = 0 on the first step), cross_key_l [1, heads,
//   head_dim, tokens] (already transposed for Q·Kᵀ, once per image) and cross_value_l [1, heads,
//   tokens, head_dim] (broadcast over the beams) → logits of the last position [B, vocab] and
//   present_key_l / present_value_l [B, heads, P + T, head_dim]. Its Linear weights are [in, out]
//   (graph-builder.ts `in-out`: one row at a time is multiplied, and WASM's fast path wants that);
// - `full`: the exported layout today's runtime (app/models/blip) runs, without a cache:
//   input_ids, attention_mask, encoder_hidden_states → logits [B, T, vocab].
// The math is BertLMHeadModel's: LayerNorm(word + position) (eps 1e-12), post-LN self-attention
// with the causal mask (1 − m)·−10000, cross-attention, MLP, LM head transform (dense, GELU,
// LayerNorm) then decoder + bias.
import { intAttr } from '../../onnx/graph.ts';
import { TensorProtoDataType as DT } from '../../onnx/onnx-proto.gen.ts';
import type { ValueSpec } from '../../onnx/build.ts';
import type { BlipTextSizes } from './config.ts';
import type { CheckpointTensors } from './checkpoint-weights.ts';
import { type BuildOptions, type BuiltGraph, GraphBuilder } from './graph-builder.ts';

export type DecoderMode = 'cached' | 'full';

const P = 'text_decoder';
const layerPrefix = (l: number) => `${P}.bert.encoder.layer.${l}`;
export const pastKey = (l: number) => `past_key_${l}`;
export const pastValue = (l: number) => `past_value_${l}`;
export const presentKey = (l: number) => `present_key_${l}`;
export const presentValue = (l: number) => `present_value_${l}`;
export const crossKey = (l: number) => `cross_key_${l}`;
export const crossValue = (l: number) => `cross_value_${l}`;

/** [rows, D] → [1 | B, heads, rows/B, head_dim] via `shape4` ([B, T, heads, head_dim]). */
function splitHeads(g: GraphBuilder, x: string, shape4: string): string {
  return g.transpose(g.reshape(x, shape4), [0, 2, 1, 3]);
}

/** Cross-attention keys/values of every layer from the image embeddings; `keysTransposed`: keys as [1, heads, head_dim, tokens]. */
function crossKeyValues(g: GraphBuilder, t: BlipTextSizes, tokens: string, encoderRows: string, shape4: string, keysTransposed = false): { keys: string[]; values: string[] } {
  const keys: string[] = [];
  const values: string[] = [];
  const flat = g.reshape(tokens, encoderRows);
  for (let l = 0; l < t.layers; l++) {
    const L = `${layerPrefix(l)}.crossattention.self`;
    const key = g.linear(flat, `${L}.key`, t.encoderHidden, t.hidden);
    keys.push(keysTransposed ? g.transpose(g.reshape(key, shape4), [0, 2, 3, 1]) : splitHeads(g, key, shape4));
    values.push(splitHeads(g, g.linear(flat, `${L}.value`, t.encoderHidden, t.hidden), shape4));
  }
  return { keys, values };
}

export function buildCrossGraph(tensors: CheckpointTensors, t: BlipTextSizes, imageTokens: number, options: BuildOptions): BuiltGraph {
  const g = new GraphBuilder(tensors, options);
  const hd = t.hidden / t.heads;
  const { keys, values } = crossKeyValues(g, t, 'image_embeds', g.constInt([-1, t.encoderHidden]), g.constInt([1, imageTokens, t.heads, hd]), true);
  const outputs: ValueSpec[] = [];
  for (let l = 0; l < t.layers; l++) {
    g.nodes.push({ opType: 'Identity', input: [keys[l]!], output: [crossKey(l)], name: g.fresh('Identity') });
    g.nodes.push({ opType: 'Identity', input: [values[l]!], output: [crossValue(l)], name: g.fresh('Identity') });
    outputs.push({ name: crossKey(l), shape: [1, t.heads, hd, imageTokens] }, { name: crossValue(l), shape: [1, t.heads, imageTokens, hd] });
  }
  return g.finish('blip_cross_attention_kv', [{ name: 'image_embeds', shape: [1, imageTokens, t.encoderHidden] }], outputs);
}

export function buildDecoderGraph(tensors: CheckpointTensors, t: BlipTextSizes, imageTokens: number, mode: DecoderMode, options: BuildOptions): BuiltGraph {
  const cached = mode === 'cached';
  const g = new GraphBuilder(tensors, options, cached ? 'in-out' : 'out-in');
  const D = t.hidden;
  const hd = D / t.heads;
  const ids = 'input_ids';
  const squeeze = (x: string) => g.op1('Squeeze', [x, g.constInt([0])]);
  const unsqueeze = (x: string, axis: number) => g.op1('Unsqueeze', [x, g.constInt([axis])]);

  const bt = g.op1('Shape', [ids]); // [B, T]
  const T = g.op1('Shape', [ids], [intAttr('start', 1), intAttr('end', 2)]);
  const past = cached ? g.op1('Shape', [pastKey(0)], [intAttr('start', 2), intAttr('end', 3)]) : g.constInt([0]);
  const total = g.op1('Add', [past, T]);
  const positions = g.op1('Range', [squeeze(past), squeeze(total), g.constInt([1], [])]); // [T]: P … P+T−1
  const words = g.op1('Gather', [g.weight(`${P}.bert.embeddings.word_embeddings.weight`, [t.vocab, D]), ids]);
  const pos = g.op1('Gather', [g.weight(`${P}.bert.embeddings.position_embeddings.weight`, [t.maxPositions, D]), positions]);
  const embedded = g.layerNorm(g.round(g.op1('Add', [words, pos])), `${P}.bert.embeddings.LayerNorm`, D, t.eps);
  let h = g.reshape(embedded, g.constInt([-1, D]));

  // Causal mask: key position k is visible from query position q when k ≤ q (the past is all visible).
  const keyPositions = g.op1('Range', [g.constInt([0], []), squeeze(total), g.constInt([1], [])]);
  let m = g.op1('Cast', [g.op1('LessOrEqual', [unsqueeze(keyPositions, 0), unsqueeze(positions, 1)])], [intAttr('to', DT.FLOAT)]); // [T, S]
  if (!cached) m = g.op1('Mul', [m, unsqueeze(unsqueeze(g.op1('Cast', ['attention_mask'], [intAttr('to', DT.FLOAT)]), 1), 1)]); // [B, 1, T, S]
  const mask = g.round(g.op1('Mul', [g.op1('Sub', [g.constFloat([1]), m]), g.constFloat([-10000])]));

  const shape4 = g.op1('Concat', [bt, g.constInt([t.heads, hd])], [intAttr('axis', 0)]);
  const rows = g.constInt([-1, D]);
  const sqrtHd = g.constFloat([Math.sqrt(hd)]);
  const cross = cached
    ? { keys: Array.from({ length: t.layers }, (_, l) => crossKey(l)), values: Array.from({ length: t.layers }, (_, l) => crossValue(l)) }
    : crossKeyValues(g, t, 'encoder_hidden_states', g.constInt([-1, t.encoderHidden]), g.constInt([1, imageTokens, t.heads, hd]));
  /** `kt`: the keys already transposed ([…, head_dim, keys]). */
  const attend = (q: string, k: string, v: string, addMask: boolean, kt = false): string => {
    let scores = g.round(g.op1('Div', [g.round(g.op1('MatMul', [q, kt ? k : g.transpose(k, [0, 1, 3, 2])])), sqrtHd]));
    if (addMask) scores = g.round(g.op1('Add', [scores, mask]));
    const probs = g.round(g.op1('Softmax', [scores], [intAttr('axis', -1)]));
    return g.reshape(g.transpose(g.round(g.op1('MatMul', [probs, v])), [0, 2, 1, 3]), rows);
  };
  const presents: string[] = [];
  for (let l = 0; l < t.layers; l++) {
    const L = layerPrefix(l);
    const self = `${L}.attention.self`;
    const q = splitHeads(g, g.linear(h, `${self}.query`, D, D), shape4);
    let k = splitHeads(g, g.linear(h, `${self}.key`, D, D), shape4);
    let v = splitHeads(g, g.linear(h, `${self}.value`, D, D), shape4);
    if (cached) {
      k = g.op1('Concat', [pastKey(l), k], [intAttr('axis', 2)]);
      v = g.op1('Concat', [pastValue(l), v], [intAttr('axis', 2)]);
      presents.push(k, v);
    }
    const selfOut = g.linear(attend(q, k, v, true), `${L}.attention.output.dense`, D, D);
    h = g.layerNorm(g.round(g.op1('Add', [selfOut, h])), `${L}.attention.output.LayerNorm`, D, t.eps);
    const cq = splitHeads(g, g.linear(h, `${L}.crossattention.self.query`, D, D), shape4);
    // encoder_attention_mask is all ones for one image: (1 − 1)·−10000 adds nothing.
    const crossOut = g.linear(attend(cq, cross.keys[l]!, cross.values[l]!, false, cached), `${L}.crossattention.output.dense`, D, D);
    h = g.layerNorm(g.round(g.op1('Add', [crossOut, h])), `${L}.crossattention.output.LayerNorm`, D, t.eps);
    const mlp = g.linear(g.gelu(g.linear(h, `${L}.intermediate.dense`, D, t.intermediate)), `${L}.output.dense`, t.intermediate, D);
    h = g.layerNorm(g.round(g.op1('Add', [mlp, h])), `${L}.output.LayerNorm`, D, t.eps);
  }
  if (cached) {
    // Only the last position's logits are needed to choose the next token.
    const last = squeeze(g.op1('Sub', [T, g.constInt([1])]));
    h = g.op1('Gather', [g.reshape(h, g.op1('Concat', [bt, g.constInt([D])], [intAttr('axis', 0)])), last], [intAttr('axis', 1)]);
  }
  const head = `${P}.cls.predictions`;
  const transformed = g.layerNorm(g.gelu(g.linear(h, `${head}.transform.dense`, D, D)), `${head}.transform.LayerNorm`, D, t.eps);
  const logits = g.linear(transformed, `${head}.decoder`, D, t.vocab, `${head}.bias`);
  const outLogits = cached ? logits : g.reshape(logits, g.op1('Concat', [bt, g.constInt([t.vocab])], [intAttr('axis', 0)]));
  g.nodes.push({ opType: 'Identity', input: [outLogits], output: ['logits'], name: g.fresh('Identity') });
  presents.forEach((p, i) => {
    const l = i >> 1;
    g.nodes.push({ opType: 'Identity', input: [p], output: [i % 2 === 0 ? presentKey(l) : presentValue(l)], name: g.fresh('Identity') });
  });

  const kv = (name: string, len: string): ValueSpec => ({ name, shape: ['batch', t.heads, len, hd] });
  const crossSpec = (name: string, transposed = false): ValueSpec => ({ name, shape: transposed ? [1, t.heads, hd, imageTokens] : [1, t.heads, imageTokens, hd] });
  const inputs: ValueSpec[] = cached
    ? [
      { name: ids, shape: ['batch', 'tokens'], dtype: DT.INT64 },
      ...Array.from({ length: t.layers }, (_, l) => [kv(pastKey(l), 'past'), kv(pastValue(l), 'past'), crossSpec(crossKey(l), true), crossSpec(crossValue(l))]).flat(),
    ]
    : [
      { name: ids, shape: ['batch', 'tokens'], dtype: DT.INT64 },
      { name: 'attention_mask', shape: ['batch', 'tokens'], dtype: DT.INT64 },
      { name: 'encoder_hidden_states', shape: [1, imageTokens, t.encoderHidden] },
    ];
  const outputs: ValueSpec[] = cached
    ? [{ name: 'logits', shape: ['batch', t.vocab] }, ...Array.from({ length: t.layers }, (_, l) => [kv(presentKey(l), 'total'), kv(presentValue(l), 'total')]).flat()]
    : [{ name: 'logits', shape: ['batch', 'tokens', t.vocab] }];
  return g.finish(cached ? 'blip_text_decoder_cached' : 'blip_text_decoder', inputs, outputs);
}
