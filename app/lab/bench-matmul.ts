// The bench's MatMul-heavy model (matmulStack) and the lab worker's side of its browser bench:
// float32 vs ONNX Runtime-style dynamic int8, timed like bench/models-node.ts's measureMatmulStack
// (which builds the same model in Node).
import type { Ort } from '../models/ort.ts';
import { buildModel, randomFloats } from '../onnx/build.ts';
import { makeNode } from '../onnx/graph.ts';
import { saveModel } from '../onnx/model.ts';
import type { ModelProto, NodeProto, TensorProto } from '../onnx/onnx-proto.gen.ts';
import { float32Tensor } from '../onnx/tensor.ts';
import { transformModel } from '../onnx/transform.ts';
import { seededRandom } from '../shared/seeded-random.ts';
import { median } from './results.ts';

/** A stack of MatMuls in float32 vs dynamic int8 (the lab and the Node bench both report it). */
export interface MatmulReport {
  readonly shape: string;
  readonly fp32Ms: number;
  readonly int8Ms: number;
  readonly fp32Bytes: number;
  readonly int8Bytes: number;
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
  return buildModel({
    inputs: [{ name: 'x', shape: [rows, dim] }],
    outputs: [{ name: 'y', shape: [rows, dim] }],
    nodes,
    initializers,
    name: 'matmul_stack',
  });
}

interface Shape {
  readonly layers: number;
  readonly rows: number;
  readonly dim: number;
  readonly repeats: number;
}

type SessionOptions = Parameters<Ort['InferenceSession']['create']>[1];

export async function benchMatmul(ort: Ort, { layers, rows, dim, repeats }: Shape, options: SessionOptions): Promise<MatmulReport> {
  const model = matmulStack(layers, rows, dim, 1);
  const x = new ort.Tensor('float32', randomFloats(rows * dim, seededRandom(2)), [rows, dim]);
  const fp32Bytes = saveModel(model);
  const int8Bytes = saveModel(transformModel(model, { default: 'dynamic' }).model);
  const time = async (bytes: Uint8Array): Promise<number> => {
    const session = await ort.InferenceSession.create(bytes, options);
    try {
      await session.run({ x }); // warm-up
      const times: number[] = [];
      for (let r = 0; r < repeats; r++) {
        const t = performance.now();
        await session.run({ x });
        times.push(performance.now() - t);
      }
      return median(times);
    } finally {
      await session.release();
    }
  };
  return {
    shape: `${layers} × [${rows},${dim}]×[${dim},${dim}]`,
    fp32Ms: await time(fp32Bytes),
    int8Ms: await time(int8Bytes),
    fp32Bytes: fp32Bytes.length,
    int8Bytes: int8Bytes.length,
  };
}
