// The dynamic-int8 rows of `npm run bench wasm-gemm` (Node): int8-page.ts's medians as rows, every
// ratio against app/wasm's LinearF32 in the same rounds (the float32 the app's BLIP moves onto).
import type { BenchRow } from '../../scripts/lib/stats.ts';
import type { Int8Result } from './int8-page.ts';

export function int8Rows(results: readonly Int8Result[], chromium: string, goal: number): BenchRow[] {
  return results.flatMap((r) => {
    const section = `wasm-gemm dynamic int8 Linear ${r.shape} (M,K,N) + bias, x in and y out timed, 1 thread, Chromium ${chromium}`;
    const vsF32 = (name: string, ms: number, withGoal: boolean): BenchRow => ({
      section,
      name,
      value: ms,
      unit: 'ms',
      ratio: r.ms.f32 / ms,
      baseline: 'speed vs LinearF32',
      ...(withGoal ? { goal: `≥ ${goal}x LinearF32`, met: r.ms.f32 / ms >= goal } : {}),
    });
    return [
      { section, name: `app/wasm LinearF32 ${r.kernels.f32} (the baseline)`, value: r.ms.f32, unit: 'ms' },
      vsF32(`app/wasm LinearDynamicInt8 8-bit weights, ${r.kernels.int8} (ort-web's bits)`, r.ms.int8, true),
      vsF32(`app/wasm LinearDynamicInt8 reduce_range, ${r.kernels['int8-rr']} (ort-web's bits)`, r.ms['int8-rr'], true),
      vsF32('onnxruntime-web 1.30 quantize_dynamic graph, 8-bit weights', r.ms['ort-int8'], false),
      vsF32('onnxruntime-web 1.30 quantize_dynamic graph, reduce_range', r.ms['ort-int8-rr'], false),
    ];
  });
}
