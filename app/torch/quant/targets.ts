// Integer targets of linear quantization and their ranges. int4/uint4 are not torch dtypes
// (1.13 has none); they are stored one value per byte in Int8Array/Uint8Array here.

export type QuantTarget = 'int8' | 'uint8' | 'int4' | 'uint4';

/** The storage a target's quantized values come back in. */
export type QuantStorage<T extends QuantTarget = QuantTarget> = T extends 'int8' | 'int4' ? Int8Array : Uint8Array;

export interface QRange {
  readonly qmin: number;
  readonly qmax: number;
}

const RANGES: Readonly<Record<QuantTarget, QRange>> = Object.freeze({
  int8: { qmin: -128, qmax: 127 },
  uint8: { qmin: 0, qmax: 255 },
  int4: { qmin: -8, qmax: 7 },
  uint4: { qmin: 0, qmax: 15 },
});

/** Accepts the torch names too: 'qint8' → int8, 'quint8' → uint8. */
export function toQuantTarget(name: string): QuantTarget {
  if (name === 'qint8') return 'int8';
  if (name === 'quint8') return 'uint8';
  if (name === 'int8' || name === 'uint8' || name === 'int4' || name === 'uint4') return name;
  throw new TypeError(`quantization target must be one of int8, uint8, int4, uint4 (or qint8, quint8), got '${name}'`);
}

export function qrange(target: QuantTarget): QRange {
  return RANGES[target];
}

export function isSignedTarget(target: QuantTarget): boolean {
  return target === 'int8' || target === 'int4';
}

export function allocateQuantized(target: QuantTarget, length: number): Int8Array | Uint8Array {
  return isSignedTarget(target) ? new Int8Array(length) : new Uint8Array(length);
}

/** float32 machine epsilon (2^-23): the floor PyTorch's observers put under every scale. */
export const FLOAT32_EPS = 2 ** -23;

/** Refuses scales that would make quantization meaningless, with the offending value named. */
export function checkScale(scale: number, where: string): void {
  if (Number.isNaN(scale)) throw new RangeError(`${where}: scale is NaN; a scale must be a positive finite number`);
  if (!(scale > 0) || scale === Infinity) {
    throw new RangeError(`${where}: scale must be a positive finite number, got ${scale}`);
  }
}

export function checkZeroPoint(zeroPoint: number, target: QuantTarget, where: string): void {
  const { qmin, qmax } = RANGES[target];
  if (!Number.isInteger(zeroPoint)) throw new RangeError(`${where}: zero_point must be an integer, got ${zeroPoint}`);
  if (zeroPoint < qmin) throw new RangeError(`${where}: zero_point ${zeroPoint} is below lower bound ${qmin} of ${target}`);
  if (zeroPoint > qmax) throw new RangeError(`${where}: zero_point ${zeroPoint} is above upper bound ${qmax} of ${target}`);
}
