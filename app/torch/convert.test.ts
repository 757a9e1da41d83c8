import { describe, expect, it } from 'vitest';
import { bytesOf, decodeTensor, dtypeOf, loadGolden, rawWords, type EncodedTensor } from './golden-io.ts';
import { torch } from './index.ts';
import {
  bf16BitsToNumber,
  f16BitsToNumber,
  float32ArrayToBf16Bits,
  float32ArrayToF16Bits,
  numberToBf16Bits,
  numberToF16Bits,
  numberToF16BitsDirect,
} from './half.ts';

const f64Array = (b64: string): Float64Array => new Float64Array(bytesOf(b64).buffer);
const u16Array = (b64: string): Uint16Array => new Uint16Array(bytesOf(b64).buffer);
const u32Array = (b64: string): Uint32Array => new Uint32Array(bytesOf(b64).buffer);

/** Index and hex bits of the first mismatches, so a failure names the inputs. */
function mismatches(got: ArrayLike<number>, want: ArrayLike<number>, input: (i: number) => string): string[] {
  const out: string[] = [];
  for (let i = 0; i < want.length && out.length < 5; i++) {
    if (got[i] !== want[i]) out.push(`#${i} ${input(i)}: got ${got[i]!.toString(16)} want ${want[i]!.toString(16)}`);
  }
  return out;
}

interface F64Part {
  count: number;
  input_f64_b64: string;
  float32_b64: string;
  float16_b64: string;
  bfloat16_b64: string;
  scalar_count?: number;
  scalar_float16_b64?: string;
  scalar_bfloat16_b64?: string;
  list_float16_b64?: string;
}

describe.each(['core_convert_f64_part1.json', 'core_convert_f64_part2.json'])('float64 conversions (%s)', (file) => {
  const golden = loadGolden<F64Part>(file);
  const input = f64Array(golden.input_f64_b64);
  const source = torch.fromStorage(input, [input.length], torch.float64);
  const hex = (i: number): string => String(input[i]);

  it(`Tensor.to(float32) matches torch bit for bit (${golden.count} values)`, () => {
    const got = new Uint32Array(source.to(torch.float32).data.buffer);
    expect(mismatches(got, u32Array(golden.float32_b64), hex)).toEqual([]);
  });
  it('Tensor.to(float16) rounds through float32 like torch 1.13', () => {
    expect(mismatches(source.to(torch.float16).data, u16Array(golden.float16_b64), hex)).toEqual([]);
  });
  it('Tensor.to(bfloat16) rounds through float32 and canonicalises NaN to 0x7fc0', () => {
    expect(mismatches(source.to(torch.bfloat16).data, u16Array(golden.bfloat16_b64), hex)).toEqual([]);
  });
  if (golden.scalar_count !== undefined) {
    it('torch.tensor(value, { dtype }) takes the same path as .to() for Python floats', () => {
      const n = golden.scalar_count!;
      const f16 = Uint16Array.from(input.subarray(0, n), numberToF16Bits);
      const bf16 = Uint16Array.from(input.subarray(0, n), numberToBf16Bits);
      expect(mismatches(f16, u16Array(golden.scalar_float16_b64!), hex)).toEqual([]);
      expect(mismatches(bf16, u16Array(golden.scalar_bfloat16_b64!), hex)).toEqual([]);
      const list = torch.tensor(Array.from(input.subarray(0, n)), { dtype: torch.float16 });
      expect(mismatches(list.data as Uint16Array, u16Array(golden.list_float16_b64!), hex)).toEqual([]);
    });
  }
});

describe('float32 <-> 16-bit conversions (core_convert_f32.json)', () => {
  const golden = loadGolden<Record<string, string> & { count: number }>('core_convert_f32.json');
  const input = new Float32Array(bytesOf(golden.input_f32_b64!).buffer);
  const bits = new Uint32Array(input.buffer);
  const hex = (i: number): string => `0x${bits[i]!.toString(16)}`;
  it('float32ArrayToF16Bits matches torch for random bit patterns and edge cases', () => {
    expect(mismatches(float32ArrayToF16Bits(input), u16Array(golden.float16_b64!), hex)).toEqual([]);
  });
  it('float32ArrayToBf16Bits matches torch for random bit patterns and edge cases', () => {
    expect(mismatches(float32ArrayToBf16Bits(input), u16Array(golden.bfloat16_b64!), hex)).toEqual([]);
  });
  const all16 = Uint16Array.from({ length: 65536 }, (_, i) => i);
  it('decodes all 65536 float16 and bfloat16 patterns like torch', () => {
    const asF16 = torch.fromStorage(all16, [65536], torch.float16);
    const asBf16 = torch.fromStorage(all16, [65536], torch.bfloat16);
    const name = (i: number): string => `0x${i.toString(16)}`;
    expect(mismatches(new Uint32Array(asF16.to(torch.float32).data.buffer), u32Array(golden.f16_to_f32_b64!), name)).toEqual([]);
    expect(mismatches(new Uint32Array(asBf16.to(torch.float32).data.buffer), u32Array(golden.bf16_to_f32_b64!), name)).toEqual([]);
    expect(mismatches(asF16.to(torch.bfloat16).data, u16Array(golden.f16_to_bf16_b64!), name)).toEqual([]);
    expect(mismatches(asBf16.to(torch.float16).data, u16Array(golden.bf16_to_f16_b64!), name)).toEqual([]);
  });
});

describe('float -> int casts (core_cast.json)', () => {
  interface CastCase {
    label: string;
    src: EncodedTensor;
    dst: EncodedTensor;
  }
  const { cases } = loadGolden<{ cases: CastCase[] }>('core_cast.json');
  it.each(cases.map((c) => [`${c.src.dtype} -> ${c.dst.dtype} (${c.label})`, c] as const))('%s', (_n, c) => {
    const src = decodeTensor(c.src);
    const got = rawWords(src.to(dtypeOf(c.dst.dtype)));
    const want = rawWords(decodeTensor(c.dst));
    const bad = got.flatMap((g, i) => (g === want[i] ? [] : [`${src.flatItem(i)} -> ${g} (torch ${want[i]})`]));
    expect(bad.slice(0, 5)).toEqual([]);
  });
});

describe('double rounding through float32', () => {
  it('1 + 2^-11 + 2^-40 becomes 1.0 in float16 (torch 1.13), 1 + 2^-10 with a single rounding', () => {
    const x = 1 + 2 ** -11 + 2 ** -40;
    expect(f16BitsToNumber(numberToF16Bits(x))).toBe(1);
    expect(f16BitsToNumber(numberToF16BitsDirect(x))).toBe(1 + 2 ** -10);
    expect(torch.tensor(x, { dtype: torch.float16 }).item()).toBe(1);
  });
  it('1 + 2^-8 + 2^-40 becomes 1.0 in bfloat16', () => {
    expect(bf16BitsToNumber(numberToBf16Bits(1 + 2 ** -8 + 2 ** -40))).toBe(1);
  });
});
