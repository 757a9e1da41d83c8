import { describe, expect, it } from 'vitest';
import { fixed } from './fixed.ts';

describe('fixed.mac.int8 (int8 inputs, int16 accumulator)', () => {
  it('reproduces the chapter: 500 + (-50 × 30) = -1000', () => {
    const t = fixed.mac.int8(-50, 30, 500);
    expect(t.a.bits).toBe('11001110');
    expect(t.b.bits).toBe('00011110');
    expect(t.accBefore.bits).toBe('00000001 11110100');
    expect(t.product).toEqual({ raw: -1500, value: -1500, bits: '11111010 00100100', format: 'int16' });
    expect(t.accAfter.raw).toBe(-1000);
    // The chapter prints 11111100 00001000, which is -1016: -1000 is 0xFC18.
    expect(t.accAfter.bits).toBe('11111100 00011000');
    expect([t.overflow, t.wrapped, t.saturated]).toEqual([false, false, false]);
    expect(t.steps.map((s) => s.step)).toEqual(['A', 'B', 'accumulator before', 'A × B', 'accumulator after']);
  });

  it('wraps the int16 accumulator on overflow and says so', () => {
    const t = fixed.mac.int8(127, 127, 20000);
    expect(t.exactSum).toBe(36129);
    expect(t.accAfter.raw).toBe(-29407);
    expect([t.overflow, t.wrapped, t.saturated]).toEqual([true, true, false]);
    expect(t.steps.at(-1)?.note).toBe('overflow: 36129 wrapped to -29407');
  });

  it('saturates instead when asked', () => {
    const t = fixed.mac.int8(127, 127, 20000, { onOverflow: 'saturate' });
    expect(t.accAfter.raw).toBe(32767);
    expect(t.saturated).toBe(true);
  });

  it('refuses operands outside int8 / int16', () => {
    expect(() => fixed.mac.int8(200, 1, 0)).toThrow(/a = 200 is not an int8/);
    expect(() => fixed.mac.int8(1, 1, 40000)).toThrow(/acc = 40000 is not an int16/);
  });
});

describe('fixed.mac.q7 (Q7 inputs, Q8.7 int16 accumulator)', () => {
  it('reproduces the chapter with the right accumulator bits (488, not 1000)', () => {
    const t = fixed.mac.q7(-0.390625, 0.234375, 3.90625);
    expect([t.a.raw, t.a.bits, t.b.raw, t.b.bits]).toEqual([-50, '11001110', 30, '00011110']);
    expect(t.accBefore).toEqual({ raw: 500, value: 3.90625, bits: '00000001 11110100', format: 'Q8.7' });
    expect(t.product).toEqual({ raw: -1500, value: -0.091552734375, bits: '11111010 00100100', format: 'Q1.14 (int16)' });
    expect(t.shift).toBe(7);
    expect(t.shifted).toEqual({ raw: -12, value: -0.09375, bits: '11110100', format: 'Q7' });
    expect(t.accAfter).toEqual({ raw: 488, value: 3.8125, bits: '00000001 11101000', format: 'Q8.7' });
    expect(t.steps[3]?.note).toContain('-11.71875');
    expect(t.overflow).toBe(false);
  });

  it('saturates the accumulator where int16 would wrap', () => {
    const t = fixed.mac.q7(127 / 128, 127 / 128, 32700 / 128);
    expect(t.shifted.raw).toBe(126);
    expect(t.exactSum).toBe(32826);
    expect(t.accAfter.raw).toBe(32767);
    expect([t.overflow, t.saturated, t.wrapped]).toEqual([true, true, false]);
    const wrapped = fixed.mac.q7(127 / 128, 127 / 128, 32700 / 128, { onOverflow: 'wrap' });
    expect(wrapped.accAfter.raw).toBe(-32710);
  });

  it('saturates the shifted product of -1 × -1', () => {
    const t = fixed.mac.q7(-1, -1, 0);
    expect(t.product.raw).toBe(16384);
    expect(t.shifted.raw).toBe(127);
    expect(t.productSaturated).toBe(true);
  });

  it('mac.fixed takes other formats and refuses mismatched accumulators', () => {
    const t = fixed.mac.fixed(0.5, 0.5, 0, { input: fixed.Q15 });
    expect(t.accAfter.format).toBe('Q16.15');
    expect(t.accAfter.value).toBe(0.25);
    expect(() => fixed.mac.fixed(0.5, 0.5, 0, { input: fixed.Q31 })).toThrow(/64 bits/);
    expect(() => fixed.mac.fixed(0.5, 0.5, 0, { accumulator: fixed.Q15 })).toThrow(/7 fraction bits/);
  });
});
