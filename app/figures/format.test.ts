import { describe, expect, it } from 'vitest';
import { fieldOf, formula } from './bit-text.ts';
import { floatBits } from '../torch/bits.ts';
import { exactDecimal, parseInteger, parseNumber, powerOfTwo } from './format.ts';

describe('exactDecimal', () => {
  it('prints every digit of the binary value', () => {
    expect(exactDecimal(0.1)).toBe('0.1000000000000000055511151231257827021181583404541015625');
    expect(exactDecimal(Math.fround(0.1))).toBe('0.100000001490116119384765625');
    expect(exactDecimal(0.10009765625)).toBe('0.10009765625');
    expect(exactDecimal(-1)).toBe('-1');
    expect(exactDecimal(2 ** 70)).toBe('1180591620717411303424');
    expect(exactDecimal(2 ** -1074)).toMatch(/^0\.0{323}49406564584124654417656879286822137236505/);
    expect(exactDecimal(2 ** -1074)).toHaveLength(2 + 1074);
  });
  it('names zero signs and specials', () => {
    expect(exactDecimal(0)).toBe('0');
    expect(exactDecimal(-0)).toBe('-0');
    expect(exactDecimal(Infinity)).toBe('inf');
    expect(exactDecimal(-Infinity)).toBe('-inf');
    expect(exactDecimal(NaN)).toBe('nan');
  });
});

describe('powerOfTwo', () => {
  it('writes ulps as 2^k', () => {
    expect(powerOfTwo(2 ** -27)).toBe('2^-27');
    expect(powerOfTwo(1)).toBe('2^0');
    expect(powerOfTwo(2 ** -1074)).toBe('2^-1074');
    expect(powerOfTwo(3)).toBeNull();
    expect(powerOfTwo(NaN)).toBeNull();
  });
});

describe('parseNumber', () => {
  const value = (t: string) => {
    const p = parseNumber(t);
    return p.ok ? p.value : `error: ${p.message}`;
  };
  it('reads decimals, specials, -0 and a/b', () => {
    expect(value('0.1')).toBe(0.1);
    expect(value(' 1e-3 ')).toBe(0.001);
    expect(value('.5')).toBe(0.5);
    expect(value('-2.')).toBe(-2);
    expect(Object.is(value('-0'), -0)).toBe(true);
    expect(Object.is(value('−0'), -0)).toBe(true);
    expect(value('inf')).toBe(Infinity);
    expect(value('-Infinity')).toBe(-Infinity);
    expect(value('NaN')).toBeNaN();
    expect(value('1/3')).toBe(1 / 3);
    expect(value('1 / 3')).toBe(1 / 3);
  });
  it('refuses anything else with a message', () => {
    for (const t of ['', 'abc', '1/2/3', '0x10', '1e', '--1', 'Math.PI']) expect(value(t)).toMatch(/^error: /);
  });
});

describe('parseInteger', () => {
  it('reads whole numbers exactly as bigints', () => {
    expect(parseInteger('-9223372036854775808')).toBe(-(2n ** 63n));
    expect(parseInteger(' 1_000 000 ')).toBe(1000000n);
    expect(parseInteger('+7')).toBe(7n);
    expect(parseInteger('1.5')).toBeNull();
    expect(parseInteger('')).toBeNull();
  });
});

describe('bit explorer text', () => {
  it('puts the sign first, then exponent, then mantissa', () => {
    expect([0, 1, 8, 9, 31].map((p) => fieldOf(p, 8))).toEqual(['sign', 'exponent', 'exponent', 'mantissa', 'mantissa']);
  });
  it('decodes normals, subnormals and specials', () => {
    expect(formula(floatBits(1, 'float32'))).toBe('(−1)^0 × 2^(127 − 127) × 1.00000000000000000000000₂ = +1 × 2^0 × 1');
    expect(formula(floatBits(-0.1, 'bfloat16'))).toBe('(−1)^1 × 2^(123 − 127) × 1.1001101₂ = −1 × 2^-4 × 1.6015625');
    expect(formula(floatBits(2 ** -24, 'float16'))).toBe('(−1)^0 × 2^(1 − 15) × 0.0000000001₂ = +1 × 2^-14 × 0.0009765625');
    expect(formula(floatBits(-Infinity, 'float16'))).toBe('exponent all ones, mantissa 0 → −infinity');
    expect(formula(floatBits(NaN, 'float32'))).toBe('exponent all ones, mantissa ≠ 0 → not a number');
  });
});
