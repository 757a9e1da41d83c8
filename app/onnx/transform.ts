// Model transforms: float16/bfloat16 weights (+ Cast), int8 weight-only (+ DequantizeLinear),
// dynamic-range quantization (integer MatMul/Conv), or any mix per layer (see plan.ts).
// The input model is never modified; untouched tensors are shared with it, so the only new
// weight bytes are the encoded ones. Weights come out as initializers whichever way they came
// in (initializer or Constant node); the decode nodes (Cast/DequantizeLinear) go first in the
// graph since they only read initializers.
import { integerNode, quantizeActivation, convChannelShape, type QuantizedActivation, type QuantizedWeightNames } from './dynamic.ts';
import { encodeHalf, quantizeInt8 } from './encode-weights.ts';
import { NameScope, consumers, editableCopy, intAttr, makeNode } from './graph.ts';
import { onnxOpset } from './model.ts';
import { type ModelProto, type NodeProto, type TensorProto, TensorProtoDataType } from './onnx-proto.gen.ts';
import { type FormatName, type LayerLabel, type PlannedLayer, type TransformConfig, planTransform } from './plan.ts';
import { float32Of, float32Tensor, makeTensor, tensorNumel } from './tensor.ts';
import { UPGRADE_TARGET, upgradeOpset } from './upgrade.ts';

export interface LayerChange extends LayerLabel {
  readonly detail: string;
  readonly bytesBefore: number;
  readonly bytesAfter: number;
}

export interface TransformResult {
  readonly model: ModelProto;
  /** Every float32 weight considered, including those kept in float32. */
  readonly layers: readonly LayerChange[];
  /** Set when the graph had to be upgraded (bfloat16 Cast, per-channel DequantizeLinear need opset 13). */
  readonly upgradedFrom?: number;
}

const NEEDS_13: ReadonlySet<FormatName> = new Set(['bfloat16', 'int8', 'dynamic']);

export function transformModel(input: ModelProto, config: TransformConfig): TransformResult {
  let model = input;
  let upgradedFrom: number | undefined;
  if (planTransform(input, config).some((l) => NEEDS_13.has(l.format.kind)) && onnxOpset(input) < UPGRADE_TARGET) {
    upgradedFrom = onnxOpset(input);
    model = upgradeOpset(input).model;
  }
  const plan = planTransform(model, config);
  const { model: out, graph } = editableCopy(model);
  const names = new NameScope(graph);
  const prelude: NodeProto[] = [];
  const added: TensorProto[] = [];
  const removed = new Set<TensorProto | NodeProto>();
  const dynamicWeights = new Map<string, QuantizedWeightNames>();
  const layers: LayerChange[] = [];
  for (const layer of plan) {
    const change = encodeLayer(layer, names, prelude, added, dynamicWeights);
    if (layer.format.kind !== 'fp32') removed.add(layer.ref.node ?? layer.ref.tensor);
    layers.push(change);
  }
  const rewritten = rewriteDynamicNodes(model.graph?.node ?? [], dynamicWeights, names, plan, added);
  // Dynamic weights also read by other operators keep their float32 original.
  const stillRead = consumers({ node: rewritten });
  for (const [name] of dynamicWeights) {
    const ref = plan.find((l) => l.name === name)?.ref;
    if (ref && stillRead.has(name)) removed.delete(ref.node ?? ref.tensor);
  }
  graph.node = [...prelude, ...rewritten.filter((n) => !removed.has(n))];
  graph.initializer = [...(graph.initializer ?? []).filter((t) => !removed.has(t)), ...added];
  return { model: out, layers, ...(upgradedFrom === undefined ? {} : { upgradedFrom }) };
}

function encodeLayer(
  layer: PlannedLayer,
  names: NameScope,
  prelude: NodeProto[],
  added: TensorProto[],
  dynamicWeights: Map<string, QuantizedWeightNames>,
): LayerChange {
  const { name, shape, format } = layer;
  const numel = tensorNumel(layer.ref.tensor);
  const base = { name, ops: layer.ops, shape, format: format.kind, bytesBefore: numel * 4 };
  if (format.kind === 'fp32') return { ...base, detail: 'kept', bytesAfter: numel * 4 };
  const data = float32Of(layer.ref.tensor);
  if (format.kind === 'float16' || format.kind === 'bfloat16') {
    const stored = names.fresh(`${name}_${format.kind}`);
    const code = format.kind === 'float16' ? TensorProtoDataType.FLOAT16 : TensorProtoDataType.BFLOAT16;
    added.push(makeTensor(stored, code, shape, encodeHalf(data, format.kind)));
    prelude.push(makeNode('Cast', [stored], [name], [intAttr('to', TensorProtoDataType.FLOAT)], names.fresh(`${name}_cast`)));
    return { ...base, detail: `${format.kind} + Cast`, bytesAfter: numel * 2 };
  }
  const perChannel = format.granularity === 'channel';
  const symmetric = format.kind === 'dynamic' ? true : format.symmetric;
  const reduceRange = format.kind === 'dynamic' && format.reduceRange;
  const w = quantizeInt8(data, shape, { granularity: format.granularity, symmetric, axis: layer.axis, reduceRange });
  const q = names.fresh(`${name}_quantized`);
  const scale = names.fresh(`${name}_scale`);
  const zeroPoint = names.fresh(`${name}_zero_point`);
  added.push(makeTensor(q, TensorProtoDataType.INT8, shape, w.q));
  const detail = `${format.granularity === 'channel' ? `per channel (axis ${layer.axis})` : 'per tensor'}, ${symmetric ? 'symmetric' : 'affine'}${reduceRange ? ', reduce_range' : ''}`;
  const bytesAfter = numel + w.scales.length * 5;
  if (format.kind === 'int8') {
    added.push(float32Tensor(scale, perChannel ? [w.scales.length] : [], w.scales));
    added.push(makeTensor(zeroPoint, TensorProtoDataType.INT8, perChannel ? [w.zeroPoints.length] : [], w.zeroPoints));
    const axis = perChannel ? [intAttr('axis', layer.axis)] : [];
    prelude.push(makeNode('DequantizeLinear', [q, scale, zeroPoint], [name], axis, names.fresh(`${name}_DequantizeLinear`)));
    return { ...base, detail: `int8 weight-only, ${detail}`, bytesAfter };
  }
  // Dynamic: symmetric, so one scalar zero point (0) serves every channel, which is all
  // ConvInteger accepts; per-channel scales are applied after the integer op instead.
  const isConv = layer.ops.includes('Conv');
  const scaleShape = !perChannel ? [] : isConv ? convChannelShape(w.scales.length, shape.length) : [w.scales.length];
  added.push(float32Tensor(scale, scaleShape, w.scales));
  added.push(makeTensor(zeroPoint, TensorProtoDataType.INT8, [], Int8Array.of(0)));
  dynamicWeights.set(name, { q, scale, zeroPoint });
  return { ...base, detail: `dynamic ${isConv ? 'ConvInteger' : 'MatMulInteger'}, ${detail}`, bytesAfter };
}

function rewriteDynamicNodes(
  nodes: readonly NodeProto[],
  weights: ReadonlyMap<string, QuantizedWeightNames>,
  names: NameScope,
  plan: readonly PlannedLayer[],
  added: TensorProto[],
): NodeProto[] {
  if (weights.size === 0) return [...nodes];
  const activations = new Map<string, QuantizedActivation>();
  return nodes.flatMap((node) => {
    const w = weights.get(node.input?.[1] ?? '');
    if (!w || (node.opType !== 'MatMul' && node.opType !== 'Conv')) return [node];
    const x = node.input?.[0] ?? '';
    const out: NodeProto[] = [];
    let act = activations.get(x);
    if (!act) {
      const q = quantizeActivation(x, names);
      out.push(...q.nodes);
      act = q.act;
      activations.set(x, act);
    }
    const shape = plan.find((l) => l.name === node.input?.[1])?.shape ?? [];
    const biasShape = node.opType === 'Conv' ? convChannelShape(shape[0] ?? 1, shape.length) : null;
    out.push(...integerNode(node, act, w, names, biasShape, added));
    return out;
  });
}
