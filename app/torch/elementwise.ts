/** Element-wise arithmetic with broadcasting and PyTorch type promotion. */
import { type DType, float32, int32, int64 } from './dtype.ts';
import { Tensor, type Operand } from './tensor.ts';
import { broadcastShapes } from './shape.ts';
import { broadcastIndex } from './broadcast.ts';
import { resultType } from './promote.ts';
import { bigValues, makeTensor, promotionOperand, storeFloatResults, toTensor, valuesAs } from './operands.ts';
import { roundHalfEven } from './half.ts';

type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'maximum' | 'minimum';

const FLOAT_KERNELS: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  maximum: (a, b) => (a !== a || b !== b ? NaN : a > b ? a : b),
  minimum: (a, b) => (a !== a || b !== b ? NaN : a < b ? a : b),
};

const BIGINT_KERNELS: Record<Exclude<BinaryOp, 'div'>, (a: bigint, b: bigint) => bigint> = {
  add: (a, b) => BigInt.asIntN(64, a + b),
  sub: (a, b) => BigInt.asIntN(64, a - b),
  mul: (a, b) => BigInt.asIntN(64, a * b),
  maximum: (a, b) => (a > b ? a : b),
  minimum: (a, b) => (a < b ? a : b),
};

function binary(op: BinaryOp, left: Operand, right: Operand): Tensor {
  const a = toTensor(left, 'input');
  const b = toTensor(right, 'other');
  let dtype = resultType([promotionOperand(left), promotionOperand(right)]);
  if (op === 'div' && !dtype.isFloat) dtype = float32; // true division of integers
  const shape = broadcastShapes(a.shape, b.shape);
  const mapA = broadcastIndex(a.shape, shape);
  const mapB = broadcastIndex(b.shape, shape);
  const n = shape.reduce((p, s) => p * s, 1);

  if (dtype === int64 && op !== 'div') {
    const va = bigValues(a);
    const vb = bigValues(b);
    const kernel = BIGINT_KERNELS[op];
    const out = new BigInt64Array(n);
    for (let i = 0; i < n; i++) out[i] = kernel(va[mapA ? mapA[i]! : i]!, vb[mapB ? mapB[i]! : i]!);
    return makeTensor(out, shape, dtype);
  }
  const va = operandValues(a, dtype);
  const vb = operandValues(b, dtype);
  const kernel = op === 'mul' && dtype === int32 ? Math.imul : FLOAT_KERNELS[op];
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = kernel(va[mapA ? mapA[i]! : i]!, vb[mapB ? mapB[i]! : i]!);
  return makeTensor(storeFloatResults(out, dtype), shape, dtype);
}

/**
 * Operand values in the compute dtype. Every operand, Python scalars included, is first cast to
 * the result dtype (torch 1.13 rounds `half_tensor * 0.1` with 0.1 as float16, checked by goldens).
 */
function operandValues(t: Tensor, dtype: DType): Float64Array {
  return valuesAs(t, dtype);
}

export function add(a: Operand, b: Operand, options?: { alpha?: number }): Tensor {
  const alpha = options?.alpha;
  return binary('add', a, alpha === undefined || alpha === 1 ? b : binary('mul', b, alpha));
}
export function sub(a: Operand, b: Operand, options?: { alpha?: number }): Tensor {
  const alpha = options?.alpha;
  return binary('sub', a, alpha === undefined || alpha === 1 ? b : binary('mul', b, alpha));
}
export const mul = (a: Operand, b: Operand): Tensor => binary('mul', a, b);
export const div = (a: Operand, b: Operand): Tensor => binary('div', a, b);
export const maximum = (a: Operand, b: Operand): Tensor => binary('maximum', a, b);
export const minimum = (a: Operand, b: Operand): Tensor => binary('minimum', a, b);

function unary(t: Tensor, floatKernel: (x: number) => number, bigKernel: (x: bigint) => bigint): Tensor {
  if (t.data instanceof BigInt64Array) return makeTensor(t.data.map(bigKernel), t.shape, t.dtype);
  const values = t.toFloat64();
  for (let i = 0; i < values.length; i++) values[i] = floatKernel(values[i]!);
  return makeTensor(storeFloatResults(values, t.dtype), t.shape, t.dtype);
}

export const neg = (t: Tensor): Tensor => unary(t, (x) => -x, (x) => BigInt.asIntN(64, -x));
export const abs = (t: Tensor): Tensor => unary(t, Math.abs, (x) => BigInt.asIntN(64, x < 0n ? -x : x));

/** torch.round: half to even; `decimals` scales by 10^decimals in the tensor's dtype like PyTorch. */
export function round(t: Tensor, options?: { decimals?: number }): Tensor {
  const decimals = options?.decimals ?? 0;
  if (!t.dtype.isFloat) return makeTensor(t.data.slice(), t.shape, t.dtype);
  if (decimals === 0) return unary(t, roundHalfEven, (x) => x);
  const narrow = t.dtype.name === 'float64' ? (x: number) => x : Math.fround;
  const scale = narrow(10 ** Math.abs(decimals));
  const kernel = decimals > 0
    ? (x: number) => narrow(roundHalfEven(narrow(x * scale)) / scale)
    : (x: number) => narrow(roundHalfEven(narrow(x / scale)) * scale);
  return unary(t, kernel, (x) => x);
}

/** torch.clamp(input, min, max): NaN stays NaN; when min > max every element becomes max. */
export function clamp(t: Tensor, min?: Operand | null, max?: Operand | null): Tensor {
  if ((min === undefined || min === null) && (max === undefined || max === null)) {
    throw new TypeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  }
  // maximum-then-minimum gives PyTorch's results: NaN inputs stay NaN, and min > max yields max.
  let out: Tensor = t;
  if (min !== undefined && min !== null) out = maximum(out, min);
  if (max !== undefined && max !== null) out = minimum(out, max);
  return out;
}
