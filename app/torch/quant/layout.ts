// Which scale/zero-point each element of a row-major array uses: one for the whole tensor,
// one per index along an axis (per channel), or one per `groupSize` consecutive indices
// along an axis (per group, as in GPTQ/AWQ-style weight quantization).
// Kernels walk the array as "runs": contiguous element ranges whose parameter index is
// p0 + k * pStep, so the hot loops hoist the scale when pStep is 0.

export type Granularity =
  | { readonly kind: 'tensor' }
  | { readonly kind: 'channel'; readonly axis: number }
  | { readonly kind: 'group'; readonly axis: number; readonly groupSize: number };

export interface ParamLayout {
  readonly granularity: Granularity;
  /** Shape of the data. */
  readonly shape: readonly number[];
  /** Shape of the scale / zero-point arrays: [] per tensor, [C] per channel, shape with axis ÷ groupSize per group. */
  readonly paramShape: readonly number[];
  readonly paramCount: number;
  readonly numel: number;
  /** Product of the sizes before the axis, the axis length, product of sizes after it (1, numel, 1 per tensor). */
  readonly outer: number;
  readonly axisLen: number;
  readonly inner: number;
}

export type RunVisitor = (start: number, length: number, p0: number, pStep: 0 | 1) => void;

const fmt = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

export function paramLayout(shape: readonly number[], granularity: Granularity = { kind: 'tensor' }): ParamLayout {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`invalid shape ${fmt(shape)}`);
  }
  const numel = shape.reduce((a, b) => a * b, 1);
  if (granularity.kind === 'tensor') {
    return { granularity, shape, paramShape: [], paramCount: 1, numel, outer: 1, axisLen: numel, inner: 1 };
  }
  const { axis: rawAxis } = granularity;
  if (!Number.isInteger(rawAxis) || rawAxis < -shape.length || rawAxis >= shape.length) {
    throw new RangeError(
      `axis ${rawAxis} is out of range for a tensor of shape ${fmt(shape)} (expected [${-shape.length}, ${shape.length - 1}])`,
    );
  }
  const axis = rawAxis < 0 ? rawAxis + shape.length : rawAxis;
  const axisLen = shape[axis]!;
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  if (granularity.kind === 'channel') {
    return { granularity: { kind: 'channel', axis }, shape, paramShape: [axisLen], paramCount: axisLen, numel, outer, axisLen, inner };
  }
  const { groupSize } = granularity;
  if (!Number.isInteger(groupSize) || groupSize <= 0 || axisLen % groupSize !== 0) {
    throw new RangeError(
      `group size ${groupSize} must be a positive divisor of dimension ${axis} (size ${axisLen}) of shape ${fmt(shape)}`,
    );
  }
  const paramShape = shape.map((d, i) => (i === axis ? d / groupSize : d));
  return {
    granularity: { kind: 'group', axis, groupSize },
    shape,
    paramShape,
    paramCount: numel / groupSize,
    numel,
    outer,
    axisLen,
    inner,
  };
}

/** Calls `visit` for every run of elements, in storage order. */
export function forEachRun(layout: ParamLayout, visit: RunVisitor): void {
  const { granularity: g, outer, axisLen, inner } = layout;
  if (layout.numel === 0) return;
  if (g.kind === 'tensor') {
    visit(0, layout.numel, 0, 0);
  } else if (g.kind === 'channel') {
    // Channel on the last axis: every element of a row is a different channel.
    if (inner === 1) for (let o = 0; o < outer; o++) visit(o * axisLen, axisLen, 0, 1);
    else for (let o = 0; o < outer; o++) for (let a = 0; a < axisLen; a++) visit((o * axisLen + a) * inner, inner, a, 0);
  } else {
    const groups = axisLen / g.groupSize;
    if (inner === 1) {
      for (let o = 0; o < outer; o++) {
        for (let k = 0; k < groups; k++) visit(o * axisLen + k * g.groupSize, g.groupSize, o * groups + k, 0);
      }
    } else {
      for (let o = 0; o < outer; o++) {
        for (let a = 0; a < axisLen; a++) visit((o * axisLen + a) * inner, inner, (o * groups + Math.floor(a / g.groupSize)) * inner, 1);
      }
    }
  }
}

/**
 * The runs as a flat array [start, length, p0, pStep, start, length, ...], so kernels can loop
 * over them and call a small per-run function with the scale hoisted into a local.
 */
export function runsOf(layout: ParamLayout): Int32Array {
  const runs: number[] = [];
  forEachRun(layout, (start, length, p0, pStep) => {
    runs.push(start, length, p0, pStep);
  });
  return Int32Array.from(runs);
}

/** Per-parameter min and max of the data (NaN is refused: it would poison the range). */
export function minMaxPerParam(data: ArrayLike<number>, layout: ParamLayout): { min: Float64Array; max: Float64Array } {
  if (data.length !== layout.numel) {
    throw new RangeError(`data has ${data.length} elements but shape ${fmt(layout.shape)} needs ${layout.numel}`);
  }
  const min = new Float64Array(layout.paramCount).fill(Infinity);
  const max = new Float64Array(layout.paramCount).fill(-Infinity);
  forEachRun(layout, (start, length, p0, pStep) => {
    for (let k = 0; k < length; k++) {
      const v = data[start + k]!;
      if (Number.isNaN(v)) throw new RangeError(`cannot compute quantization parameters: element ${start + k} is NaN`);
      const p = p0 + k * pStep;
      if (v < min[p]!) min[p] = v;
      if (v > max[p]!) max[p] = v;
    }
  });
  return { min, max };
}
