import { describe, expect, it } from 'vitest';
import { loadGolden } from './golden-io.ts';
import { format, pyStr } from './index.ts';

interface FormatGolden {
  floats: { value_bits: string; spec: string; out: string }[];
  ints: { value: string; spec: string; ok?: string; error?: string; message?: string }[];
  reprs: { value_bits: string; repr: string; str: string }[];
  strings: { value: string; spec: string; out: string }[];
}
const golden = loadGolden<FormatGolden>('core_format.json');
const fromBits = (bits: string): number => new Float64Array(BigInt64Array.of(BigInt.asIntN(64, BigInt(bits))).buffer)[0]!;

describe('format(float, spec) matches Python', () => {
  it.each(golden.floats.map((c) => [`format(${fromBits(c.value_bits)}, '${c.spec}')`, c] as const))('%s', (_n, c) => {
    expect(format(fromBits(c.value_bits), c.spec, { numberKind: 'float' })).toBe(c.out);
  });
});

describe('format(int, spec) matches Python (bigint)', () => {
  it.each(golden.ints.map((c) => [`format(${c.value}, '${c.spec}')`, c] as const))('%s', (_n, c) => {
    if (c.ok !== undefined) expect(format(BigInt(c.value), c.spec)).toBe(c.ok);
    else expect(() => format(BigInt(c.value), c.spec)).toThrow();
  });
  it('treats integral JS numbers as ints for int presentation types', () => {
    expect(format(-50 & 0xff, '08b')).toBe('11001110');
    expect(format(255, '#x')).toBe('0xff');
  });
});

describe('pyStr / repr(float)', () => {
  it.each(golden.reprs.map((c) => [`repr(${fromBits(c.value_bits)})`, c] as const))('%s', (_n, c) => {
    expect(pyStr(fromBits(c.value_bits))).toBe(c.repr);
  });
  it('prints bigints as Python ints and booleans as True/False', () => {
    expect(pyStr(-(2n ** 63n))).toBe('-9223372036854775808');
    expect(pyStr(true)).toBe('True');
    expect(pyStr(3, { intLike: true })).toBe('3');
  });
});

describe('format(str, spec)', () => {
  it.each(golden.strings.map((c) => [`format('abc', '${c.spec}')`, c] as const))('%s', (_n, c) => {
    expect(format(c.value, c.spec)).toBe(c.out);
  });
});
