// Building small models by hand: for tests, the lab's "make your own model" cells and the
// MatMul-heavy benchmark model.
import { makeNode } from './graph.ts';
import { type ModelProto, type NodeProto, type TensorProto, TensorProtoDataType, type ValueInfoProto } from './onnx-proto.gen.ts';
import { float32Tensor } from './tensor.ts';

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
    type: { tensorType: { elemType: dtype, shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
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

import { seededRandom } from '../shared/seeded-random.ts';
export { seededRandom };

/** Uniform values in [-scale, scale). */
export function randomFloats(n: number, random: () => number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => (random() * 2 - 1) * scale);
}

/** `layers` × (MatMul [rows, dim]×[dim, dim] + Relu): a model whose time is all in MatMul. */
export function matmulStack(layers: number, rows: number, dim: number, seed = 1): ModelProto {
  const random = seededRandom(seed);
  const nodes: NodeProto[] = [];
  const initializers: TensorProto[] = [];
  let x = 'x';
  for (let l = 0; l < layers; l++) {
    const w = `layer${l}.weight`;
    // 1/sqrt(dim) keeps activations O(1) through the stack.
    initializers.push(float32Tensor(w, [dim, dim], randomFloats(dim * dim, random, Math.sqrt(3 / dim))));
    nodes.push(makeNode('MatMul', [x, w], [`h${l}`], [], `layer${l}`));
    const y = l === layers - 1 ? 'y' : `a${l}`;
    nodes.push(makeNode('Relu', [`h${l}`], [y]));
    x = y;
  }
  return buildModel({ inputs: [{ name: 'x', shape: [rows, dim] }], outputs: [{ name: 'y', shape: [rows, dim] }], nodes, initializers, name: 'matmul_stack' });
}
