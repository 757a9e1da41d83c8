/** Barrel of tensor operations; Tensor methods and the `torch` namespace both delegate here. */
export { add, sub, mul, div, floor_divide, remainder, fmod } from './elementwise.ts';
// the barrel's maximum/minimum take scalars too (Tensor.max/min(other) and torch.max/min use them);
// torch.maximum/minimum themselves are strict (index.ts)
export { maximumOf as maximum, minimumOf as minimum } from './elementwise.ts';
export { abs, neg, sign, sqrt, exp, log, log2, log10, floor, ceil, trunc, frac, round } from './unary.ts';
export { pow } from './pow.ts';
export { gt, ge, lt, le, eq, ne, logical_and, logical_or, logical_xor, logical_not } from './compare.ts';
export { where } from './where.ts';
export { clamp, clip } from './clamp.ts';
export { isclose, allclose } from './isclose.ts';
export { bitwise_and, bitwise_or, bitwise_xor, bitwise_not, bitwise_left_shift, bitwise_right_shift } from './bitwise.ts';
export { dot, matmul } from './linalg.ts';
