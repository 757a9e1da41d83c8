/**
 * Bitwise ops on integer and bool tensors (what int4/int2 bit packing needs): and/or/xor/not and
 * shifts, promoted like other binary ops. Right shifts of signed types are arithmetic (sign
 * fill), as C++ does for the int types torch uses. Shifts by a negative amount or by at least
 * the type's width are refused (undefined behaviour in torch's kernels).
 */
import { bool } from './dtype.ts';
import { type Tensor, type Operand } from './tensor.ts';
import { type BinaryOperands, binaryOperands, mapBigInts, mapNumbers, notImplementedFor } from './binary.ts';
import { makeTensor } from './operands.ts';
import { checkOptions, type Options } from './args.ts';
import { toTensorArg } from './tensor-args.ts';
import { notSupported } from './errors.ts';

function integerOperands(name: string, kernel: string, a: Operand, b: Operand, options: Options): BinaryOperands {
  checkOptions(`torch.${name}`, options, [], ['out']);
  const ops = binaryOperands(a, b);
  if (ops.dtype.isFloat) throw notImplementedFor(kernel, ops.dtype);
  return ops;
}

function bitwise(name: string, kernel: string, num: (a: number, b: number) => number, big: (a: bigint, b: bigint) => bigint) {
  return (a: Operand, b: Operand, options: Options = {}): Tensor => {
    const ops = integerOperands(name, kernel, a, b, options);
    return ops.dtype.isBigInt ? mapBigInts(ops, big) : mapNumbers(ops, ops.dtype, ops.dtype, num);
  };
}

export const bitwise_and = bitwise(
  'bitwise_and',
  'bitwise_and_cpu',
  (a, b) => a & b,
  (a, b) => a & b,
);
export const bitwise_or = bitwise(
  'bitwise_or',
  'bitwise_or_cpu',
  (a, b) => a | b,
  (a, b) => a | b,
);
export const bitwise_xor = bitwise(
  'bitwise_xor',
  'bitwise_xor_cpu',
  (a, b) => a ^ b,
  (a, b) => a ^ b,
);

export function bitwise_not(input: Tensor, options: Options = {}): Tensor {
  checkOptions('torch.bitwise_not', options, [], ['out']);
  const t = toTensorArg(input, 'torch.bitwise_not', 'input');
  if (t.dtype.isFloat) throw notImplementedFor('bitwise_not_cpu', t.dtype);
  if (t.dtype.isBool)
    return makeTensor(
      t.to(bool).data.map((v) => (v === 0 ? 1 : 0)),
      t.shape,
      bool,
    );
  if (t.data instanceof BigInt64Array)
    return makeTensor(
      t.data.map((v) => ~v),
      t.shape,
      t.dtype,
    );
  return makeTensor(
    (t.data as Exclude<Tensor['data'], BigInt64Array>).map((v) => ~v),
    t.shape,
    t.dtype,
  );
}

/**
 * Shift amounts outside [0, width) are undefined behaviour in the C++ kernels (the AVX2 and the
 * scalar paths of torch 1.13 disagree), so they are refused rather than guessed.
 */
function checkAmount(name: string, amount: number | bigint, width: number): void {
  if (amount < 0 || amount >= width) {
    throw notSupported(`torch.${name}`, `shifting by ${amount} (outside 0..${width - 1} for ${width}-bit elements)`);
  }
}

function shift(name: string, left: boolean) {
  return (a: Operand, b: Operand, options: Options = {}): Tensor => {
    const ops = integerOperands(name, left ? 'lshift_cpu' : 'rshift_cpu', a, b, options);
    if (ops.dtype.isBool) throw notImplementedFor(left ? 'lshift_cpu' : 'rshift_cpu', ops.dtype);
    const width = ops.dtype.bits;
    if (ops.dtype.isBigInt) {
      return mapBigInts(ops, (x, y) => {
        checkAmount(name, y, width);
        return left ? x << y : x >> y;
      });
    }
    // JS shifts are 32-bit; narrower results wrap when stored, uint8 values are non-negative
    return mapNumbers(ops, ops.dtype, ops.dtype, (x, y) => {
      checkAmount(name, y, width);
      return left ? x << y : x >> y;
    });
  };
}

export const bitwise_left_shift = shift('bitwise_left_shift', true);
export const bitwise_right_shift = shift('bitwise_right_shift', false);
