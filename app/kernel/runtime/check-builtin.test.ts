import { describe, expect, it } from 'vitest';
import { createCheck, deepEqual } from './check-builtin.ts';

describe('check.equal', () => {
  it('prints ✓ with the message when values are equal, ✗ with both values otherwise', () => {
    const lines: string[] = [];
    const check = createCheck((l) => lines.push(l));
    expect(check.equal([1, 2], [1, 2], 'same list')).toBe(true);
    expect(check.equal('a', 'b', 'same text')).toBe(false);
    expect(lines).toEqual(['✓ same list', "✗ same text: expected 'b', got 'a'"]);
  });
});

describe('check.close', () => {
  it('accepts values within the tolerance and says the tolerance otherwise', () => {
    const lines: string[] = [];
    const check = createCheck((l) => lines.push(l));
    check.close(0.1 + 0.2, 0.3, 1e-12, 'sum');
    check.close(2, 3, 0.5, 'far');
    expect(lines).toEqual(['✓ sum', '✗ far: expected 3 ± 0.5, got 2']);
  });
});

describe('deepEqual', () => {
  it('compares numbers with bigints, typed arrays with arrays, objects by keys', () => {
    expect(deepEqual(127n, 127)).toBe(true);
    expect(deepEqual(new Int8Array([1, -2]), [1, -2])).toBe(true);
    expect(deepEqual({ a: 1, b: [2] }, { b: [2], a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(deepEqual(NaN, NaN)).toBe(true);
  });

  it('compares printable objects by their text', () => {
    const t = { toString: () => 'tensor([1.])' };
    expect(deepEqual(t, 'tensor([1.])')).toBe(true);
    expect(deepEqual(t, { toString: () => 'tensor([1.])' })).toBe(true);
    expect(deepEqual(t, 'tensor([2.])')).toBe(false);
  });
});
