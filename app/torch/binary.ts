/**
 * The broadcasting loop every binary element-wise op shares: both operands broadcast to one
 * shape and cast to the compute dtype, then a kernel per output element. Kernels see doubles
 * (every dtype but int64) or bigints (int64, exact); results are stored in the output dtype.
 */
import { type DType, bool, float64 } from './dtype.ts';
import { Tensor, type Operand } from './tensor.ts';
import { broadcastShapes, shapeNumel } from './shape.ts';
import { broadcastIndex } from './broadcast.ts';
import { resultType } from './promote.ts';
import { nanSign, setNaNSign } from './nan.ts';
import { bigValues, makeTensor, promotionOperand, storeFloatResults, toTensor, valuesAs } from './operands.ts';

export interface BinaryOperands {
  readonly a: Tensor;
  readonly b: Tensor;
  readonly shape: number[];
  readonly mapA: Int32Array | null;
  readonly mapB: Int32Array | null;
  readonly n: number;
  /** torch.result_type(a, b) */
  readonly dtype: DType;
}

/** Wraps scalars, promotes and broadcasts (PyTorch's TensorIterator set-up). */
export function binaryOperands(left: Operand, right: Operand): BinaryOperands {
  const a = toTensor(left, 'input');
  const b = toTensor(right, 'other');
  const dtype = resultType([promotionOperand(left), promotionOperand(right)]);
  const shape = broadcastShapes(a.shape, b.shape);
  return { a, b, shape, mapA: broadcastIndex(a.shape, shape), mapB: broadcastIndex(b.shape, shape), n: shapeNumel(shape), dtype };
}

/**
 * Rounding after each step of a multi-step float kernel: float32/float16/bfloat16 kernels run in
 * float32 ("opmath"), float64 in double.
 */
export function opmathRound(dtype: DType): (x: number) => number {
  return dtype === float64 ? (x) => x : Math.fround;
}

/** Runs a double kernel in `compute` (operands cast to it) and stores the results as `out`. */
export function mapNumbers(ops: BinaryOperands, compute: DType, out: DType, kernel: (x: number, y: number) => number): Tensor {
  const va = valuesAs(ops.a, compute);
  const vb = valuesAs(ops.b, compute);
  const { mapA, mapB, n } = ops;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = kernel(va[mapA ? mapA[i]! : i]!, vb[mapB ? mapB[i]! : i]!);
  if (out.isBool)
    return makeTensor(
      Uint8Array.from(values, (v) => (v === 0 ? 0 : 1)),
      ops.shape,
      out,
    );
  const data = storeFloatResults(values, out);
  if (out.isFloat) {
    for (let i = 0; i < n; i++) {
      if (values[i] === values[i]) continue;
      // a NaN operand passes through with its sign; a NaN made here is x86's default NaN (negative)
      const sign = nanSign(ops.a, mapA ? mapA[i]! : i) ?? nanSign(ops.b, mapB ? mapB[i]! : i) ?? true;
      setNaNSign(data, out, i, sign);
    }
  }
  return makeTensor(data, ops.shape, out);
}

/** Runs an exact int64 kernel (operands cast to int64) with an int64 result. */
export function mapBigInts(ops: BinaryOperands, kernel: (x: bigint, y: bigint) => bigint): Tensor {
  const va = bigValues(ops.a);
  const vb = bigValues(ops.b);
  const { mapA, mapB, n } = ops;
  const out = new BigInt64Array(n);
  for (let i = 0; i < n; i++) out[i] = BigInt.asIntN(64, kernel(va[mapA ? mapA[i]! : i]!, vb[mapB ? mapB[i]! : i]!));
  return makeTensor(out, ops.shape, ops.dtype);
}

/** A bool result from a predicate on int64 operands (exact). */
export function mapBigIntPredicate(ops: BinaryOperands, predicate: (x: bigint, y: bigint) => boolean): Tensor {
  const va = bigValues(ops.a);
  const vb = bigValues(ops.b);
  const { mapA, mapB, n } = ops;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = predicate(va[mapA ? mapA[i]! : i]!, vb[mapB ? mapB[i]! : i]!) ? 1 : 0;
  return makeTensor(out, ops.shape, bool);
}

/** Unary map on doubles in `compute`, stored as `out` (bool outputs store value !== 0). */
export function mapUnaryNumbers(t: Tensor, compute: DType, out: DType, kernel: (x: number) => number): Tensor {
  const values = valuesAs(t, compute);
  for (let i = 0; i < values.length; i++) values[i] = kernel(values[i]!);
  if (out.isBool)
    return makeTensor(
      Uint8Array.from(values, (v) => (v === 0 ? 0 : 1)),
      t.shape,
      out,
    );
  return makeTensor(storeFloatResults(values, out), t.shape, out);
}

/** The RuntimeError PyTorch raises for a dtype a kernel has no implementation for. */
export function notImplementedFor(kernel: string, dtype: DType): TypeError {
  return new TypeError(`"${kernel}" not implemented for '${dtype.cppName}'`);
}
