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
import { roundToBf16, roundToF16 } from './half.ts';
import { fmaf } from './avx-mathfun.ts';
import { describeShape } from './shape.ts';
import { scalarTypeName } from './reduce.ts';
import { checkOptions } from './args.ts';

export interface DotOptions {
  readonly accumulate?: DType;
  /** Accumulate with fused multiply-add (one rounding per step), as BLAS gemm kernels do. */
  readonly fused?: boolean;
}

function rounder(dtype: DType): (x: number) => number {
  switch (dtype.name) {
    case 'float64': return (x) => x;
    case 'float32': return Math.fround;
    case 'float16': return roundToF16;
    case 'bfloat16': return roundToBf16;
    default: throw new TypeError(`accumulate must be a floating dtype, got ${dtype}`);
  }
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
  operands: DotOperands, offA: number, offB: number, strideA: number, strideB: number, n: number, options: DotOptions,
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

/** torch.matmul for 1-D and 2-D operands (vector-vector, matrix-vector, vector-matrix, matrix-matrix). */
export function matmul(a: Tensor, b: Tensor, options: DotOptions = {}): Tensor {
  if (a.dim() === 1 && b.dim() === 1) return dot(a, b, options);
  if (a.dim() < 1 || b.dim() < 1 || a.dim() > 2 || b.dim() > 2) {
    throw new RangeError(`matmul: both arguments need 1 or 2 dimensions here, got ${a.dim()}D and ${b.dim()}D`);
  }
  if (a.dtype !== b.dtype) {
    throw new TypeError(`expected scalar type ${scalarTypeName(a)} but found ${scalarTypeName(b)}`);
  }
  const [rows, inner] = a.dim() === 2 ? [a.shape[0]!, a.shape[1]!] : [1, a.shape[0]!];
  const [innerB, cols] = b.dim() === 2 ? [b.shape[0]!, b.shape[1]!] : [b.shape[0]!, 1];
  if (inner !== innerB) {
    const first = a.dim() === 2 ? `${rows}x${inner}` : `1x${inner}`;
    const second = b.dim() === 2 ? `${innerB}x${cols}` : `${innerB}x1`;
    throw new RangeError(`mat1 and mat2 shapes cannot be multiplied (${first} and ${second})`);
  }
  const out = a.dtype.allocate(rows * cols);
  const operands = operandsOf(a, b);
  // OpenBLAS sgemm accumulates each cell with FMAs in k order (matches the goldens); the
  // matrix-vector case goes through sgemv, whose order can differ in the last bit.
  const cellOptions: DotOptions = { fused: true, ...options };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const cell = dotStorage(operands, r * inner, c, 1, cols, inner, cellOptions);
      (out as Tensor['data'])[r * cols + c] = cell[0]!;
    }
  }
  const shape = a.dim() === 2 && b.dim() === 2 ? [rows, cols] : a.dim() === 2 ? [rows] : [cols];
  return makeTensor(out, shape, a.dtype);
}
