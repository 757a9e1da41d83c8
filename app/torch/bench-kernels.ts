/**
 * Numeric kernel benchmark, single thread, for `npm run bench` in Node and in Chromium.
 * Uses nothing but typed arrays and `performance.now()`, so it runs anywhere (also in a worker).
 *
 *   runNumericBench({ n: 16_777_216, repeats: 5 })
 *
 * Kernels, each over the same n float32 values (a [channels, n / channels] weight):
 *   copy (set)           dst.set(src): the memory-bandwidth floor
 *   copy (loop)          for (i) dst[i] = src[i]
 *   float32→bfloat16     half.ts float32ArrayToBf16Bits  } WebAssembly SIMD where available
 *   float32→float16      half.ts float32ArrayToF16Bits   } (simd-half.ts), and the scalar JS loops
 *   int8 per-channel     quantize, dequantize, and both in one pass (axis 0, symmetric
 *                        qparams), PyTorch-exact kernels of quant/affine.ts and
 *                        quant/roundtrip.ts: WebAssembly SIMD where available, and the
 *                        scalar JS loops for comparison
 * Buffers are allocated once, outside the timed region; each kernel runs once untimed first
 * so the JIT has compiled it.
 */
import { float32ArrayToBf16Bits, float32ArrayToF16Bits } from './half.ts';
import { dequantizeInto, quantizeInto, type AffineParams } from './quant/affine.ts';
import { paramLayout } from './quant/layout.ts';
import { perChannelMinmaxQParams } from './quant/observer.ts';
import { quantizeDequantizeInto } from './quant/roundtrip.ts';
import { setSimdEnabled, simdKernels } from './quant/simd.ts';
import { halfSimdKernels, setHalfSimdEnabled } from './simd-half.ts';

export interface BenchOptions {
  /** Number of float32 elements (default 2^24 = a [4096, 4096] weight). */
  readonly n?: number;
  /** Timed runs per kernel; the median is reported (default 5). */
  readonly repeats?: number;
  /** Rows of the weight, i.e. quantization channels (default 4096, or 1 if it does not divide n). */
  readonly channels?: number;
}

export interface KernelTiming {
  readonly name: string;
  readonly medianMs: number;
  readonly samplesMs: readonly number[];
  readonly elementsPerSecond: number;
  /** Speed relative to `dst.set(src)`: 1 = as fast as the copy, 0.33 = a third of it. */
  readonly ratioToCopy: number;
}

export interface NumericBenchReport {
  readonly n: number;
  /** Whether the int8 and float16/bfloat16 kernels could use WebAssembly SIMD on this engine. */
  readonly simd: boolean;
  readonly repeats: number;
  readonly shape: readonly [number, number];
  readonly kernels: readonly KernelTiming[];
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Weight-like data without Math.random: a fixed LCG, roughly bell-shaped, varying scale per row. */
function fillWeights(dst: Float32Array, cols: number): void {
  let state = 12345;
  for (let i = 0; i < dst.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const u = (state >>> 8) / 16777216;
    const rowScale = 0.02 + ((Math.floor(i / cols) * 37) % 100) / 1000;
    dst[i] = (u + (state & 0xff) / 256 - 1) * rowScale;
  }
}

/** Runs `fn` with the WebAssembly SIMD paths switched off. */
function scalar(fn: () => void): void {
  setSimdEnabled(false);
  setHalfSimdEnabled(false);
  try {
    fn();
  } finally {
    setSimdEnabled(true);
    setHalfSimdEnabled(true);
  }
}

export function runNumericBench(options: BenchOptions = {}): NumericBenchReport {
  const n = options.n ?? 16_777_216;
  const repeats = Math.max(1, options.repeats ?? 5);
  const wanted = options.channels ?? 4096;
  const rows = n % wanted === 0 ? wanted : 1;
  const cols = n / rows;
  const src = new Float32Array(n);
  fillWeights(src, cols);
  const f32Out = new Float32Array(n);
  const u16Out = new Uint16Array(n);
  const i8Out = new Int8Array(n);
  const qp = perChannelMinmaxQParams(src, [rows, cols], { axis: 0, dtype: 'qint8', qscheme: 'per_channel_symmetric' });
  const params: AffineParams = {
    target: 'int8',
    layout: paramLayout([rows, cols], { kind: 'channel', axis: 0 }),
    scales: qp.scales,
    zeroPoints: qp.zero_points,
  };

  const kernels: readonly (readonly [string, () => void])[] = [
    ['copy (set)', () => f32Out.set(src)],
    [
      'copy (loop)',
      () => {
        for (let i = 0; i < n; i++) f32Out[i] = src[i]!;
      },
    ],
    ['float32→bfloat16', () => float32ArrayToBf16Bits(src, u16Out)],
    ['float32→float16', () => float32ArrayToF16Bits(src, u16Out)],
    ['int8 per-channel quantize', () => quantizeInto(src, i8Out, params)],
    ['int8 per-channel dequantize', () => dequantizeInto(i8Out, f32Out, params)],
    ['int8 per-channel quantize+dequantize', () => quantizeDequantizeInto(src, i8Out, f32Out, params)],
    ['float32→bfloat16 (scalar JS)', () => scalar(() => float32ArrayToBf16Bits(src, u16Out))],
    ['float32→float16 (scalar JS)', () => scalar(() => float32ArrayToF16Bits(src, u16Out))],
    ['int8 per-channel quantize (scalar JS)', () => scalar(() => quantizeInto(src, i8Out, params))],
    ['int8 per-channel dequantize (scalar JS)', () => scalar(() => dequantizeInto(i8Out, f32Out, params))],
    ['int8 per-channel quantize+dequantize (scalar JS)', () => scalar(() => quantizeDequantizeInto(src, i8Out, f32Out, params))],
  ];

  const timings = kernels.map(([name, run]) => {
    run();
    const samples: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      run();
      samples.push(performance.now() - t0);
    }
    return { name, medianMs: median(samples), samplesMs: samples };
  });
  const copyMs = timings[0]!.medianMs;
  return {
    n,
    repeats,
    shape: [rows, cols],
    simd: simdKernels() !== null && halfSimdKernels() !== null,
    kernels: timings.map((t) => ({ ...t, elementsPerSecond: n / (t.medianMs / 1000), ratioToCopy: copyMs / t.medianMs })),
  };
}

/** One line per kernel, for logs: name, median ms, M elements/s, ratio to the copy. */
export function formatBenchReport(report: NumericBenchReport): string {
  const lines = report.kernels.map(
    (k) =>
      `${k.name.padEnd(50)} ${k.medianMs.toFixed(2).padStart(9)} ms ${(k.elementsPerSecond / 1e6).toFixed(0).padStart(6)} M el/s  ${k.ratioToCopy.toFixed(2)}× copy`,
  );
  return [
    `n = ${report.n} [${report.shape.join(', ')}], median of ${report.repeats}, SIMD ${report.simd ? 'on' : 'unavailable'}`,
    ...lines,
  ].join('\n');
}
