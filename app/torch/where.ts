/** torch.where(condition, input, other) with three-way broadcasting, and where(condition) = nonzero(as_tuple=True). */
import { int64 } from './dtype.ts';
import { type Tensor, type Operand } from './tensor.ts';
import { broadcastShapes, shapeNumel } from './shape.ts';
import { broadcastIndex } from './broadcast.ts';
import { resultType } from './promote.ts';
import { makeTensor, promotionOperand, toTensor } from './operands.ts';
import { concatStorage, gatherStorage } from './strided.ts';
import { toTensorArg } from './tensor-args.ts';
import { checkOptions, isOptions, type Options } from './args.ts';

function conditionOf(value: unknown): Tensor {
  const cond = toTensorArg(value, 'torch.where', 'condition');
  if (!cond.dtype.isBool && cond.dtype.name !== 'uint8') {
    throw new TypeError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${cond.dtype.cppName}`);
  }
  return cond;
}

/** torch.where(condition, input, other); `where(condition)` returns the index tensors of the true elements. */
export function where(condition: Tensor, input?: Operand | Options, other?: Operand, options: Options = {}): Tensor | Tensor[] {
  if (isOptions(input)) return where(condition, undefined, undefined, input);
  checkOptions('torch.where', options, [], ['out']);
  const cond = conditionOf(condition);
  if (input === undefined && other === undefined) return nonzeroTuple(cond);
  if (input === undefined || other === undefined) {
    throw new TypeError('where() received an invalid combination of arguments: give both input and other, or neither');
  }
  const dtype = resultType([promotionOperand(input), promotionOperand(other)]);
  const a = toTensor(input, 'input').to(dtype);
  const b = toTensor(other, 'other').to(dtype);
  const shape = broadcastShapes(cond.shape, broadcastShapes(a.shape, b.shape));
  const n = shapeNumel(shape);
  const mapC = broadcastIndex(cond.shape, shape);
  const mapA = broadcastIndex(a.shape, shape);
  const mapB = broadcastIndex(b.shape, shape);
  // one gather from [a's storage, b's storage]: b's elements start at a.numel()
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    index[i] = cond.data[mapC ? mapC[i]! : i] !== 0 ? (mapA ? mapA[i]! : i) : a.numel() + (mapB ? mapB[i]! : i);
  }
  return makeTensor(gatherStorage(concatStorage([a.data, b.data], dtype), dtype, index), shape, dtype);
}

/** torch.nonzero(cond, as_tuple=True): one int64 index tensor per dimension. */
function nonzeroTuple(cond: Tensor): Tensor[] {
  const shape = cond.dim() === 0 ? [1] : cond.shape;
  const hits: number[] = [];
  for (let i = 0; i < cond.numel(); i++) if (cond.data[i] !== 0) hits.push(i);
  return shape.map((size, axis) => {
    const stride = shapeNumel(shape.slice(axis + 1));
    return makeTensor(
      BigInt64Array.from(hits, (flat) => BigInt(Math.floor(flat / stride) % size)),
      [hits.length],
      int64,
    );
  });
}
