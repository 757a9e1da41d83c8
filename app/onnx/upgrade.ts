// Opset upgrade to 13 for models at opset 9–12 (what bfloat16 Cast and per-channel
// DequantizeLinear need). Only operators whose signature or meaning changed are rewritten:
// attributes that became inputs (Slice 10, Clip/Pad 11, Squeeze/Unsqueeze/Split/ReduceSum 13,
// TopK 10, Dropout 12) and the Softmax family, whose opset-13 definition works on one axis
// instead of flattening to 2-D. Everything else is on an allowlist of operators whose changes
// up to 13 only add types or negative axes; anything not on it is refused by name.
import { NameScope, attr, attrFloat, attrInt, attrInts, editableCopy, intAttr, makeNode } from './graph.ts';
import { OnnxFormatError, onnxOpset } from './model.ts';
import type { AttributeProto, GraphProto, ModelProto, NodeProto, TensorProto } from './onnx-proto.gen.ts';
import { int64ToNumber } from './proto.ts';
import { float32Tensor, int64Tensor } from './tensor.ts';

export const UPGRADE_TARGET = 13;

const COMPATIBLE = new Set(
  (
    'Abs Acos Acosh Add And ArgMax ArgMin Asin Asinh Atan Atanh AveragePool BatchNormalization Cast Ceil Compress Concat ' +
    'Constant ConstantOfShape Conv ConvTranspose Cos Cosh DepthToSpace Div Elu Equal Erf Exp Expand EyeLike Flatten Floor ' +
    'GRU Gather Gemm GlobalAveragePool GlobalLpPool GlobalMaxPool Greater HardSigmoid Identity InstanceNormalization IsNaN ' +
    'LRN LSTM LeakyRelu Less Log LpNormalization LpPool MatMul Max MaxPool MaxRoiPool MaxUnpool Mean MeanVarianceNormalization ' +
    'Min Mul Multinomial Neg NonZero Not OneHot Or PRelu Pow RNN RandomNormal RandomNormalLike RandomUniform RandomUniformLike ' +
    'Reciprocal ReduceL1 ReduceL2 ReduceLogSum ReduceLogSumExp ReduceMax ReduceMean ReduceMin ReduceProd ReduceSumSquare ' +
    'Relu Reshape Selu Shape Shrink Sigmoid Sign Sin Sinh Size Softplus Softsign SpaceToDepth Sqrt Sub Sum Tan Tanh ' +
    'TfIdfVectorizer Tile Transpose Where Xor Resize ' +
    // opset-10/11 additions, only reachable from a model already at 10–12
    'QuantizeLinear DequantizeLinear ConvInteger MatMulInteger DynamicQuantizeLinear Mod IsInf ThresholdedRelu NonMaxSuppression ' +
    'ReverseSequence RoiAlign CumSum Det GatherElements GatherND Range Round ScatterElements ScatterND Unique Einsum ' +
    'NegativeLogLikelihoodLoss SoftmaxCrossEntropyLoss Celu BitShift StringNormalizer'
  ).split(' '),
);

const REFUSED: Readonly<Record<string, string>> = {
  Upsample: 'Upsample is deprecated from opset 10; its replacement Resize uses different coordinate rules',
  Scatter: 'Scatter is deprecated from opset 11 (ScatterElements replaces it)',
  Resize: 'Resize changed its coordinate transformation between opset 10 and 11',
  If: 'subgraphs (If/Loop/Scan) would need their bodies upgraded too',
  Loop: 'subgraphs (If/Loop/Scan) would need their bodies upgraded too',
  Scan: 'subgraphs (If/Loop/Scan) would need their bodies upgraded too',
};

export interface UpgradeResult {
  readonly model: ModelProto;
  readonly from: number;
  /** Operator type -> how many nodes were rewritten. */
  readonly rewritten: Readonly<Record<string, number>>;
}

/** Returns `model` itself when it is already at opset 13 or newer. */
export function upgradeOpset(model: ModelProto, target = UPGRADE_TARGET): UpgradeResult {
  if (target !== UPGRADE_TARGET) throw new RangeError(`upgradeOpset: only opset ${UPGRADE_TARGET} is supported as a target, got ${target}`);
  const from = onnxOpset(model);
  if (from >= target) return { model, from, rewritten: {} };
  if (from < 9) throw new OnnxFormatError(`opset upgrade: the model is at opset ${from}; upgrading is supported from opset 9 to 12 only`);
  checkSupported(model.graph ?? {}, from);
  const { model: out, graph } = editableCopy(model);
  const ctx = new UpgradeContext(graph, from);
  graph.node = (model.graph?.node ?? []).flatMap((node) => ctx.upgrade(node));
  graph.initializer = [...(graph.initializer ?? []), ...ctx.added];
  out.opsetImport = (out.opsetImport ?? []).map((o) => ((o.domain ?? '') === '' || o.domain === 'ai.onnx' ? { ...o, version: target } : o));
  out.irVersion = Math.max(int64ToNumber(out.irVersion), 7); // opset 13 needs IR version 7
  return { model: out, from, rewritten: ctx.rewritten };
}

function checkSupported(graph: GraphProto, from: number): void {
  const problems = new Map<string, number>();
  for (const node of graph.node ?? []) {
    if ((node.domain ?? '') !== '' && node.domain !== 'ai.onnx') continue; // other domains keep their own opsets
    const op = node.opType ?? '';
    const refused = op === 'Resize' && from > 10 ? undefined : REFUSED[op];
    if (refused !== undefined || (!COMPATIBLE.has(op) && !REWRITERS[op])) problems.set(op, (problems.get(op) ?? 0) + 1);
  }
  if (problems.size === 0) return;
  const list = [...problems].map(([op, n]) => `${op} (${n} node${n > 1 ? 's' : ''}${REFUSED[op] ? `: ${REFUSED[op]}` : ''})`).join('; ');
  throw new OnnxFormatError(`opset upgrade ${from} → ${UPGRADE_TARGET}: unsupported operator(s): ${list}`);
}

class UpgradeContext {
  readonly added: TensorProto[] = [];
  readonly rewritten: Record<string, number> = {};
  readonly names: NameScope;
  readonly ranks = new Map<string, number>();
  constructor(
    graph: GraphProto,
    readonly from: number,
  ) {
    this.names = new NameScope(graph);
    for (const v of [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.valueInfo ?? [])]) {
      const dims = v.type?.tensorType?.shape?.dim;
      if (v.name && dims) this.ranks.set(v.name, dims.length);
    }
  }
  upgrade(node: NodeProto): NodeProto[] {
    const rewrite = REWRITERS[node.opType ?? ''];
    const out = rewrite && ((node.domain ?? '') === '' || node.domain === 'ai.onnx') ? rewrite(node, this) : null;
    if (!out) return [node];
    this.rewritten[node.opType ?? ''] = (this.rewritten[node.opType ?? ''] ?? 0) + 1;
    return out;
  }
  int64Input(base: string, values: readonly number[]): string {
    const name = this.names.fresh(base);
    this.added.push(int64Tensor(name, values));
    return name;
  }
  floatScalar(base: string, value: number): string {
    const name = this.names.fresh(base);
    this.added.push(float32Tensor(name, [], Float32Array.of(value)));
    return name;
  }
}

type Rewriter = (node: NodeProto, ctx: UpgradeContext) => NodeProto[] | null;

const without = (node: NodeProto, ...names: string[]): AttributeProto[] =>
  (node.attribute ?? []).filter((a) => !names.includes(a.name ?? ''));
const withInputs = (node: NodeProto, inputs: readonly string[], drop: readonly string[]): NodeProto => ({
  ...node,
  input: [...inputs],
  attribute: without(node, ...drop),
});
const first = (node: NodeProto): string => node.input?.[0] ?? '';
const label = (node: NodeProto, what: string): string => `${node.output?.[0] ?? 'node'}_${what}`;

/** axes attribute -> int64 input (Squeeze, Unsqueeze, ReduceSum at 13). */
function axesToInput(node: NodeProto, ctx: UpgradeContext): NodeProto[] | null {
  if (ctx.from >= 13) return null;
  const axes = attrInts(node, 'axes');
  const inputs = axes ? [first(node), ctx.int64Input(label(node, 'axes'), axes)] : [first(node)];
  return [withInputs(node, inputs, ['axes'])];
}

function softmaxFamily(node: NodeProto, ctx: UpgradeContext): NodeProto[] | null {
  if (ctx.from >= 13) return null;
  const x = first(node);
  const rank = ctx.ranks.get(x) ?? ctx.ranks.get(node.output?.[0] ?? '');
  const axis = attrInt(node, 'axis', 1);
  // Old meaning: flatten to [prod(dims < axis), prod(dims >= axis)], normalise each row. Same as
  // the new one-axis meaning when axis is the last dimension.
  if (axis === -1 || (rank !== undefined && (axis === rank - 1 || axis === -1)))
    return [{ ...node, attribute: [...without(node, 'axis'), intAttr('axis', -1)] }];
  const flat = ctx.names.fresh(label(node, 'flat'));
  const normed = ctx.names.fresh(label(node, 'normed'));
  const shape = ctx.names.fresh(label(node, 'shape'));
  return [
    makeNode('Flatten', [x], [flat], [intAttr('axis', axis)]),
    { ...node, input: [flat], output: [normed], attribute: [intAttr('axis', 1)] },
    makeNode('Shape', [x], [shape]),
    makeNode('Reshape', [normed, shape], [...(node.output ?? [])]),
  ];
}

const REWRITERS: Readonly<Record<string, Rewriter>> = {
  Slice: (node, ctx) => {
    if (ctx.from >= 10) return null;
    const starts = attrInts(node, 'starts') ?? [];
    const inputs = [
      first(node),
      ctx.int64Input(label(node, 'starts'), starts),
      ctx.int64Input(label(node, 'ends'), attrInts(node, 'ends') ?? []),
    ];
    const axes = attrInts(node, 'axes');
    if (axes) inputs.push(ctx.int64Input(label(node, 'axes'), axes));
    return [withInputs(node, inputs, ['starts', 'ends', 'axes'])];
  },
  Clip: (node, ctx) => {
    if (ctx.from >= 11) return null;
    // opset-6 Clip only takes float tensors; the bounds become float32 scalars.
    const min = attrFloat(node, 'min');
    const max = attrFloat(node, 'max');
    const inputs = [first(node), min === undefined ? '' : ctx.floatScalar(label(node, 'min'), min)];
    if (max !== undefined) inputs.push(ctx.floatScalar(label(node, 'max'), max));
    return [withInputs(node, inputs, ['min', 'max'])];
  },
  Pad: (node, ctx) => {
    if (ctx.from >= 11) return null;
    const value = attrFloat(node, 'value') ?? 0;
    const inputs = [
      first(node),
      ctx.int64Input(label(node, 'pads'), attrInts(node, 'pads') ?? []),
      ctx.floatScalar(label(node, 'value'), value),
    ];
    return [withInputs(node, inputs, ['pads', 'value'])];
  },
  TopK: (node, ctx) =>
    ctx.from >= 10 ? null : [withInputs(node, [first(node), ctx.int64Input(label(node, 'k'), [attrInt(node, 'k', 1)])], ['k'])],
  Dropout: (node, ctx) => {
    if (ctx.from >= 12) return null;
    // Inference-only: Dropout is the identity; its old float mask output has no opset-12 twin.
    if ((node.output ?? []).length > 1 && node.output?.[1])
      throw new OnnxFormatError(
        `opset upgrade: Dropout '${node.name ?? label(node, '')}' uses its mask output, which changed type in opset 12`,
      );
    return [makeNode('Identity', [first(node)], [node.output?.[0] ?? ''], [], node.name ?? '')];
  },
  Squeeze: axesToInput,
  Unsqueeze: axesToInput,
  ReduceSum: axesToInput,
  Split: (node, ctx) => {
    if (ctx.from >= 13) return null;
    const split = attr(node, 'split') ? attrInts(node, 'split') : undefined;
    return [withInputs(node, split ? [first(node), ctx.int64Input(label(node, 'split'), split)] : [first(node)], ['split'])];
  },
  Softmax: softmaxFamily,
  LogSoftmax: softmaxFamily,
  Hardmax: softmaxFamily,
};
