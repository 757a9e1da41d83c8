/**
 * Element-wise, comparison, bitwise and matrix-product methods of Tensor, installed on the
 * prototype when index.ts imports this file (declaration merging keeps them typed). Each is
 * `torch.X(self, …)`; keyword arguments arrive as a trailing `{ … }` object.
 */
import { Tensor, type Operand } from './tensor.ts';
import * as ew from './elementwise.ts';
import * as un from './unary.ts';
import * as cmp from './compare.ts';
import * as bits from './bitwise.ts';
import { pow } from './pow.ts';
import { where } from './where.ts';
import { clamp, clip } from './clamp.ts';
import { isclose, allclose } from './isclose.ts';
import { dot, matmul, mm, bmm, type DotOptions } from './linalg.ts';
import type { Options } from './args.ts';
import type { DTypeName } from './dtype.ts';

type Binary = (other: Operand, options?: Options) => Tensor;
type Unary = (options?: Options) => Tensor;
type Bound = Operand | null | undefined;

declare module './tensor.ts' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- must match the class's parameters
  interface Tensor<K extends DTypeName = DTypeName> {
    add: Binary;
    sub: Binary;
    mul: Binary;
    div: Binary;
    floor_divide: Binary;
    remainder: Binary;
    fmod: Binary;
    pow: Binary;
    maximum(other: Tensor, options?: Options): Tensor;
    minimum(other: Tensor, options?: Options): Tensor;
    abs: Unary;
    neg: Unary;
    sign: Unary;
    sqrt: Unary;
    exp: Unary;
    log: Unary;
    log2: Unary;
    log10: Unary;
    floor: Unary;
    ceil: Unary;
    trunc: Unary;
    frac: Unary;
    round: Unary;
    gt: Binary;
    ge: Binary;
    lt: Binary;
    le: Binary;
    eq: Binary;
    ne: Binary;
    logical_and: Binary;
    logical_or: Binary;
    logical_xor: Binary;
    logical_not: Unary;
    bitwise_and: Binary;
    bitwise_or: Binary;
    bitwise_xor: Binary;
    bitwise_not: Unary;
    bitwise_left_shift: Binary;
    bitwise_right_shift: Binary;
    __and__: Binary;
    __or__: Binary;
    __xor__: Binary;
    __invert__: Unary;
    __lshift__: Binary;
    __rshift__: Binary;
    /** `x.where(condition, y)` is `torch.where(condition, x, y)`. */
    where(condition: Tensor, other: Operand): Tensor;
    clamp(min?: Bound | Options, max?: Bound | Options, options?: Options): Tensor;
    clip(min?: Bound | Options, max?: Bound | Options, options?: Options): Tensor;
    isclose(other: Tensor, options?: Options): Tensor;
    allclose(other: Tensor, options?: Options): boolean;
    dot(other: Tensor): Tensor;
    matmul(other: Tensor, options?: DotOptions): Tensor;
    mm(other: Tensor, options?: DotOptions): Tensor;
    bmm(other: Tensor, options?: DotOptions): Tensor;
  }
}

const binary = (fn: (a: Operand, b: Operand, options?: Options) => Tensor): Binary =>
  function (this: Tensor, other, options) {
    return fn(this, other, options);
  };
const unary = (fn: (t: Tensor, options?: Options) => Tensor): Unary =>
  function (this: Tensor, options) {
    return fn(this, options);
  };

const methods: Partial<Tensor> = {
  add: binary(ew.add),
  sub: binary(ew.sub),
  mul: binary(ew.mul),
  div: binary(ew.div),
  floor_divide: binary(ew.floor_divide),
  remainder: binary(ew.remainder),
  fmod: binary(ew.fmod),
  pow: binary(pow),
  maximum(this: Tensor, other: Tensor, options?: Options) {
    return ew.maximum(this, other, options);
  },
  minimum(this: Tensor, other: Tensor, options?: Options) {
    return ew.minimum(this, other, options);
  },
  abs: unary(un.abs),
  neg: unary(un.neg),
  sign: unary(un.sign),
  sqrt: unary(un.sqrt),
  exp: unary(un.exp),
  log: unary(un.log),
  log2: unary(un.log2),
  log10: unary(un.log10),
  floor: unary(un.floor),
  ceil: unary(un.ceil),
  trunc: unary(un.trunc),
  frac: unary(un.frac),
  round: unary(un.round),
  gt: binary(cmp.gt),
  ge: binary(cmp.ge),
  lt: binary(cmp.lt),
  le: binary(cmp.le),
  eq: binary(cmp.eq),
  ne: binary(cmp.ne),
  logical_and: binary(cmp.logical_and),
  logical_or: binary(cmp.logical_or),
  logical_xor: binary(cmp.logical_xor),
  logical_not: unary(cmp.logical_not),
  bitwise_and: binary(bits.bitwise_and),
  bitwise_or: binary(bits.bitwise_or),
  bitwise_xor: binary(bits.bitwise_xor),
  bitwise_not: unary(bits.bitwise_not),
  bitwise_left_shift: binary(bits.bitwise_left_shift),
  bitwise_right_shift: binary(bits.bitwise_right_shift),
  __and__: binary(bits.bitwise_and),
  __or__: binary(bits.bitwise_or),
  __xor__: binary(bits.bitwise_xor),
  __invert__: unary(bits.bitwise_not),
  __lshift__: binary(bits.bitwise_left_shift),
  __rshift__: binary(bits.bitwise_right_shift),
  where(this: Tensor, condition: Tensor, other: Operand): Tensor {
    if (other === undefined) throw new TypeError("where() missing 1 required positional argument: 'other'");
    return where(condition, this, other) as Tensor;
  },
  clamp(this: Tensor, min?: Bound | Options, max?: Bound | Options, options?: Options) {
    return clamp(this, min, max, options);
  },
  clip(this: Tensor, min?: Bound | Options, max?: Bound | Options, options?: Options) {
    return clip(this, min, max, options);
  },
  isclose(this: Tensor, other: Tensor, options?: Options) {
    return isclose(this, other, options);
  },
  allclose(this: Tensor, other: Tensor, options?: Options) {
    return allclose(this, other, options);
  },
  // `other` only, as before the method moved here: torch.dot's own arity check sees two arguments.
  dot(this: Tensor, other: Tensor) {
    return dot(this, other);
  },
  matmul(this: Tensor, other: Tensor, options?: DotOptions) {
    return matmul(this, other, options);
  },
  mm(this: Tensor, other: Tensor, options?: DotOptions) {
    return mm(this, other, options);
  },
  bmm(this: Tensor, other: Tensor, options?: DotOptions) {
    return bmm(this, other, options);
  },
};

/** Names of the methods this file installs (for the audit). */
export const MATH_METHOD_NAMES: readonly string[] = Object.keys(methods);

for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(Tensor.prototype, name, { value: fn, writable: true, configurable: true, enumerable: false });
}
