import { describe, expect, it } from 'vitest';
import { FLOAT_FORMATS, bitView, flipBit, floatBits, intBits, roundToFormat, type FloatFormatName } from './bits.ts';
import * as torchDtypes from './dtype.ts';
import { roundToBf16, roundToF16 } from './half.ts';
import { decode, gaussian, loadGolden, seededRandom, type GoldenNumber } from './quant/testing.ts';

type BitsCase =
  | {
      readonly kind: 'float';
      readonly dtype: FloatFormatName;
      readonly input: GoldenNumber;
      readonly bits: string;
      readonly value: GoldenNumber;
      readonly spacing: GoldenNumber | null;
    }
  | {
      readonly kind: 'finfo';
      readonly dtype: FloatFormatName;
      readonly max: number;
      readonly tiny: number;
      readonly eps: number;
      readonly bits: number;
    }
  | { readonly kind: 'int'; readonly dtype: 'int8' | 'int16' | 'int32' | 'int64' | 'uint8'; readonly value: string; readonly bits: string };

const golden = loadGolden<BitsCase>('bits');

describe('floatBits against torch.tensor(v, dtype).view(int)', () => {
  for (const c of golden.cases) {
    if (c.kind === 'float') {
      it(`floatBits(${c.input}, '${c.dtype}') stores ${c.value} as ${c.bits}`, () => {
        const view = floatBits(decode(c.input), c.dtype);
        expect(view.bits).toBe(c.bits);
        expect(view.value).toBe(decode(c.value));
        if (c.spacing !== null && decode(c.spacing) !== Infinity) expect(view.ulp).toBe(decode(c.spacing));
      });
    } else if (c.kind === 'finfo') {
      it(`FLOAT_FORMATS.${c.dtype} matches torch.finfo`, () => {
        const f = FLOAT_FORMATS[c.dtype];
        expect([f.maxFinite, f.minNormal, 2 ** -f.mantissaBits, f.width]).toEqual([c.max, c.tiny, c.eps, c.bits]);
      });
    } else {
      it(`intBits(${c.value}, '${c.dtype}') is ${c.bits}`, () => {
        const value = c.dtype === 'int64' ? BigInt(c.value) : Number(c.value);
        expect(intBits(value, c.dtype).bits).toBe(c.bits);
      });
    }
  }
});

describe('floatBits fields', () => {
  it('splits 1/3 in float16 into sign, exponent and mantissa', () => {
    const v = floatBits(1 / 3, torchDtypes.float16);
    expect(v.grouped).toBe('0 01101 0101010101');
    expect(v.exponent).toEqual({ bits: '01101', raw: 13, bias: 15, unbiased: -2 });
    expect(v.mantissa).toEqual({ bits: '0101010101', raw: 341 });
    expect(v.kind).toBe('normal');
    expect(v.error).toBe(0.333251953125 - 1 / 3);
  });

  it('classifies zero, subnormal, inf and nan', () => {
    expect(floatBits(-0, 'float32').kind).toBe('zero');
    expect(floatBits(-0, 'float32').sign.value).toBe(1);
    expect(floatBits(2 ** -24, 'float16')).toMatchObject({
      kind: 'subnormal',
      exponent: { raw: 0, unbiased: -14 },
      mantissa: { raw: 1 },
      ulp: 2 ** -24,
    });
    expect(floatBits(1e6, 'float16').kind).toBe('inf');
    expect(floatBits(NaN, 'bfloat16')).toMatchObject({ kind: 'nan', bits: '0111111111000000' });
  });

  it("reports torch's double rounding through float32 next to the nearest value", () => {
    const v = floatBits(1 + 2 ** -11 + 2 ** -40, 'float16');
    expect(v.value).toBe(1);
    expect(v.nearest).toBe(1 + 2 ** -10);
    expect(v.doubleRounded).toBe(true);
    expect(floatBits(0.1, 'float16').doubleRounded).toBe(false);
  });

  it('refuses integer dtypes', () => {
    expect(() => floatBits(1, torchDtypes.int8)).toThrow(/not a floating-point dtype/);
  });
});

describe('roundToFormat', () => {
  it('agrees with half.ts on float32 inputs for float16 and bfloat16 (seed 3)', () => {
    const rand = seededRandom(3);
    for (let i = 0; i < 5000; i++) {
      const x = Math.fround(gaussian(rand) * 2 ** Math.floor(rand() * 80 - 40));
      expect(roundToFormat(x, 'float16')).toBe(roundToF16(x));
      expect(roundToFormat(x, 'bfloat16')).toBe(roundToBf16(x));
    }
  });

  it('rounds ties to even and overflows to inf past the largest finite value', () => {
    expect(roundToFormat(1 + 2 ** -11, 'float16')).toBe(1);
    expect(roundToFormat(1 + 3 * 2 ** -11, 'float16')).toBe(1 + 2 ** -9);
    expect(roundToFormat(65519.99, 'float16')).toBe(65504);
    expect(roundToFormat(-65520, 'float16')).toBe(-Infinity);
  });
});

describe('intBits', () => {
  it("shows two's complement grouped by byte", () => {
    expect(intBits(-1500, torchDtypes.int16).grouped).toBe('11111010 00100100');
    expect(intBits(-1n, 'int64').bits).toBe('1'.repeat(64));
    expect(() => intBits(300, 'uint8')).toThrow(/300 is not a uint8 value in \[0, 255\]/);
  });

  it('bitView dispatches on the dtype', () => {
    expect(bitView(-50, 'int8').bits).toBe('11001110');
    expect(bitView(1, torchDtypes.float32).bits).toBe('00111111100000000000000000000000');
    expect(() => bitView(1, 'qint8')).toThrow(/no bit view for qint8/);
  });
});

describe('flipBit', () => {
  it('flips exponent, mantissa and sign bits of floats', () => {
    expect(flipBit(1, 'float32', 31)).toBe(-1);
    expect(flipBit(1, 'float32', 23)).toBe(0.5); // lowest exponent bit: 127 → 126
    expect(flipBit(1, 'float16', 0)).toBe(1 + 2 ** -10);
    expect(flipBit(1, 'bfloat16', 14)).toBe(Infinity); // exponent 127 → 255 with mantissa 0 is inf
  });

  it('flips the high mantissa bits of float64 beyond 32 bits', () => {
    expect(flipBit(1, 'float64', 51)).toBe(1.5);
    expect(flipBit(1.5, 'float64', 51)).toBe(1);
  });

  it("flips integer bits in two's complement", () => {
    expect(flipBit(0, 'int8', 7)).toBe(-128);
    expect(flipBit(255, 'uint8', 7)).toBe(127);
    expect(flipBit(0n, 'int64', 63)).toBe(-(2n ** 63n));
    expect(() => flipBit(1, 'int8', 8)).toThrow(/bit index 8 is outside 0..7 for int8/);
  });
});
