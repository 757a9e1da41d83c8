// Q format objects; the student-facing overview is in fixed.ts.
import { saturate, twosComplement, wrap } from './fixed-int.ts';

export type Rounding = 'nearest' | 'even' | 'floor' | 'trunc';
export type StorageName = 'int8' | 'int16' | 'int32';

export interface QFormat {
  /** 'Q7', 'Q15', 'Q31' for m = 0, otherwise 'Qm.n' (e.g. 'Q8.7'). */
  readonly name: string;
  /** Integer bits, not counting the sign bit. */
  readonly m: number;
  /** Fraction bits: the binary point's position, and the shift after a multiply. */
  readonly n: number;
  readonly width: 8 | 16 | 32;
  readonly storage: StorageName;
  readonly rawMin: number;
  readonly rawMax: number;
  /** Smallest and largest real values: rawMin / 2^n and rawMax / 2^n. */
  readonly min: number;
  readonly max: number;
  /** Distance between neighbouring values: 2^-n. */
  readonly resolution: number;
  /** Real → raw. `'nearest'` rounds halves away from zero (CMSIS with ARM_MATH_ROUNDING). */
  fromFloat(x: number, rounding?: Rounding): number;
  toFloat(raw: number): number;
  /** Two's-complement bits grouped by byte, e.g. `'11111010 00100100'`. */
  bits(raw: number): string;
  add(a: number, b: number): number;
  addSat(a: number, b: number): number;
  sub(a: number, b: number): number;
  subSat(a: number, b: number): number;
  /** (a * b) >> n, saturated to this format. */
  mul(a: number, b: number): number;
  /** The exact product a * b, a Q(2m+1).(2n) value in twice the width (bigint-free up to Q15). */
  mulFull(a: number, b: number): number;
  toString(): string;
}

const STORAGE: Readonly<Record<8 | 16 | 32, StorageName>> = { 8: 'int8', 16: 'int16', 32: 'int32' };

/** Qm.n on a 1 + m + n bit integer; 1 + m + n must be 8, 16 or 32. */
export function q(m: number, n: number): QFormat {
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 0 || n < 0) {
    throw new RangeError(`fixed.q(m, n) needs non-negative integers, got q(${m}, ${n})`);
  }
  const width = 1 + m + n;
  if (width !== 8 && width !== 16 && width !== 32) {
    throw new RangeError(`fixed.q(${m}, ${n}) needs 1 + m + n = 8, 16 or 32 bits (sign + integer + fraction), got ${width}`);
  }
  const rawMin = -(2 ** (width - 1));
  const rawMax = 2 ** (width - 1) - 1;
  const scale = 2 ** n;
  const name = m === 0 ? `Q${n}` : `Q${m}.${n}`;
  const check = (raw: number, what: string): number => {
    if (!Number.isInteger(raw) || raw < rawMin || raw > rawMax) {
      throw new RangeError(`${name}.${what}: raw value ${raw} is not an integer in [${rawMin}, ${rawMax}] (${STORAGE[width]})`);
    }
    return raw;
  };
  const format: QFormat = {
    name,
    m,
    n,
    width,
    storage: STORAGE[width],
    rawMin,
    rawMax,
    min: rawMin / scale,
    max: rawMax / scale,
    resolution: 1 / scale,
    fromFloat(x, rounding = 'nearest') {
      if (Number.isNaN(x)) throw new RangeError(`${name}.fromFloat: NaN has no fixed-point value`);
      return saturate(roundWith(x * scale, rounding), width) + 0; // + 0 turns -0 into 0
    },
    toFloat: (raw) => check(raw, 'toFloat') / scale,
    bits: (raw) => twosComplement(check(raw, 'bits'), width),
    add: (a, b) => wrap(check(a, 'add') + check(b, 'add'), width),
    addSat: (a, b) => saturate(check(a, 'addSat') + check(b, 'addSat'), width),
    sub: (a, b) => wrap(check(a, 'sub') - check(b, 'sub'), width),
    subSat: (a, b) => saturate(check(a, 'subSat') - check(b, 'subSat'), width),
    mul: (a, b) => saturate(shiftRight(check(a, 'mul'), check(b, 'mul'), n), width),
    mulFull(a, b) {
      const p = check(a, 'mulFull') * check(b, 'mulFull');
      // Q31 products need up to 62 bits: only exact if they happen to fit a double.
      if (!Number.isSafeInteger(p)) throw new RangeError(`${name}.mulFull: product needs BigInt, use mul()`);
      return p;
    },
    toString: () => `${name} (${STORAGE[width]}: 1 sign + ${m} integer + ${n} fraction bits, step 2^-${n})`,
  };
  return Object.freeze(format);
}

/** floor(a * b / 2^n): exact in doubles up to 53 bits, BigInt beyond (Q31 × Q31). */
function shiftRight(a: number, b: number, n: number): number {
  const p = a * b;
  if (Number.isSafeInteger(p)) return Math.floor(p / 2 ** n);
  return Number((BigInt(a) * BigInt(b)) >> BigInt(n));
}

export function roundWith(v: number, rounding: Rounding): number {
  switch (rounding) {
    case 'nearest':
      return Math.sign(v) * Math.floor(Math.abs(v) + 0.5);
    case 'even':
      return roundHalfEven(v);
    case 'floor':
      return Math.floor(v);
    case 'trunc':
      return Math.trunc(v);
  }
}

/** Round half to even (IEEE's default, C's nearbyint), exact for every double. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v); // halves go up (towards +inf)
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export const Q7 = q(0, 7);
export const Q15 = q(0, 15);
export const Q31 = q(0, 31);
