/**
 * Optional WebAssembly SIMD path for the bulk float32 → bfloat16 / float16 conversions of
 * half.ts (simd-half.wat). The kernels are bit-exact with the scalar f32BitsToBf16Bits /
 * f32BitsToF16Bits (bfloat16 NaN → 0xFFFF as in torch's vectorised `.to()`; float16 NaN →
 * 0x7E00 | sign), checked on all 2^32 float32 patterns when written and by simd-half.test.ts
 * on edge cases and seeded random patterns.
 *
 * The arrays live in ordinary typed arrays, so data is streamed through the module's memory one
 * chunk at a time: copy in (a memcpy), convert, copy out. Only whole blocks of 16 go through
 * the kernels; half.ts does the last n % 16 elements (and any bfloat16 elements past the
 * vectorised-NaN prefix) with its scalar loops. Where WebAssembly SIMD is unavailable,
 * `halfSimdKernels()` returns null and half.ts keeps the scalar loops.
 */
import { HALF_SIMD_WASM_BASE64 } from './simd-half-bytes.ts';

/** Arrays shorter than this stay in JS: instantiation and chunk copies would cost more than they save. */
export const HALF_SIMD_MIN_ELEMENTS = 64;

/** Elements per chunk; must match the memory layout in simd-half.wat. */
export const HALF_SIMD_CHUNK = 16384;
const OUT_OFFSET = 4 * HALF_SIMD_CHUNK;

interface HalfSimdExports {
  readonly mem: WebAssembly.Memory;
  f32_to_bf16(src: number, dst: number, n: number): void;
  f32_to_f16(src: number, dst: number, n: number): void;
}

export interface HalfSimdKernels {
  /** dst[i] = bfloat16 bits of src[i] for i < n (n a multiple of 16); NaN → 0xFFFF. */
  float32ToBf16(src: Float32Array, dst: Uint16Array, n: number): void;
  /** dst[i] = float16 bits of src[i] for i < n (n a multiple of 16). */
  float32ToF16(src: Float32Array, dst: Uint16Array, n: number): void;
}

let cached: HalfSimdKernels | null | undefined;
let disabled = false;

/** Turns the SIMD path off (or back on) — for tests and for benchmarking the scalar loops. */
export function setHalfSimdEnabled(enabled: boolean): void {
  disabled = !enabled;
}

export function halfSimdKernels(): HalfSimdKernels | null {
  if (disabled) return null;
  if (cached === undefined) cached = instantiate();
  return cached;
}

function isHalfSimdExports(value: WebAssembly.Exports): value is WebAssembly.Exports & HalfSimdExports {
  return (
    value['mem'] instanceof WebAssembly.Memory && typeof value['f32_to_bf16'] === 'function' && typeof value['f32_to_f16'] === 'function'
  );
}

function instantiate(): HalfSimdKernels | null {
  if (typeof WebAssembly === 'undefined' || typeof atob === 'undefined') return null;
  let exports: WebAssembly.Exports;
  try {
    const bytes = Uint8Array.from(atob(HALF_SIMD_WASM_BASE64), (c) => c.charCodeAt(0));
    // Synchronous compile is fine for a module this small (< 1 KB), also on a browser main thread.
    exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
  } catch {
    return null; // no SIMD support (validation fails) or wasm forbidden: keep the scalar loops
  }
  if (!isHalfSimdExports(exports)) return null;
  const wasm = exports;
  // The memory never grows, so these views stay valid.
  const input = new Float32Array(wasm.mem.buffer, 0, HALF_SIMD_CHUNK);
  const output = new Uint16Array(wasm.mem.buffer, OUT_OFFSET, HALF_SIMD_CHUNK);
  const stream = (kernel: (src: number, dst: number, n: number) => void, src: Float32Array, dst: Uint16Array, n: number): void => {
    for (let start = 0; start < n; start += HALF_SIMD_CHUNK) {
      const len = Math.min(HALF_SIMD_CHUNK, n - start);
      input.set(src.subarray(start, start + len));
      kernel(0, OUT_OFFSET, len);
      dst.set(len === HALF_SIMD_CHUNK ? output : output.subarray(0, len), start);
    }
  };
  return {
    float32ToBf16: (src, dst, n) => stream(wasm.f32_to_bf16, src, dst, n),
    float32ToF16: (src, dst, n) => stream(wasm.f32_to_f16, src, dst, n),
  };
}
