// Integer targets of linear quantization and their ranges: signed and unsigned,
// 2 to 8 bits. Only int8/uint8 are torch dtypes (qint8/quint8); the narrower
// ones are course targets, stored one value per byte in Int8Array/Uint8Array.

export const QUANT_BITS = [2, 3, 4, 5, 6, 7, 8] as const;
export type QuantBits = (typeof QUANT_BITS)[number];
export type QuantTarget = `int${QuantBits}` | `uint${QuantBits}`;

export interface QRange {
  readonly qmin: number;
  readonly qmax: number;
}

/** The target with `bits` bits: int4, uint3, … */
export function quantTarget(bits: QuantBits, signed: boolean): QuantTarget {
  return signed ? `int${bits}` : `uint${bits}`;
}

/** Every target's range, made once: qrange is called per tensor and per channel. */
const RANGES: ReadonlyMap<string, QRange> = new Map(
  QUANT_BITS.flatMap((bits) => [
    [quantTarget(bits, true), { qmin: -(2 ** (bits - 1)), qmax: 2 ** (bits - 1) - 1 }],
    [quantTarget(bits, false), { qmin: 0, qmax: 2 ** bits - 1 }],
  ]),
);

const isQuantTarget = (name: string): name is QuantTarget => RANGES.has(name);

/** Accepts the torch names too: 'qint8' → int8, 'quint8' → uint8. */
export function toQuantTarget(name: string): QuantTarget {
  if (name === 'qint8') return 'int8';
  if (name === 'quint8') return 'uint8';
  if (isQuantTarget(name)) return name;
  throw new TypeError(`quantization target must be int2 … int8 or uint2 … uint8 (or qint8, quint8), got '${name}'`);
}

export function qrange(target: QuantTarget): QRange {
  const range = RANGES.get(target);
  if (range === undefined) throw new TypeError(`unknown quantization target '${String(target)}'`);
  return range;
}

export function isSignedTarget(target: QuantTarget): boolean {
  return target.startsWith('int');
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
  const { qmin, qmax } = qrange(target);
  if (!Number.isInteger(zeroPoint)) throw new RangeError(`${where}: zero_point must be an integer, got ${zeroPoint}`);
  if (zeroPoint < qmin) throw new RangeError(`${where}: zero_point ${zeroPoint} is below lower bound ${qmin} of ${target}`);
  if (zeroPoint > qmax) throw new RangeError(`${where}: zero_point ${zeroPoint} is above upper bound ${qmax} of ${target}`);
}
