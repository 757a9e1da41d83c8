import { describe, expect, it } from 'vitest';
import { fma64, fma64Exact } from './fma.ts';
import { seededRandom } from '../shared/seeded-random.ts';

describe('fma64', () => {
  it('seed 5150: the fast path (exact products) gives the BigInt result, bit for bit, on integers and general doubles', () => {
    const random = seededRandom(5150);
    const pick = (): number => {
      const r = random();
      if (r < 0.4) return Math.round((random() - 0.5) * 2 ** (1 + Math.floor(random() * 40)));
      if (r < 0.8) return (random() - 0.5) * 2 ** Math.floor((random() - 0.5) * 80);
      return (random() - 0.5) * 10;
    };
    for (let i = 0; i < 20_000; i++) {
      const [a, b, c] = [pick(), pick(), pick()];
      expect(Object.is(fma64(a, b, c), fma64Exact(a, b, c)), `${a} * ${b} + ${c}`).toBe(true);
    }
  });

  it('rounds once: 0.1 * 10 - 1 is the tiny error of 0.1, not 0', () => {
    expect(fma64(0.1, 10, -1)).toBe(5.551115123125783e-17);
    expect(fma64(3, 4, 5)).toBe(17);
  });
});
