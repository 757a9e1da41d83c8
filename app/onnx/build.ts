// Building ONNX graphs by hand: value infos, a whole model from nodes and initializers, seeded
// random weights. Used by tests, the bench's MatMul stack (app/lab/bench-matmul.ts) and the
// graphs app/models/blip-hub builds from a checkpoint.
import { type ModelProto, type NodeProto, type TensorProto, TensorProtoDataType, type ValueInfoProto } from './onnx-proto.gen.ts';

export interface ValueSpec {
  readonly name: string;
  /** Fixed sizes or symbolic names. */
  readonly shape: readonly (number | string)[];
  /** TensorProto.DataType code; float32 when omitted. */
  readonly dtype?: number;
}

export interface ModelSpec {
  readonly inputs: readonly ValueSpec[];
  readonly outputs: readonly ValueSpec[];
  readonly nodes: readonly NodeProto[];
  readonly initializers?: readonly TensorProto[];
  readonly opset?: number;
  readonly name?: string;
}

export function valueInfo({ name, shape, dtype = TensorProtoDataType.FLOAT }: ValueSpec): ValueInfoProto {
  return {
    name,
    type: {
      tensorType: { elemType: dtype, shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } },
    },
  };
}

export function buildModel(spec: ModelSpec): ModelProto {
  const opset = spec.opset ?? 13;
  return {
    // IR 7 is what opset 13 requires; older opsets run fine under it too.
    irVersion: opset >= 13 ? 7 : 6,
    producerName: 'quantization-lab',
    opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: spec.name ?? 'graph',
      node: [...spec.nodes],
      initializer: [...(spec.initializers ?? [])],
      input: spec.inputs.map(valueInfo),
      output: spec.outputs.map(valueInfo),
    },
  };
}

/** Uniform values in [-scale, scale). */
export function randomFloats(n: number, random: () => number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => (random() * 2 - 1) * scale);
}
