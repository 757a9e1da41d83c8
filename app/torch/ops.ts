/** Barrel of tensor operations; Tensor methods and the `torch` namespace both delegate here. */
export { add, sub, mul, div, maximum, minimum, neg, abs, round, clamp } from './elementwise.ts';
export { dot, matmul, type DotOptions } from './linalg.ts';
export { sliceFirstDim, selectFirstDim, reshape } from './view.ts';
