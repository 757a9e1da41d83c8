import { describe, expect, it } from 'vitest';
import { fixed, groupBits, roundHalfEven, twosComplement, wrap } from './fixed.ts';

describe('fixed Q formats', () => {
  it('Q7/Q15/Q31 have the CMSIS layouts', () => {
    expect([fixed.Q7.width, fixed.Q7.n, fixed.Q7.rawMin, fixed.Q7.rawMax]).toEqual([8, 7, -128, 127]);
    expect([fixed.Q15.storage, fixed.Q15.max]).toEqual(['int16', 32767 / 32768]);
    expect([fixed.Q31.storage, fixed.Q31.min]).toEqual(['int32', -1]);
    expect(fixed.q(8, 7).name).toBe('Q8.7');
    expect(String(fixed.Q7)).toBe('Q7 (int8: 1 sign + 0 integer + 7 fraction bits, step 2^-7)');
  });

  it('fixed.q refuses widths that are not 8, 16 or 32 bits', () => {
    expect(() => fixed.q(2, 2)).toThrow(/8, 16 or 32/);
    expect(() => fixed.q(-1, 8)).toThrow(/non-negative/);
  });

  it('fromFloat rounds to nearest (halves away from zero) and saturates', () => {
    expect(fixed.Q7.fromFloat(-0.390625)).toBe(-50);
    expect(fixed.Q7.fromFloat(0.234375)).toBe(30);
    expect(fixed.Q7.fromFloat(1)).toBe(127);
    expect(fixed.Q7.fromFloat(-1)).toBe(-128);
    expect(fixed.Q7.fromFloat(-5)).toBe(-128);
    expect(fixed.Q7.fromFloat(Infinity)).toBe(127);
    expect(fixed.Q7.fromFloat(2.5 / 128)).toBe(3);
    expect(fixed.Q7.fromFloat(-2.5 / 128)).toBe(-3);
    expect(fixed.Q7.fromFloat(2.5 / 128, 'even')).toBe(2);
    expect(fixed.Q7.fromFloat(-2.7 / 128, 'trunc')).toBe(-2);
    expect(fixed.Q7.fromFloat(-2.2 / 128, 'floor')).toBe(-3);
    expect(Object.is(fixed.Q7.fromFloat(-0.001), 0)).toBe(true);
    expect(fixed.Q31.fromFloat(0.5)).toBe(2 ** 30);
    expect(fixed.Q31.fromFloat(1)).toBe(2 ** 31 - 1);
    expect(() => fixed.Q15.fromFloat(NaN)).toThrow(/NaN/);
  });

  it('toFloat and bits read the raw integer', () => {
    expect(fixed.Q7.toFloat(-50)).toBe(-0.390625);
    expect(fixed.Q7.bits(-50)).toBe('11001110');
    expect(fixed.Q15.bits(-1500)).toBe('11111010 00100100');
    expect(fixed.Q31.bits(-1)).toBe('11111111 11111111 11111111 11111111');
    expect(() => fixed.Q7.bits(128)).toThrow(/\[-128, 127\]/);
    expect(() => fixed.Q7.toFloat(1.5)).toThrow(/not an integer/);
  });

  it('add wraps, addSat saturates', () => {
    expect(fixed.Q7.add(100, 100)).toBe(-56);
    expect(fixed.Q7.addSat(100, 100)).toBe(127);
    expect(fixed.Q7.addSat(-100, -100)).toBe(-128);
    expect(fixed.Q15.sub(-32768, 1)).toBe(32767);
    expect(fixed.Q15.subSat(-32768, 1)).toBe(-32768);
    expect(fixed.Q31.addSat(2 ** 31 - 1, 1)).toBe(2 ** 31 - 1);
    expect(fixed.Q31.add(2 ** 31 - 1, 1)).toBe(-(2 ** 31));
  });

  it('mul shifts the product right arithmetically and saturates -1 × -1', () => {
    expect(fixed.Q7.mulFull(-50, 30)).toBe(-1500);
    expect(fixed.Q7.mul(-50, 30)).toBe(-12); // floor(-11.71875)
    expect(fixed.Q7.mul(50, 30)).toBe(11);
    expect(fixed.Q7.mul(-128, -128)).toBe(127);
    expect(fixed.Q15.mul(-32768, 16384)).toBe(-16384);
    expect(fixed.Q31.mul(2 ** 30, 2 ** 30)).toBe(2 ** 29);
    expect(fixed.Q31.mul(-(2 ** 31), -(2 ** 31))).toBe(2 ** 31 - 1);
    expect(fixed.Q31.mul(-(2 ** 31) + 3, 2 ** 31 - 5)).toBe(Number(((-(2n ** 31n) + 3n) * (2n ** 31n - 5n)) >> 31n));
  });
});

describe("two's-complement helpers", () => {
  it('twosComplement groups by byte and refuses values that do not fit', () => {
    expect(twosComplement(-1000, 16)).toBe('11111100 00011000');
    expect(twosComplement(-1016, 16)).toBe('11111100 00001000');
    expect(twosComplement(5n, 64, 0)).toBe('0'.repeat(61) + '101');
    expect(() => twosComplement(128, 8)).toThrow(/signed 8-bit/);
  });

  it('groupBits counts groups from the right', () => {
    expect(groupBits('100000000')).toBe('1 00000000');
    expect(groupBits('1010', 2)).toBe('10 10');
  });

  it('wrap keeps the low bits; fixed.fromBits reads them back', () => {
    expect(wrap(36129, 16)).toBe(-29407);
    expect(fixed.fromBits('11110100')).toBe(-12);
    expect(fixed.fromBits('00000001 11101000')).toBe(488);
  });

  it('roundHalfEven matches nearbyint on ties', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999999999999996].map(roundHalfEven).map((v) => v + 0)).toEqual([0, 2, 2, 0, -2, -2, 2]);
  });
});
