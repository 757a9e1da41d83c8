// The SIMD128 activation kernels (activations.ts) in Node against float64 references: exp over its
// range and at the edges, row softmax (sums, every element, inputs whose naive exp overflows, odd
// widths), exact GELU (|x| ≤ 10, large |x|, ±0), seeded (the seed in each test's name); the kernels'
// steps of several vectors give each element's bits alone.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../shared/seeded-random.ts';
import { Activations } from './activations.ts';
import {
  ACTIVATIONS,
  type ActivationFns,
  activationModuleBytes,
  EXP_HIGH,
  EXP_LOW,
  float32Bits,
  instantiateActivations,
  VECTORS_PER_STEP,
} from './activation-kernels.ts';
import { GemmMemory } from './gemm-memory.ts';

const make = (): Activations => new Activations(new GemmMemory({ shared: false }));
const run = (f: (x: Float32Array) => void, values: readonly number[]): Float32Array => {
  const x = Float32Array.from(values);
  f(x);
  return x;
};

/** erf in float64 to ≈ 1e-15: its Maclaurin series below 3, the continued fraction of erfc above. */
function erf64(x: number): number {
  const z = Math.abs(x);
  let r: number;
  if (z < 3) {
    let term = z;
    let sum = z;
    for (let n = 1; n < 200; n++) {
      term *= (-z * z) / n;
      sum += term / (2 * n + 1);
    }
    r = (sum * 2) / Math.sqrt(Math.PI);
  } else {
    let cf = 0;
    for (let n = 80; n >= 1; n--) cf = n / 2 / (z + cf);
    r = 1 - Math.exp(-z * z) / Math.sqrt(Math.PI) / (z + cf);
  }
  return x < 0 ? -r : r;
}
const gelu64 = (x: number): number => 0.5 * x * (1 + erf64(x / Math.SQRT2));

/** Random float32 bit patterns that are finite (every exponent, both signs). */
function finiteFloats(random: () => number, n: number): Float32Array {
  const bits = new Uint32Array(n);
  const out = new Float32Array(bits.buffer);
  for (let i = 0; i < n; i++) {
    do bits[i] = Math.floor(random() * 2 ** 32);
    while (!Number.isFinite(out[i]!));
  }
  return out;
}

describe('exp (SIMD128)', () => {
  it('seed 11: relative error < 2e-7 of float64 over [EXP_LOW, EXP_HIGH] (60,001 seeded values and a grid)', () => {
    const random = seededRandom(11);
    const values = [
      ...Array.from({ length: 60001 }, () => EXP_LOW + random() * (EXP_HIGH - EXP_LOW)),
      ...Array.from({ length: 20001 }, (_, i) => -10 + i / 1000),
    ];
    const x = Float32Array.from(values);
    const y = run((v) => make().expInPlace(v), [...x]);
    let worst = 0;
    for (let i = 0; i < x.length; i++) {
      const ref = Math.exp(x[i]!);
      worst = Math.max(worst, Math.abs(y[i]! - ref) / ref);
    }
    expect(worst).toBeLessThan(2e-7);
    expect(worst).toBeGreaterThan(0); // float32 results: some rounding must show
  });

  it('±0 → 1; below EXP_LOW (and -Infinity, NaN) → 0; large finite inputs give exp(88), never Inf', () => {
    const y = run((v) => make().expInPlace(v), [0, -0, -87.4, -88, -100, -1e30, -3.4e38, -Infinity, NaN, 88, 89, 1e30, 3.4e38]);
    expect([...y.slice(0, 2)]).toEqual([1, 1]);
    for (const v of y.slice(2, 9)) expect(Object.is(v, 0)).toBe(true);
    for (const v of y.slice(9)) expect(Math.abs(v - Math.exp(88)) / Math.exp(88)).toBeLessThan(2e-7);
  });

  it('seed 12: 40,000 random finite float32 bit patterns give finite results ≥ 0 (no NaN, no Inf)', () => {
    const x = finiteFloats(seededRandom(12), 40000);
    make().expInPlace(x);
    for (const v of x) expect(Number.isFinite(v) && v >= 0).toBe(true);
  });
});

/** float64 softmax of the float32-rounded scaled row (what the graph's Mul by a float32 constant, then Softmax, computes). */
function softmax64(row: Float32Array, scale: number): number[] {
  const s = [...row].map((v) => Math.fround(v * Math.fround(scale)));
  const max = Math.max(...s);
  const e = s.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

describe('softmax rows (SIMD128)', () => {
  const shapes: readonly (readonly [seed: number, rows: number, cols: number, spread: number, scale: number])[] = [
    [21, 7, 577, 30, 0.125],
    [22, 5, 577, 3000, 0.125], // scores whose naive exp overflows float32 (and underflows: most elements are 0)
    [23, 9, 1, 5, 1],
    [24, 9, 3, 200, 1],
    [25, 4, 8, 1e30, 1e-3],
    [26, 3, 97, 100, 0.7],
  ];
  for (const [seed, rows, cols, spread, scale] of shapes)
    it(`seed ${seed}: [${rows}, ${cols}] in ±${spread} × ${scale}: rows sum to 1 within 1e-6, each element within 1e-6 relative of float64`, () => {
      const random = seededRandom(seed);
      const x = Float32Array.from({ length: rows * cols }, () => (random() * 2 - 1) * spread);
      const y = x.slice();
      make().scaledSoftmaxRows(y, cols, scale);
      let worst = 0;
      for (let r = 0; r < rows; r++) {
        const ref = softmax64(x.subarray(r * cols, (r + 1) * cols), scale);
        let sum = 0;
        for (let i = 0; i < cols; i++) {
          const v = y[r * cols + i]!;
          sum += v;
          // below float32's normal range the kernel gives 0 (exp's EXP_LOW): only tiny references may differ there
          if (ref[i]! < 2 ** -120) expect(v).toBeLessThan(2 ** -119);
          else worst = Math.max(worst, Math.abs(v - ref[i]!) / ref[i]!);
        }
        expect(Math.abs(sum - 1)).toBeLessThan(1e-6);
      }
      expect(worst).toBeLessThan(1e-6);
    });

  it('a row of ±0 is uniform; -Infinity scores get 0; the row max wins at 1 when the others are far below', () => {
    const y = Float32Array.from([0, -0, 0, -0, 0, 5, -Infinity, 5, 1e4, -1e4, 0]);
    make().scaledSoftmaxRows(y.subarray(0, 5), 5, 1);
    make().scaledSoftmaxRows(y.subarray(5, 8), 3, 1);
    make().scaledSoftmaxRows(y.subarray(8, 11), 3, 1);
    expect([...y.subarray(0, 5)]).toEqual(new Array(5).fill(Math.fround(0.2)));
    expect([...y.subarray(5, 8)]).toEqual([0.5, 0, 0.5]);
    expect([...y.subarray(8, 11)]).toEqual([1, 0, 0]);
  });

  it('refuses a width that does not divide the input, and a scale that is not a finite number > 0', () => {
    const a = make();
    expect(() => a.scaledSoftmaxRows(new Float32Array(10), 3, 1)).toThrow(
      'softmax: 10 floats are not [rows, 3] for any whole number of rows',
    );
    expect(() => a.scaledSoftmaxRows(new Float32Array(9), 3, 0)).toThrow('softmax: the scale must be a finite number > 0, got 0');
    expect(() => a.scaledSoftmaxRows(new Float32Array(9), 3, Infinity)).toThrow(
      'softmax: the scale must be a finite number > 0, got Infinity',
    );
  });
});

describe('exact GELU (SIMD128)', () => {
  it('seed 31: within 1e-6 absolute of float64 on 100,001 values in [-10, 10] and a grid', () => {
    const random = seededRandom(31);
    const x = Float32Array.from([
      ...Array.from({ length: 100001 }, () => random() * 20 - 10),
      ...Array.from({ length: 8001 }, (_, i) => -4 + i / 1000),
    ]);
    const y = x.slice();
    make().geluInPlace(y);
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(y[i]! - gelu64(x[i]!)));
    expect(worst).toBeLessThan(1e-6);
    expect(worst).toBeGreaterThan(0);
  });

  it('±0 → ±0; x ≥ 10 gives exactly x; x ≤ -15 gives -0 (float32 of x·Φ(x) there)', () => {
    const big = [10, 12.5, 100, 1e10, 3.4e38].map(Math.fround);
    const small = [-15, -20, -1e10, -3.4e38].map(Math.fround);
    const y = run((v) => make().geluInPlace(v), [0, -0, ...big, ...small]);
    expect(Object.is(y[0], 0)).toBe(true);
    expect(Object.is(y[1], -0)).toBe(true);
    expect([...y.slice(2, 2 + big.length)]).toEqual(big);
    for (const v of y.slice(2 + big.length)) expect(Object.is(v, -0)).toBe(true);
    for (const x of small) expect(Math.fround(gelu64(x))).toBe(-0);
  });

  it('seed 32: 40,000 random finite float32 bit patterns give finite results (no NaN, no Inf)', () => {
    const x = finiteFloats(seededRandom(32), 40000);
    make().geluInPlace(x);
    for (const v of x) expect(Number.isFinite(v)).toBe(true);
  });
});

/** float64 LayerNorm of each row (biased variance), the reference. */
function layerNorm64(x: Float32Array, dim: number, w: Float32Array, b: Float32Array, eps: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < x.length / dim; r++) {
    const row = [...x.subarray(r * dim, (r + 1) * dim)];
    const mean = row.reduce((a, v) => a + v, 0) / dim;
    const variance = row.reduce((a, v) => a + (v - mean) ** 2, 0) / dim;
    const inv = 1 / Math.sqrt(variance + Math.fround(eps));
    row.forEach((v, i) => out.push((v - mean) * inv * w[i]! + b[i]!));
  }
  return out;
}

describe('LayerNorm (SIMD128)', () => {
  const shapes: readonly (readonly [seed: number, rows: number, dim: number, offset: number])[] = [
    [41, 9, 768, 0],
    [42, 5, 770, 3], // dim not a multiple of 4: pad lanes must not change the statistics
    [43, 7, 1, 0],
    [44, 3, 13, 1000], // a large mean against a small spread: float64 statistics keep it exact
  ];
  for (const [seed, rows, dim, offset] of shapes)
    it(`seed ${seed}: [${rows}, ${dim}] around ${offset}: within max|Δ| / max|ref| < 1e-6 of float64`, () => {
      const random = seededRandom(seed);
      const x = Float32Array.from({ length: rows * dim }, () => offset + (random() * 2 - 1) * 3);
      const w = Float32Array.from({ length: dim }, () => 1 + (random() * 2 - 1) * 0.2);
      const b = Float32Array.from({ length: dim }, () => (random() * 2 - 1) * 0.1);
      const out = new Float32Array(x.length).fill(NaN);
      make().layerNorm(x, dim, w, b, 1e-5, out);
      const ref = layerNorm64(x, dim, w, b, 1e-5);
      const maxRef = Math.max(...ref.map(Math.abs));
      const worst = Math.max(...ref.map((v, i) => Math.abs(out[i]! - v)));
      expect(worst / maxRef).toBeLessThan(1e-6);
    });

  it('refuses mismatched sizes and a bad eps, by name', () => {
    const a = make();
    const f = (n: number): Float32Array => new Float32Array(n);
    expect(() => a.layerNorm(f(10), 4, f(4), f(4), 1e-5, f(10))).toThrow(
      'layer_norm: 10 floats are not [rows, 4] for any whole number of rows',
    );
    expect(() => a.layerNorm(f(8), 4, f(3), f(4), 1e-5, f(8))).toThrow('layer_norm: weight must be a Float32Array of 4 floats, got 3');
    expect(() => a.layerNorm(f(8), 4, f(4), f(4), 1e-5, f(4))).toThrow('layer_norm: out must be a Float32Array of 8 floats, got 4');
    expect(() => a.layerNorm(f(8), 4, f(4), f(4), -1, f(8))).toThrow('layer_norm: eps must be a finite number ≥ 0, got -1');
  });
});

describe('steps of several vectors (exp, GELU)', () => {
  // The kernels take VECTORS_PER_STEP vectors a loop step, then the rest one at a time: every
  // length gives each element the bits it gets alone (a skipped or doubled vector would not).
  const longest = 16 * VECTORS_PER_STEP + 7;
  for (const [seed, name] of [
    [41, 'exp'],
    [42, 'gelu'],
  ] as const)
    it(`seed ${seed}: ${name} of every length 1..${longest} gives each element's bits computed alone`, () => {
      const a = make();
      const f = (x: Float32Array): void => (name === 'exp' ? a.expInPlace(x) : a.geluInPlace(x));
      const random = seededRandom(seed);
      const values = Float32Array.from({ length: longest }, () => random() * 24 - 12);
      const alone = Float32Array.from(values, (v) => run(f, [v])[0]!);
      for (let n = 1; n <= longest; n++) {
        const y = values.slice(0, n);
        f(y);
        expect(Array.from(y)).toEqual(Array.from(alone.subarray(0, n)));
      }
    });
});

describe('constants as globals (the default module) vs v128.const', () => {
  it('seed 29: exp, softmax, GELU and LayerNorm give the same bits either way, and the default module has a global section', () => {
    const memory = new WebAssembly.Memory({ initial: 64, maximum: 64 });
    const [globals, inline] = (['globals', 'inline'] as const).map((c) =>
      instantiateActivations(new WebAssembly.Module(activationModuleBytes(64, false, c)), memory),
    );
    const random = seededRandom(29);
    const n = 4 * 2048;
    const src = Float32Array.from({ length: n }, () => (random() - 0.5) * 20);
    const f32 = new Float32Array(memory.buffer);
    const params = n * 4; // LayerNorm's weight and bias (byte offsets) after the data; 32 rows of 256 floats
    const after = (fns: ActivationFns, op: (typeof ACTIVATIONS)[number]): Uint32Array => {
      f32.set(src, 0);
      for (let i = 0; i < 256; i++) {
        f32[n + i] = 1 + (i % 7) / 10;
        f32[n + 256 + i] = (i % 5) / 10 - 0.2;
      }
      switch (op) {
        case 'exp':
          fns.exp(0, n);
          break;
        case 'softmax':
          fns.softmax(0, 32, 256, float32Bits(0.125));
          break;
        case 'gelu':
          fns.gelu(0, n);
          break;
        case 'layernorm':
          fns.layernorm(0, 32, 256, 256, params, params + 1024, float32Bits(1e-5));
          break;
      }
      return new Uint32Array(memory.buffer.slice(0, n * 4));
    };
    for (const op of ACTIVATIONS) expect(after(globals!, op), op).toEqual(after(inline!, op));
    const sectionIds = (bytes: Uint8Array): number[] => {
      const ids: number[] = [];
      let i = 8;
      while (i < bytes.length) {
        ids.push(bytes[i]!);
        let size = 0;
        let shift = 0;
        let b: number;
        i++;
        do {
          b = bytes[i++]!;
          size |= (b & 0x7f) << shift;
          shift += 7;
        } while (b & 0x80);
        i += size;
      }
      return ids;
    };
    expect(sectionIds(activationModuleBytes(64, false))).toContain(6);
    expect(sectionIds(activationModuleBytes(64, false, 'inline'))).not.toContain(6);
  });
});
