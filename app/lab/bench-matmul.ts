// Worker side of the browser benchmark's MatMul-heavy model (app/onnx/build.ts matmulStack):
// float32 vs ONNX Runtime-style dynamic int8, timed like bench/models-node.ts's measureMatmulStack.
import type { Ort } from '../models/ort.ts';
import { matmulStack, randomFloats, seededRandom } from '../onnx/build.ts';
import { median } from '../onnx/measure.ts';
import { saveModel } from '../onnx/model.ts';
import { transformModel } from '../onnx/transform.ts';
import type { MatmulReport } from './protocol.ts';

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
    fp32Ms: await time(fp32Bytes), int8Ms: await time(int8Bytes),
    fp32Bytes: fp32Bytes.length, int8Bytes: int8Bytes.length,
  };
}
