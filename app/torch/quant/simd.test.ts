import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AffineParams, dequantizeArray, quantizeArray } from './affine.ts';
import { type Granularity, paramLayout } from './layout.ts';
import { fakeQuantize } from './roundtrip.ts';
import { SIMD_WASM_BASE64 } from './simd-bytes.ts';
import { setSimdEnabled, simdKernels } from './simd.ts';
import { type QuantTarget, qrange } from './targets.ts';
import { gaussian, seededRandom } from './testing.ts';

const SPECIALS = [NaN, Infinity, -Infinity, 1e30, -1e30, 3e9, -3e9, 2 ** 63, Math.fround(2 ** 63 - 2 ** 39), -0, 0];

function withScalar<T>(fn: () => T): T {
  setSimdEnabled(false);
  try {
    return fn();
  } finally {
    setSimdEnabled(true);
  }
}

/** Float32 data with exact ties, near-ties, clamped values and the special values. */
function randomInput(seed: number, n: number, scale: number): Float32Array {
  const rand = seededRandom(seed);
  return Float32Array.from({ length: n }, (_, i) => {
    if (i < SPECIALS.length) return SPECIALS[i]!;
    const k = Math.floor(rand() * 300) - 150;
    const kind = rand();
    if (kind < 0.3) return (k + 0.5) * scale;
    if (kind < 0.5) return (k + 0.5) * scale * (1 + (rand() - 0.5) * 1e-6);
    return gaussian(rand) * scale * 60;
  });
}

function randomParams(seed: number, shape: readonly number[], target: QuantTarget, granularity: Granularity): AffineParams {
  const rand = seededRandom(seed + 1000);
  const layout = paramLayout(shape, granularity);
  const { qmin, qmax } = qrange(target);
  const scales = Float64Array.from({ length: layout.paramCount }, (_, p) =>
    p % 3 === 0 ? 2 ** -Math.floor(rand() * 10) : rand() * 0.5 + 1e-4,
  );
  const zeroPoints = Int32Array.from({ length: layout.paramCount }, () => qmin + Math.floor(rand() * (qmax - qmin + 1)));
  return { target, layout, scales, zeroPoints };
}

afterEach(() => setSimdEnabled(true));

describe('WebAssembly SIMD kernels', () => {
  it('are available in Node 20 (otherwise the comparisons below test nothing)', () => {
    expect(simdKernels()).not.toBeNull();
  });

  const cases: readonly (readonly [QuantTarget, readonly number[], Granularity])[] = [
    ['int8', [4099], { kind: 'tensor' }],
    ['uint8', [4099], { kind: 'tensor' }],
    ['int4', [1000], { kind: 'tensor' }],
    ['uint4', [1000], { kind: 'tensor' }],
    ['int8', [7, 333], { kind: 'channel', axis: 0 }],
    ['uint8', [5, 130], { kind: 'channel', axis: 0 }],
    ['int8', [40, 6], { kind: 'channel', axis: 1 }],
    ['uint8', [3, 256], { kind: 'group', axis: 1, groupSize: 128 }],
    ['int8', [20000], { kind: 'tensor' }],
    ['int8', [3, 16389], { kind: 'channel', axis: 0 }],
    ['uint8', [2, 20011], { kind: 'channel', axis: 0 }],
    ['int4', [4, 4096], { kind: 'group', axis: 1, groupSize: 64 }],
    ['int2', [3001], { kind: 'tensor' }],
    ['uint3', [3001], { kind: 'tensor' }],
    ['int5', [6, 700], { kind: 'channel', axis: 0 }],
    ['uint7', [2, 2050], { kind: 'channel', axis: 0 }],
  ];
  cases.forEach(([target, shape, granularity], i) => {
    const seed = 100 + i;
    it(`match the scalar loops bit for bit: ${target} [${shape.join(', ')}] ${granularity.kind} (seed ${seed})`, () => {
      const params = randomParams(seed, shape, target, granularity);
      const x = randomInput(seed, params.layout.numel, params.scales[0]!);
      const q = quantizeArray(x, params);
      expect(Array.from(q)).toEqual(Array.from(withScalar(() => quantizeArray(x, params))));
      for (const rounding of ['float32', 'float64'] as const) {
        const dq = dequantizeArray(q, params, rounding);
        expect(Array.from(dq)).toEqual(Array.from(withScalar(() => dequantizeArray(q, params, rounding))));
        const both = fakeQuantize(x, params, rounding);
        expect(Array.from(both.q)).toEqual(Array.from(q));
        expect(Array.from(both.dq)).toEqual(Array.from(dq));
      }
    });
  });

  it('simd-bytes.ts matches simd.wat (when wat2wasm is installed)', (ctx) => {
    let wasm: Buffer;
    try {
      const out = join(mkdtempSync(join(tmpdir(), 'simd-')), 'simd.wasm');
      execFileSync('wat2wasm', [new URL('./simd.wat', import.meta.url).pathname, '-o', out], { stdio: 'ignore' });
      wasm = readFileSync(out);
    } catch {
      ctx.skip();
      return;
    }
    expect(wasm.toString('base64')).toBe(SIMD_WASM_BASE64);
  });
});
