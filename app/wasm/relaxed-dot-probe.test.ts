// The relaxed-dot probe's classifier on outputs made by each reading (Node 20 does not validate relaxed
// SIMD, so the engine's own reading is tested in Chromium: tests/e2e/wasm-int8.spec.ts).
import { describe, expect, it } from 'vitest';
import { classifyRelaxedDot, dotLane, dotProbeInputs, probeModuleBytes, relaxedDotBehaviour, runDotProbe } from './relaxed-dot-probe.ts';

const READINGS = ['u8s8', 's8s8', 'pairs-saturate'] as const;

function outputsOf(seed: number, reading: (typeof READINGS)[number]): Int32Array {
  const inputs = dotProbeInputs(seed);
  return Int32Array.from({ length: inputs.c.length }, (_, i) => dotLane(inputs, Math.floor(i / 4), i % 4, reading));
}

describe('relaxed-dot probe (relaxed-dot-probe.ts)', () => {
  for (const seed of [1, 2, 3])
    it(`seed ${seed}: each reading's outputs are classified as that reading, and one lane off by one as 'other'`, () => {
      const inputs = dotProbeInputs(seed);
      for (const reading of READINGS) {
        const out = outputsOf(seed, reading);
        expect(classifyRelaxedDot(inputs, out)).toBe(reading);
        for (const lane of [0, 17, out.length - 1]) {
          const bad = Int32Array.from(out);
          bad[lane] = bad[lane]! + 1;
          expect(classifyRelaxedDot(inputs, bad)).toBe('other');
        }
      }
    });

  it('the edge vectors tell the readings apart: 255 · 127 pairs saturate int16, 255 read signed is −1', () => {
    const inputs = dotProbeInputs(1);
    // vector 0 is a = 127, b = 255 in every byte, c = −3000
    expect(READINGS.map((r) => dotLane(inputs, 0, 0, r))).toEqual([-3000 + 4 * 255 * 127, -3000 - 4 * 127, -3000 + 2 * 32767]);
    // vector 7 is inside the defined range (b = 127): every reading agrees
    expect(new Set(READINGS.map((r) => dotLane(inputs, 7, 2, r))).size).toBe(1);
    // every reading differs from the others somewhere among the random vectors too
    const [u8, s8, pairs] = READINGS.map((r) => outputsOf(1, r).subarray(8 * 4));
    expect([u8!.some((v, i) => v !== s8![i]), u8!.some((v, i) => v !== pairs![i]), s8!.some((v, i) => v !== pairs![i])]).toEqual([
      true,
      true,
      true,
    ]);
  });

  it("in Node 20 the probe module does not validate: no outputs, the behaviour is 'none'", () => {
    expect(WebAssembly.validate(probeModuleBytes())).toBe(false);
    expect(runDotProbe(dotProbeInputs())).toBeNull();
    expect(relaxedDotBehaviour()).toBe('none');
  });
});
