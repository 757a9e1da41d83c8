import { describe, expect, it } from 'vitest';
import { formatBenchReport, runNumericBench } from './bench-kernels.ts';

describe('runNumericBench', () => {
  it('times every kernel on a small weight and reports ratios to the copy', () => {
    const report = runNumericBench({ n: 4096 * 8, repeats: 3 });
    expect(report.shape).toEqual([4096, 8]);
    expect(report.kernels.map((k) => k.name)).toContain('int8 per-channel quantize+dequantize');
    for (const k of report.kernels) {
      expect(k.samplesMs).toHaveLength(3);
      expect(k.medianMs).toBeGreaterThanOrEqual(0);
      expect(k.ratioToCopy).toBeGreaterThan(0);
    }
    expect(report.kernels[0]!.ratioToCopy).toBe(1);
    expect(formatBenchReport(report)).toMatch(/^n = 32768 \[4096, 8\], median of 3, SIMD on\n/);
  });

  it('falls back to one channel when the channel count does not divide n', () => {
    expect(runNumericBench({ n: 1000, repeats: 1 }).shape).toEqual([1, 1000]);
  });
});
