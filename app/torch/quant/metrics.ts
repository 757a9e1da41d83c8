// How much a quantize/dequantize round trip lost, in the three numbers lessons plot.

export interface QuantError {
  /** Mean of (x - x')². */
  readonly mse: number;
  /** max |x - x'|. */
  readonly maxAbsError: number;
  /** 10·log10(Σx² / Σ(x - x')²): +Infinity when nothing was lost, NaN when signal and error are both zero. */
  readonly snrDb: number;
}

export function quantError(original: ArrayLike<number>, reconstructed: ArrayLike<number>): QuantError {
  if (original.length !== reconstructed.length) {
    throw new RangeError(`quantError: original has ${original.length} elements but reconstructed has ${reconstructed.length}`);
  }
  let signal = 0;
  let noise = 0;
  let maxAbsError = 0;
  for (let i = 0; i < original.length; i++) {
    const x = original[i]!;
    const e = x - reconstructed[i]!;
    signal += x * x;
    noise += e * e;
    const a = Math.abs(e);
    if (a > maxAbsError || Number.isNaN(a)) maxAbsError = a;
  }
  const n = original.length;
  const snrDb = noise === 0 ? (signal === 0 ? NaN : Infinity) : 10 * Math.log10(signal / noise);
  return { mse: n === 0 ? NaN : noise / n, maxAbsError, snrDb };
}
