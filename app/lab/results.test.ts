import { describe, expect, it } from 'vitest';
import type { VariantReport } from './protocol.ts';
import { agreement, resultRows } from './results.ts';

const variant = (
  key: string,
  text: string,
  texts: string[],
  ms: number[] = [3, 1, 2],
  backendNote: string | null = null,
): VariantReport => ({
  key,
  label: key,
  fileSize: 10,
  footprint: { totalBytes: 8, byDtype: [] },
  loadMs: 5,
  backend: backendNote === null ? 'webgpu' : 'wasm',
  backendNote,
  input: { text, confidences: [...text].map(() => 0.9), ms },
  samples: { texts, truth: ['Hello', 'int8', '100%'], ms: [4, 6, 5, 100].slice(0, texts.length) },
});

describe('agreement', () => {
  it('averages the CER per line and counts identical lines', () => {
    const a = agreement(['Hello', 'int8', '100%'], ['Hello', 'int', '100% ']);
    expect(a.cer).toBeCloseTo((0 + 1 / 4 + 1 / 4) / 3, 12);
    expect(a.identical).toBeCloseTo(1 / 3, 12);
    expect(a.changed).toEqual([
      { index: 1, reference: 'int8', text: 'int' },
      { index: 2, reference: '100%', text: '100% ' },
    ]);
  });

  it('treats an empty set as full agreement and refuses mismatched lengths', () => {
    expect(agreement([], [])).toMatchObject({ cer: 0, identical: 1, lines: 0 });
    expect(() => agreement(['a'], [])).toThrow(/1 reference lines but 0/);
  });
});

describe('resultRows', () => {
  it('compares every variant with fp32, whatever the order they arrive in', () => {
    const rows = resultRows([
      variant('int8-tensor', '', ['', '', '']),
      variant('fp32', 'Hello world', ['Hello', 'int8', '100%']),
      { key: 'custom', label: 'custom mix', error: "RangeError: transform: no layer named 'conv9'" },
    ]);
    const [int8, fp32, custom] = rows;
    expect(fp32).toMatchObject({ text: 'Hello world', inputMedianMs: 2, samplesMedianMs: 5, runs: 3 });
    expect(fp32?.vsFp32).toMatchObject({ cer: 0, identical: 1 });
    expect(int8?.vsFp32).toMatchObject({ cer: 1, identical: 0 });
    expect(int8?.diff.every((c) => c.kind === 'missing')).toBe(true);
    expect(int8?.vsTruth?.cer).toBe(1);
    expect(custom).toMatchObject({ error: "RangeError: transform: no layer named 'conv9'", vsFp32: null });
  });

  it('leaves agreement empty until fp32 has reported', () => {
    expect(resultRows([variant('float16', 'Hi', ['Hello', 'int8', '100%'])])[0]?.vsFp32).toBeNull();
  });

  it('says where each variant ran and why it is not where asked', () => {
    const note = 'WebGPU could not run this model (no kernel); it ran on WASM instead';
    const [gpu, cpu] = resultRows([
      variant('fp32', 'Hi', ['Hello', 'int8', '100%']),
      variant('float16', 'Hi', ['Hello', 'int8', '100%'], [1], note),
    ]);
    expect(gpu).toMatchObject({ backend: 'webgpu', backendNote: null });
    expect(cpu).toMatchObject({ backend: 'wasm', backendNote: note });
  });
});
