/**
 * Seeded property tests: fast implementations against plain reference implementations.
 * The seed is in each test name so a failure can be replayed.
 */
import { describe, expect, it } from 'vitest';
import { MT19937 } from './mt19937.ts';
import { bf16BitsToNumber, f16BitsToNumber, f32BitsToBf16Bits, f32BitsToF16Bits, f32FromBits, numberToF16BitsDirect } from './half.ts';
import { format, pyStr, torch } from './index.ts';
import { cascadeSum } from './summation.ts';

/** Plain reference: nearest value in a sorted list of non-negative finite values, ties to the even pattern. */
function nearestPattern(abs: number, values: readonly number[], overflowAt: number, infBits: number): number {
  if (abs >= overflowAt) return infBits;
  let lo = 0;
  let hi = values.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! <= abs) lo = mid;
    else hi = mid;
  }
  const dLo = abs - values[lo]!;
  const dHi = values[hi]! - abs;
  if (dLo < dHi) return lo;
  if (dHi < dLo) return hi;
  return lo % 2 === 0 ? lo : hi;
}

const positiveF16 = Array.from({ length: 0x7c00 }, (_, h) => f16BitsToNumber(h));
const positiveBf16 = Array.from({ length: 0x7f80 }, (_, b) => bf16BitsToNumber(b));
const F16_OVERFLOW = 65520;
const BF16_OVERFLOW = bf16BitsToNumber(0x7f7f) + 2 ** (127 - 8); // max + half an ulp

function referenceF16(x: number): number {
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  return sign | nearestPattern(Math.abs(x), positiveF16, F16_OVERFLOW, 0x7c00);
}

function referenceBf16(x: number): number {
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  return sign | nearestPattern(Math.abs(x), positiveBf16, BF16_OVERFLOW, 0x7f80);
}

function randomFiniteF32Bits(rng: MT19937): number {
  for (;;) {
    const bits = rng.nextUint32();
    if ((bits & 0x7f800000) !== 0x7f800000) return bits;
  }
}

/** float32 bits concentrated around the 16-bit formats' ranges (raw patterns are mostly huge/tiny). */
function nearRangeF32Bits(rng: MT19937): number {
  const exponent = 100 + (rng.nextUint32() % 50); // 2^-27 .. 2^22
  return (rng.nextUint32() & 0x807fffff) | (exponent << 23);
}

describe('16-bit rounding against a nearest-value reference', () => {
  for (const seed of [42, 7, 2024]) {
    it(`float16 round trip matches reference (seed ${seed})`, () => {
      const rng = new MT19937(seed);
      for (let i = 0; i < 20000; i++) {
        const bits = i % 2 ? randomFiniteF32Bits(rng) : nearRangeF32Bits(rng);
        const x = f32FromBits(bits);
        expect(f32BitsToF16Bits(bits), `x=${x}`).toBe(referenceF16(x));
      }
    });
    it(`bfloat16 rounding matches reference (seed ${seed})`, () => {
      const rng = new MT19937(seed);
      for (let i = 0; i < 20000; i++) {
        const bits = randomFiniteF32Bits(rng);
        const x = f32FromBits(bits);
        expect(f32BitsToBf16Bits(bits), `x=${x}`).toBe(referenceBf16(x));
      }
    });
    it(`single-rounding float64 -> float16 matches reference (seed ${seed})`, () => {
      const rng = new MT19937(seed);
      for (let i = 0; i < 5000; i++) {
        const x = (rng.nextUint32() / 2 ** 32 - 0.5) * 2 ** ((rng.nextUint32() % 40) - 24);
        expect(numberToF16BitsDirect(x), `x=${x}`).toBe(referenceF16(x));
      }
    });
  }
  it('every non-NaN float16 survives decode -> encode', () => {
    for (let h = 0; h < 65536; h++) {
      if ((h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0) continue;
      expect(f32BitsToF16Bits(new Uint32Array(Float32Array.of(f16BitsToNumber(h)).buffer)[0]!)).toBe(h);
    }
  });
});

describe('MT19937', () => {
  it('matches the reference outputs of std::mt19937 (seed 5489)', () => {
    const rng = new MT19937(5489);
    expect(rng.nextUint32()).toBe(3499211612);
    for (let i = 1; i < 9999; i++) rng.nextUint32();
    expect(rng.nextUint32()).toBe(4123659995); // the C++ standard's 10000th-output check
  });
});

describe('format and pyStr against simple references', () => {
  for (const seed of [1, 99]) {
    it(`format(x, ".Nf") agrees with toFixed away from exact ties (seed ${seed})`, () => {
      const rng = new MT19937(seed);
      for (let i = 0; i < 3000; i++) {
        const x = (rng.nextUint32() / 2 ** 32 - 0.5) * 10 ** ((rng.nextUint32() % 12) - 4);
        const digits = rng.nextUint32() % 18;
        expect(format(x, `.${digits}f`)).toBe(x.toFixed(digits));
      }
    });
    it(`pyStr(x) parses back to x (seed ${seed})`, () => {
      const rng = new MT19937(seed);
      const f64 = new Float64Array(1);
      const words = new Uint32Array(f64.buffer);
      for (let i = 0; i < 5000; i++) {
        words[0] = rng.nextUint32();
        words[1] = rng.nextUint32();
        const x = f64[0]!;
        if (Number.isNaN(x)) continue;
        expect(Number(pyStr(x).replace('inf', 'Infinity'))).toBe(x);
      }
    });
  }
});

describe('reductions against float64 references', () => {
  for (const seed of [3, 31]) {
    it(`cascade sum stays within n*eps*sum|x| of the exact sum (seed ${seed})`, () => {
      torch.manual_seed(seed);
      for (const n of [1, 15, 16, 17, 100, 999, 5000, 70000]) {
        const values = torch.randn(n).toFloat64();
        const exact = values.reduce((a, b) => a + b, 0);
        const magnitude = values.reduce((a, b) => a + Math.abs(b), 0);
        // Forward error bound for float32 summation (Higham): about n * 2^-24 * sum|x|.
        expect(Math.abs(cascadeSum(values, torch.float32) - exact)).toBeLessThanOrEqual(n * 2 ** -24 * magnitude);
      }
    });
    it(`dot accumulates exactly like a fround loop (seed ${seed})`, () => {
      torch.manual_seed(seed);
      const a = torch.randn(777);
      const b = torch.randn(777);
      const va = a.toFloat64();
      const vb = b.toFloat64();
      let acc = 0;
      for (let i = 0; i < 777; i++) acc = Math.fround(acc + Math.fround(va[i]! * vb[i]!));
      expect(torch.dot(a, b).item()).toBe(acc);
    });
  }
});
