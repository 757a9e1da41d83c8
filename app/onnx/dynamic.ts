// Dynamic-range quantization of one node, the graph ONNX Runtime's `quantize_dynamic` emits:
//   x_q, x_scale, x_zp = DynamicQuantizeLinear(x)          (uint8, per tensor, per run)
//   y_i32 = MatMulInteger(x_q, w_q, x_zp, w_zp)            (or ConvInteger with the Conv's attributes)
//   y = Cast(y_i32, float) * (x_scale * w_scale)  [+ bias for Conv]
// The activation zero point goes into the integer op (which subtracts it while accumulating in
// int32), so the rescale is a single multiply. ORT fuses this MatMul pattern into its
// DynamicQuantizeMatMul / MatMulIntegerToFloat kernels; ConvInteger has no such fusion.
import { type NameScope, intAttr, makeNode } from './graph.ts';
import { type NodeProto, type TensorProto, TensorProtoDataType } from './onnx-proto.gen.ts';
import { int64Tensor } from './tensor.ts';

export interface QuantizedWeightNames {
  readonly q: string;
  /** Scalar, [N] for MatMul per channel, [M, 1, …] for Conv per channel (broadcasts over the output). */
  readonly scale: string;
  /** Scalar int8 zero point (symmetric weights: 0); ConvInteger in ORT only takes a scalar. */
  readonly zeroPoint: string;
}

export interface QuantizedActivation {
  readonly q: string;
  readonly scale: string;
  readonly zeroPoint: string;
}

export function quantizeActivation(x: string, names: NameScope): { nodes: NodeProto[]; act: QuantizedActivation } {
  const act = { q: names.fresh(`${x}_quantized`), scale: names.fresh(`${x}_scale`), zeroPoint: names.fresh(`${x}_zero_point`) };
  return {
    nodes: [makeNode('DynamicQuantizeLinear', [x], [act.q, act.scale, act.zeroPoint], [], names.fresh(`${x}_QuantizeLinear`))],
    act,
  };
}

/** The integer replacement of a MatMul or Conv node whose input 1 is the quantized weight. */
export function integerNode(
  node: NodeProto,
  act: QuantizedActivation,
  w: QuantizedWeightNames,
  names: NameScope,
  biasShape: readonly number[] | null,
  added: TensorProto[],
): NodeProto[] {
  const y = node.output?.[0] ?? '';
  const base = node.name || y;
  const isConv = node.opType === 'Conv';
  const yInt = names.fresh(`${y}_output_quantized`);
  const yFloat = names.fresh(`${y}_output_quantized_cast`);
  const scales = names.fresh(`${y}_scales_mul`);
  const bias = isConv ? (node.input?.[2] ?? '') : '';
  const scaled = bias ? names.fresh(`${y}_scaled`) : y;
  const nodes: NodeProto[] = [
    isConv
      ? makeNode('ConvInteger', [act.q, w.q, act.zeroPoint, w.zeroPoint], [yInt], node.attribute ?? [], names.fresh(`${base}_quant`))
      : makeNode('MatMulInteger', [act.q, w.q, act.zeroPoint, w.zeroPoint], [yInt], [], names.fresh(`${base}_quant`)),
    makeNode('Cast', [yInt], [yFloat], [intAttr('to', TensorProtoDataType.FLOAT)], names.fresh(`${base}_output_cast`)),
    makeNode('Mul', [act.scale, w.scale], [scales], [], names.fresh(`${base}_scales_mul`)),
    makeNode('Mul', [yFloat, scales], [scaled], [], names.fresh(`${base}_output_scale_mul`)),
  ];
  if (bias && biasShape) {
    // ConvInteger has no bias input: add it back, shaped [M, 1, …] to broadcast over N and space.
    const shape = names.fresh(`${y}_bias_shape`);
    added.push(int64Tensor(shape, biasShape));
    const reshaped = names.fresh(`${y}_bias_reshaped`);
    nodes.push(
      makeNode('Reshape', [bias, shape], [reshaped]),
      makeNode('Add', [scaled, reshaped], [y], [], names.fresh(`${base}_bias_add`)),
    );
  }
  return nodes;
}

/** [M, 1, …, 1] with one trailing 1 per spatial dimension of a Conv weight of rank `rank`. */
export const convChannelShape = (m: number, rank: number): number[] => [m, ...Array.from({ length: rank - 2 }, () => 1)];
