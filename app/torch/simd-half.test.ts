import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { f32BitsToF16Bits, float32ArrayToBf16Bits, float32ArrayToF16Bits } from './half.ts';
import { seededRandom } from './quant/testing.ts';
import { HALF_SIMD_WASM_BASE64 } from './simd-half-bytes.ts';
import { HALF_SIMD_CHUNK, halfSimdKernels, setHalfSimdEnabled } from './simd-half.ts';

afterEach(() => setHalfSimdEnabled(true));

function withScalar<T>(fn: () => T): T {
  setHalfSimdEnabled(false);
  try {
    return fn();
  } finally {
    setHalfSimdEnabled(true);
  }
}

/** Element-wise reference straight from the scalar bit functions (bfloat16 NaN per vectorNanPrefix). */
function referenceF16(words: Uint32Array): Uint16Array {
  return Uint16Array.from(words, (w) => f32BitsToF16Bits(w));
}
function referenceBf16(words: Uint32Array, prefix = words.length): Uint16Array {
  return Uint16Array.from(words, (w, i) =>
    (w & 0x7fffffff) > 0x7f800000 ? (i < prefix ? 0xffff : 0x7fc0) : ((w + 0x7fff + ((w >>> 16) & 1)) >>> 16) & 0xffff,
  );
}

function mismatches(got: Uint16Array, want: Uint16Array, words: Uint32Array): string[] {
  const out: string[] = [];
  for (let i = 0; i < want.length && out.length < 5; i++) {
    if (got[i] !== want[i]) out.push(`#${i} 0x${words[i]!.toString(16)}: got 0x${got[i]!.toString(16)} want 0x${want[i]!.toString(16)}`);
  }
  return out;
}

/**
 * Every sign/exponent/high-mantissa half (all 65536) combined with low halves at and around the
 * rounding points: float16 normals drop 13 bits (tie 0x1000), float16 subnormals 14 to 24 bits
 * (ties 0x2000, 0x4000, 0x8000 here, higher ones come from the high half), bfloat16 16 bits.
 */
function sweepWords(): Uint32Array {
  const lows = [0, 1, 0x0fff, 0x1000, 0x1001, 0x1fff, 0x2000, 0x2001, 0x3000, 0x3fff, 0x4000, 0x4001, 0x7fff, 0x8000, 0x8001, 0xffff];
  const words = new Uint32Array(65536 * lows.length);
  let k = 0;
  for (let hi = 0; hi < 65536; hi++) for (const lo of lows) words[k++] = ((hi << 16) | lo) >>> 0;
  return words;
}

/** Seeded mix: uniform bit patterns, NaNs with payloads, ±inf, ±0, float16 limits and subnormals. */
function randomWords(seed: number, n: number): Uint32Array {
  const rand = seededRandom(seed);
  const specials = [
    0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7f800001, 0xff800001, 0x7fbfffff, 0x477fe000, 0x477fefff, 0x477ff000,
    0x477fffff, 0x47800000, 0x38800000, 0x387fffff, 0x33000000, 0x33000001, 0x00000001,
  ];
  return Uint32Array.from({ length: n }, (_, i) => {
    if (i % 97 === 0) return specials[Math.floor(rand() * specials.length)]! | (rand() < 0.5 ? 0 : 0x80000000);
    if (i % 5 === 0) return ((0x33000000 + Math.floor(rand() * 0x14800000)) | (rand() < 0.5 ? 0 : 0x80000000)) >>> 0; // float16 range
    return Math.floor(rand() * 2 ** 32) >>> 0;
  });
}

const asFloats = (words: Uint32Array): Float32Array => new Float32Array(words.buffer, words.byteOffset, words.length);

describe('WebAssembly SIMD float32 → float16 / bfloat16', () => {
  it('is available in Node 20 (otherwise the comparisons below test nothing)', () => {
    expect(halfSimdKernels()).not.toBeNull();
    expect(withScalar(() => halfSimdKernels())).toBeNull();
  });

  it('matches the scalar conversions on a sweep of all high halves × rounding-point low halves', () => {
    const words = sweepWords();
    expect(mismatches(float32ArrayToF16Bits(asFloats(words)), referenceF16(words), words)).toEqual([]);
    expect(mismatches(float32ArrayToBf16Bits(asFloats(words)), referenceBf16(words), words)).toEqual([]);
  });

  for (const [seed, n] of [
    [1, 100_003],
    [2, 2 * HALF_SIMD_CHUNK + 17],
    [3, 64],
    [4, 65],
    [5, HALF_SIMD_CHUNK],
  ] as const) {
    it(`matches the scalar loops bit for bit on random patterns (seed ${seed}, n = ${n})`, () => {
      const words = randomWords(seed, n);
      const src = asFloats(words);
      const f16 = float32ArrayToF16Bits(src);
      const bf16 = float32ArrayToBf16Bits(src);
      expect(mismatches(f16, referenceF16(words), words)).toEqual([]);
      expect(mismatches(bf16, referenceBf16(words), words)).toEqual([]);
      expect(Array.from(f16)).toEqual(Array.from(withScalar(() => float32ArrayToF16Bits(src))));
      expect(Array.from(bf16)).toEqual(Array.from(withScalar(() => float32ArrayToBf16Bits(src))));
    });
  }

  it('handles views at odd offsets and leaves the rest of a longer dst alone (seed 6)', () => {
    const words = randomWords(6, HALF_SIMD_CHUNK + 1000);
    const src = new Float32Array(words.buffer, 5 * 4, HALF_SIMD_CHUNK + 37);
    const srcWords = new Uint32Array(src.buffer, src.byteOffset, src.length);
    for (const convert of [float32ArrayToF16Bits, float32ArrayToBf16Bits]) {
      const backing = new Uint16Array(src.length + 10).fill(0xabcd);
      const dst = backing.subarray(3, 3 + src.length + 4);
      convert(src, dst);
      const want = convert === float32ArrayToF16Bits ? referenceF16(srcWords) : referenceBf16(srcWords);
      expect(mismatches(dst.subarray(0, src.length), want, srcWords)).toEqual([]);
      expect(Array.from(backing.subarray(0, 3))).toEqual([0xabcd, 0xabcd, 0xabcd]);
      expect(Array.from(backing.subarray(3 + src.length))).toEqual(new Array(7).fill(0xabcd));
    }
  });

  it('writes 0xFFFF for NaN only inside vectorNanPrefix and 0x7FC0 after it (seed 7)', () => {
    const words = randomWords(7, 3000);
    for (let i = 0; i < words.length; i += 7) words[i] = (i & 8 ? 0xffc00001 : 0x7f800001 + i) >>> 0;
    const src = asFloats(words);
    for (const prefix of [0, 1, 15, 16, 17, 63, 64, 1000, 2999, 3000, 5000, -3]) {
      expect(mismatches(float32ArrayToBf16Bits(src, undefined, prefix), referenceBf16(words, prefix), words), `prefix ${prefix}`).toEqual(
        [],
      );
    }
  });

  it('falls back to the scalar loop when dst is shorter than src', () => {
    const words = randomWords(8, 200);
    const dst = new Uint16Array(150);
    expect(() => float32ArrayToF16Bits(asFloats(words), dst)).not.toThrow();
    expect(Array.from(dst)).toEqual(Array.from(referenceF16(words).subarray(0, 150)));
  });

  it('simd-half-bytes.ts matches simd-half.wat (when wat2wasm is installed)', (ctx) => {
    let wasm: Buffer;
    try {
      const out = join(mkdtempSync(join(tmpdir(), 'simd-half-')), 'simd-half.wasm');
      execFileSync('wat2wasm', [new URL('./simd-half.wat', import.meta.url).pathname, '-o', out], { stdio: 'ignore' });
      wasm = readFileSync(out);
    } catch {
      ctx.skip();
      return;
    }
    expect(wasm.toString('base64')).toBe(HALF_SIMD_WASM_BASE64);
  });
});
