/** Index maps for broadcasting: for each output element, which input element it reads. */
import { shapeNumel } from './shape.ts';

/**
 * Returns null when `shape` equals `outShape` (identity map, the common fast path); otherwise
 * an Int32Array of flat source indices, one per output element.
 */
export function broadcastIndex(shape: readonly number[], outShape: readonly number[]): Int32Array | null {
  if (shape.length === outShape.length && shape.every((s, i) => s === outShape[i])) return null;
  const total = shapeNumel(outShape);
  const ndim = outShape.length;
  const strides = new Array<number>(ndim).fill(0);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const outAxis = ndim - shape.length + axis;
    strides[outAxis] = shape[axis] === 1 ? 0 : stride;
    stride *= shape[axis]!;
  }
  const map = new Int32Array(total);
  const counter = new Array<number>(ndim).fill(0);
  let source = 0;
  for (let i = 0; i < total; i++) {
    map[i] = source;
    for (let axis = ndim - 1; axis >= 0; axis--) {
      counter[axis]! += 1;
      source += strides[axis]!;
      if (counter[axis]! < outShape[axis]!) break;
      source -= strides[axis]! * counter[axis]!;
      counter[axis] = 0;
    }
  }
  return map;
}
