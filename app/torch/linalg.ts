/**
 * torch.dot and torch.matmul.
 *
 * Accumulation order is what makes dot products differ between libraries, so it is explicit:
 * - float32 inputs accumulate sequentially in float32 (Math.fround after every multiply and add).
 * - float16/bfloat16 inputs by default accumulate in float32 and round once at the end (what
 *   current PyTorch does); `{ accumulate: torch.bfloat16 }` (or float16) instead rounds to the
 *   input dtype after every multiply and add, which is what Debian's PyTorch 1.13 does and why
 *   the chapter's bf16 example sticks at 256.
 * - `{ accumulate: torch.float64 }` sums in double and rounds once.
 * - matmul accumulates float32 with FMAs (`fused`), like the BLAS gemm kernels.
 * - integers wrap in their own dtype.
 */
import { type DType, float32, float64 } from './dtype.ts';
import { Tensor } from './tensor.ts';
import { bigValues, makeTensor, storeFloatResults } from './operands.ts';
import { floatRounder } from './half.ts';
import { fmaf } from './avx-mathfun.ts';
import { broadcastShapes, describeShape, shapeNumel } from './shape.ts';
import { broadcastIndex } from './broadcast.ts';
import { checkOptions } from './args.ts';
import { toTensorArg } from './tensor-args.ts';
import { scalarTypeName } from './reduce.ts';

export interface DotOptions {
  readonly accumulate?: DType;
  /** Accumulate with fused multiply-add (one rounding per step), as BLAS gemm kernels do. */
  readonly fused?: boolean;
}

function rounder(dtype: DType): (x: number) => number {
  const round = floatRounder(dtype);
  if (round === null) throw new TypeError(`accumulate must be a floating dtype, got ${dtype}`);
  return round;
}

export function dot(a: Tensor, b: Tensor, options: DotOptions = {}): Tensor {
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) throw new TypeError('dot(): arguments must be Tensors');
  // accumulate/fused are this notebook's (see above); out= is PyTorch's and not done here
  checkOptions('torch.dot', { ...options }, ['accumulate', 'fused'], ['out']);
  if (a.dim() !== 1 || b.dim() !== 1) {
    throw new RangeError(`1D tensors expected, but got ${a.dim()}D and ${b.dim()}D tensors`);
  }
  if (a.numel() !== b.numel()) {
    throw new RangeError(
      `inconsistent tensor size, expected tensor ${describeShape(a.shape)} and src ${describeShape(b.shape)} to have the same number of elements, but got ${a.numel()} and ${b.numel()} elements respectively`,
    );
  }
  if (a.dtype !== b.dtype) {
    throw new TypeError(`dot : expected both vectors to have same dtype, but found ${scalarTypeName(a)} and ${scalarTypeName(b)}`);
  }
  return makeTensor(dotStorage(operandsOf(a, b), 0, 0, 1, 1, a.numel(), options), [], a.dtype);
}

interface DotOperands {
  readonly dtype: DType;
  readonly a: Float64Array | BigInt64Array;
  readonly b: Float64Array | BigInt64Array;
}

function operandsOf(a: Tensor, b: Tensor): DotOperands {
  return a.dtype.name === 'int64'
    ? { dtype: a.dtype, a: bigValues(a), b: bigValues(b) }
    : { dtype: a.dtype, a: a.toFloat64(), b: b.toFloat64() };
}

/** Σ a[offA + k*strideA] * b[offB + k*strideB] for k < n, in the dtype's storage (length 1). */
function dotStorage(
  operands: DotOperands,
  offA: number,
  offB: number,
  strideA: number,
  strideB: number,
  n: number,
  options: DotOptions,
): Tensor['data'] {
  const { dtype, a: va, b: vb } = operands;
  if (va instanceof BigInt64Array && vb instanceof BigInt64Array) {
    let acc = 0n;
    for (let k = 0; k < n; k++) acc = BigInt.asIntN(64, acc + va[offA + k * strideA]! * vb[offB + k * strideB]!);
    return BigInt64Array.of(acc);
  }
  if (va instanceof BigInt64Array || vb instanceof BigInt64Array) throw new TypeError('mixed int64 operands');
  const accDtype = options.accumulate ?? (dtype.isFloat ? (dtype === float64 ? float64 : float32) : float64);
  const round = dtype.isFloat ? rounder(accDtype) : (x: number) => x;
  const step = !dtype.isFloat
    ? (acc: number, x: number, y: number) => wrapInt(acc + Math.imul(x, y), dtype)
    : options.fused && accDtype === float32
      ? (acc: number, x: number, y: number) => fmaf(x, y, acc)
      : (acc: number, x: number, y: number) => round(acc + round(x * y));
  let acc = 0;
  for (let k = 0; k < n; k++) acc = step(acc, va[offA + k * strideA]!, vb[offB + k * strideB]!);
  if (dtype.isFloat) return storeFloatResults(Float64Array.of(acc), dtype);
  const out = dtype.allocate(1) as Exclude<Tensor['data'], BigInt64Array>;
  out[0] = acc;
  return out;
}

function wrapInt(x: number, dtype: DType): number {
  const out = dtype.allocate(1) as Exclude<Tensor['data'], BigInt64Array>;
  out[0] = x;
  return out[0]!;
}

/** Same dtype on both sides, as torch 1.13's matmul/mm/bmm require. */
function checkSameDType(a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) throw new TypeError(`expected scalar type ${scalarTypeName(a)} but found ${scalarTypeName(b)}`);
}

function matmulOptions(call: string, options: DotOptions): DotOptions {
  checkOptions(call, { ...options }, ['accumulate', 'fused'], ['out']);
  return options;
}

/**
 * Which loop torch 1.13 runs decides the rounding: mm (and matmul calls it folds into mm) go to
 * OpenBLAS sgemm, which accumulates each cell with FMAs in k order; bmm (and matmul calls that
 * need it: batch dims on the right-hand side with a 1-D left, or on both sides) runs ATen's own
 * loop when k·rows·cols < 400 — plain float multiply and add, no FMA — and sgemm per batch above.
 * The matrix-vector case goes through sgemv, whose order can differ in the last bit.
 */
function viaSmallBmm(rows: number, inner: number, cols: number, route: 'blas' | 'bmm'): boolean {
  return route === 'bmm' && inner * rows * cols < 400;
}

/**
 * Batched matrix product of a (batchA…, rows, inner) and b (batchB…, inner, cols) with the batch
 * dimensions broadcast. Every cell accumulates in k order (see viaSmallBmm for FMA or not);
 * int64 is exact and wraps.
 */
function batchedProduct(
  a: Tensor,
  b: Tensor,
  options: DotOptions,
  route: 'blas' | 'bmm',
): { data: Tensor['data']; batch: number[]; rows: number; cols: number } {
  const rows = a.shape[a.dim() - 2]!;
  const inner = a.shape[a.dim() - 1]!;
  const innerB = b.shape[b.dim() - 2]!;
  const cols = b.shape[b.dim() - 1]!;
  if (inner !== innerB) throw new RangeError(`mat1 and mat2 shapes cannot be multiplied (${rows}x${inner} and ${innerB}x${cols})`);
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch = broadcastShapes(batchA, batchB);
  const count = shapeNumel(batch);
  const mapA = broadcastIndex(batchA, batch);
  const mapB = broadcastIndex(batchB, batch);
  const out = a.dtype.allocate(count * rows * cols);
  const operands = operandsOf(a, b);
  const cellOptions: DotOptions = { fused: !viaSmallBmm(rows, inner, cols, route), ...options };
  for (let m = 0; m < count; m++) {
    const offA = (mapA ? mapA[m]! : m) * rows * inner;
    const offB = (mapB ? mapB[m]! : m) * inner * cols;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const cell = dotStorage(operands, offA + r * inner, offB + c, 1, cols, inner, cellOptions);
        (out as Tensor['data'])[(m * rows + r) * cols + c] = cell[0]!;
      }
    }
  }
  return { data: out, batch, rows, cols };
}

/**
 * torch.matmul: 1-D·1-D is dot; a 1-D operand gains a dim of 1 that is removed from the result;
 * batch dimensions of (≥3)-D operands broadcast. `{ accumulate, fused }` are this notebook's
 * accumulation controls (see the top of this file), not PyTorch arguments.
 */
export function matmul(a: Tensor, b: Tensor, options: DotOptions = {}): Tensor {
  matmulOptions('torch.matmul', options);
  const left = toTensorArg(a, 'torch.matmul', 'input');
  const right = toTensorArg(b, 'torch.matmul', 'other', 2);
  if (left.dim() === 0 || right.dim() === 0) {
    throw new RangeError(`both arguments to matmul need to be at least 1D, but they are ${left.dim()}D and ${right.dim()}D`);
  }
  if (left.dim() === 1 && right.dim() === 1) return dot(left, right, options);
  checkSameDType(left, right);
  const a2 = left.dim() === 1 ? new Tensor(left.data, [1, left.shape[0]!], left.dtype) : left;
  const b2 = right.dim() === 1 ? new Tensor(right.data, [right.shape[0]!, 1], right.dtype) : right;
  if (left.dim() === 1 && a2.shape[1] !== b2.shape[b2.dim() - 2]) {
    throw new RangeError(
      `mat1 and mat2 shapes cannot be multiplied (1x${left.shape[0]} and ${b2.shape[b2.dim() - 2]}x${b2.shape[b2.dim() - 1]})`,
    );
  }
  // matmul folds (≥3-D) @ (≤2-D) and 2-D @ (≥3-D) into one mm; everything else batched is bmm
  const folds = (left.dim() >= 3 && right.dim() <= 2) || (left.dim() === 2 && right.dim() >= 3);
  const { data, batch, rows, cols } = batchedProduct(a2, b2, options, folds || (left.dim() <= 2 && right.dim() <= 2) ? 'blas' : 'bmm');
  const shape = [...batch, ...(left.dim() === 1 ? [] : [rows]), ...(right.dim() === 1 ? [] : [cols])];
  return makeTensor(data, shape, left.dtype);
}

/** torch.mm: 2-D only, no broadcasting. */
export function mm(a: Tensor, b: Tensor, options: DotOptions = {}): Tensor {
  matmulOptions('torch.mm', options);
  const left = toTensorArg(a, 'torch.mm', 'input');
  const right = toTensorArg(b, 'torch.mm', 'mat2', 2);
  if (left.dim() !== 2) throw new RangeError('self must be a matrix');
  if (right.dim() !== 2) throw new RangeError('mat2 must be a matrix');
  checkSameDType(left, right);
  const { data, rows, cols } = batchedProduct(left, right, options, 'blas');
  return makeTensor(data, [rows, cols], left.dtype);
}

/** torch.bmm: 3-D operands with the same batch size, no broadcasting. */
export function bmm(a: Tensor, b: Tensor, options: DotOptions = {}): Tensor {
  matmulOptions('torch.bmm', options);
  const left = toTensorArg(a, 'torch.bmm', 'input');
  const right = toTensorArg(b, 'torch.bmm', 'mat2', 2);
  if (left.dim() !== 3) throw new RangeError('batch1 must be a 3D tensor');
  if (right.dim() !== 3) throw new RangeError('batch2 must be a 3D tensor');
  if (left.shape[0] !== right.shape[0] || left.shape[2] !== right.shape[1]) {
    throw new RangeError(
      `Expected size for first two dimensions of batch2 tensor to be: [${left.shape[0]}, ${left.shape[2]}] but got: [${right.shape[0]}, ${right.shape[1]}].`,
    );
  }
  checkSameDType(left, right);
  const { data, rows, cols } = batchedProduct(left, right, options, 'bmm');
  return makeTensor(data, [left.shape[0]!, rows, cols], left.dtype);
}
