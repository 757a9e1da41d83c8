import { describe, expect, it } from 'vitest';
import { loadGolden } from './golden-io.ts';
import { format, torch } from './index.ts';

interface InfoGolden {
  iinfo: Record<string, { repr: string; bits: number; min: string; max: string; dtype: string }>;
  finfo: Record<
    string,
    {
      repr: string;
      bits: number;
      min: number;
      max: number;
      eps: number;
      tiny: number;
      smallest_normal: number;
      resolution: number;
      dtype: string;
    }
  >;
  chapter: { format_value: string; items: Record<string, { formatted: string; repr: string }> };
  errors: Record<string, { ok?: string; message?: string }>;
  dtype_str: Record<string, string>;
  element_size: Record<string, number>;
}
const golden = loadGolden<InfoGolden>('core_info.json');
const dtypeNamed = (name: string): InstanceType<typeof torch.dtype> => torch[name as 'int8'];

describe('torch.iinfo', () => {
  it.each(Object.entries(golden.iinfo))('iinfo(torch.%s) fields and repr', (name, want) => {
    const info = torch.iinfo(dtypeNamed(name));
    expect(String(info)).toBe(want.repr);
    expect(info.bits).toBe(want.bits);
    expect(String(info.min)).toBe(want.min);
    expect(String(info.max)).toBe(want.max);
    expect(info.dtype).toBe(want.dtype);
  });
  it('keeps int64 bounds exact as bigint', () => {
    expect(torch.iinfo(torch.int64).min).toBe(-(2n ** 63n));
    expect(torch.iinfo(torch.int64).max).toBe(2n ** 63n - 1n);
  });
  it("rejects float dtypes with torch 1.13's message", () => {
    expect(() => torch.iinfo(torch.float32)).toThrow(golden.errors.iinfo_float32!.message!);
  });
});

describe('torch.finfo', () => {
  it.each(Object.entries(golden.finfo))('finfo(torch.%s) fields and repr', (name, want) => {
    const info = torch.finfo(dtypeNamed(name));
    expect(String(info)).toBe(want.repr);
    const { repr: _repr, ...fields } = want;
    expect({
      bits: info.bits,
      min: info.min,
      max: info.max,
      eps: info.eps,
      tiny: info.tiny,
      smallest_normal: info.smallest_normal,
      resolution: info.resolution,
      dtype: info.dtype,
    }).toEqual(fields);
  });
  it('defaults to float32', () => {
    expect(String(torch.finfo())).toBe(golden.errors.finfo_default!.ok);
  });
  it("rejects integer dtypes with torch 1.13's message", () => {
    expect(() => torch.finfo(torch.int8)).toThrow(golden.errors.finfo_int8!.message!);
  });
});

describe('dtypes', () => {
  it.each(Object.entries(golden.dtype_str))('String(torch.%s) is %s', (name, want) => {
    expect(String(dtypeNamed(name))).toBe(want);
  });
  it.each(Object.entries(golden.element_size))('torch.%s element_size() is %i', (name, size) => {
    expect(torch.zeros(2, { dtype: dtypeNamed(name) }).element_size()).toBe(size);
  });
  it('lists the valid dtypes when given a string', () => {
    expect(() => torch.zeros(2, { dtype: 'float16' as never })).toThrow(/did you mean torch\.float16\?.*torch\.uint8, torch\.int8/);
  });
  it('describes quantized dtypes', () => {
    expect(torch.qint8).toMatchObject({ name: 'qint8', bits: 8, isQuantized: true, isSigned: true, isFloat: false });
    expect(torch.quint8).toMatchObject({ name: 'quint8', bits: 8, isQuantized: true, isSigned: false });
    expect(torch.bfloat16).toMatchObject({ itemsize: 2, isFloat: true, isQuantized: false });
  });
});

describe('chapter 14: 1/3 in each dtype', () => {
  it('format(1/3, ".60f") is the exact decimal expansion of the double', () => {
    expect(format(1 / 3, '.60f')).toBe(golden.chapter.format_value);
  });
  it.each(Object.entries(golden.chapter.items))('%s tensor item and repr', (name, want) => {
    const t = torch.tensor(1 / 3, { dtype: dtypeNamed(name) });
    expect(format(t.item(), '.60f')).toBe(want.formatted);
    expect(String(t)).toBe(want.repr);
  });
});
