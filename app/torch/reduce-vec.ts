/**
 * PyTorch 1.13's `binary_kernel_reduce_vec` (aten/src/ATen/native/cpu/Reduce.h), used by prod,
 * amax and amin, in its order: the output starts at the identity; a contiguous inner reduction
 * keeps 4 vectors of lane accumulators over blocks of 4·V elements, folds them
 * ((a0∘a1)∘(a2∘a3)), then the lanes left to right, then the tail one by one; an outer reduction
 * with contiguous columns runs each column top to bottom (blocks of 4·V columns start from the
 * first row and fold the output in last). V = 32 bytes / element size (AVX2).
 * The order only changes float products (rounding) and which zero/NaN a max returns.
 */
import { forEachOuter, loop2dOf, type ReducePlan } from './reduce-plan.ts';

export type Combine<T> = (a: T, b: T) => T;

export function vecReduce<T>(values: ArrayLike<T>, plan: ReducePlan, vecSize: number, op: Combine<T>, identity: T): T[] {
  const out: T[] = Array.from({ length: plan.outNumel }, () => identity);
  if (plan.inNumel === 0) return out;
  const { size0, size1, inStride0, inStride1, outStride0, outStride1 } = loop2dOf(plan);
  const block = 4 * vecSize;
  forEachOuter(plan, (inBase, outBase) => {
    if (outStride0 === 0 && inStride0 === 1) {
      for (let j = 0; j < size1; j++) {
        const o = outBase + j * outStride1;
        out[o] = innerReduce(values, inBase + j * inStride1, size0, vecSize, op, out[o]!);
      }
    } else if (outStride0 === 0 && outStride1 === 1 && inStride1 === 1) {
      const blocked = Math.floor(size1 / block) * block;
      for (let c = 0; c < size1; c++) {
        const o = outBase + c;
        if (c < blocked) {
          let acc: T = values[inBase + c]!;
          for (let i = 1; i < size0; i++) acc = op(acc, values[inBase + i * inStride0 + c]!);
          out[o] = op(acc, out[o]!);
        } else {
          for (let i = 0; i < size0; i++) out[o] = op(out[o]!, values[inBase + i * inStride0 + c]!);
        }
      }
    } else {
      for (let j = 0; j < size1; j++) {
        for (let i = 0; i < size0; i++) {
          const o = outBase + i * outStride0 + j * outStride1;
          out[o] = op(out[o]!, values[inBase + i * inStride0 + j * inStride1]!);
        }
      }
    }
  });
  return out;
}

function innerReduce<T>(values: ArrayLike<T>, start: number, n: number, vecSize: number, op: Combine<T>, initial: T): T {
  const block = 4 * vecSize;
  const count = Math.floor(n / block);
  let out = initial;
  if (count > 0) {
    const acc: T[] = [];
    for (let l = 0; l < block; l++) acc.push(values[start + l]!);
    for (let i = 1; i < count; i++) {
      for (let l = 0; l < block; l++) acc[l] = op(acc[l]!, values[start + i * block + l]!);
    }
    let folded: T | undefined;
    for (let l = 0; l < vecSize; l++) {
      const lane = op(op(acc[l]!, acc[vecSize + l]!), op(acc[2 * vecSize + l]!, acc[3 * vecSize + l]!));
      folded = folded === undefined ? lane : op(folded, lane);
    }
    out = op(out, folded!);
  }
  for (let k = count * block; k < n; k++) out = op(out, values[start + k]!);
  return out;
}

/** Vectorized<T>::size() with AVX2 (32-byte vectors). */
export const vecLanes = (itemsize: number): number => 32 / itemsize;
