/**
 * Optional WebAssembly SIMD path for the 8-bit quantize / dequantize hot loops (simd.wat).
 * Each lane does exactly the float32 / float64 operations of the scalar JS loops in
 * affine.ts, so results are bit-identical; simd.test.ts checks that on ties, specials and
 * random data. Scalar JS pays ~10 ns per element in V8 for `Math.fround`, the round trick
 * and the clamp; 4-wide SIMD with 16 elements per iteration brings quantize close to
 * memory speed.
 *
 * Data is streamed through a small wasm buffer one chunk at a time (the tensors live in
 * ordinary typed arrays): copy in, run the kernel, copy out; chunks stay in cache.
 * Where WebAssembly or SIMD is unavailable, `simdKernels()` returns null and callers keep
 * the scalar loops.
 */
import { SIMD_WASM_BASE64 } from './simd-bytes.ts';

/** Elements per chunk; must match the memory layout in simd.wat. */
export const SIMD_CHUNK = 16384;
const BYTES_OFFSET = 65536;

interface SimdExports {
  readonly mem: WebAssembly.Memory;
  quantize(n: number, inv: number, zp: number, lo: number, hi: number): void;
  quantize_dequantize32(n: number, inv: number, zp: number, lo: number, hi: number, scale: number): void;
  quantize_dequantize64(n: number, inv: number, zp: number, lo: number, hi: number, scale: number): void;
  dequantize32_s(n: number, zp: number, scale: number): void;
  dequantize32_u(n: number, zp: number, scale: number): void;
  dequantize64_s(n: number, zp: number, scale: number): void;
  dequantize64_u(n: number, zp: number, scale: number): void;
}

export interface SimdKernels {
  /** dst[start, end) = quantize(src[start, end)) with one float32 reciprocal scale `inv`. */
  quantizeRun(src: Float32Array, dst: Int8Array | Uint8Array, start: number, end: number, inv: number, zp: number, qmin: number, qmax: number): void;
  /** quantizeRun and dequantizeRun in one pass: q into `dst`, the dequantized values into `dq`. */
  quantizeDequantizeRun(
    src: Float32Array, dst: Int8Array | Uint8Array, dq: Float32Array, start: number, end: number,
    inv: number, zp: number, qmin: number, qmax: number, scale: number, scaleIsFloat32: boolean,
  ): void;
  /** dst[start, end) = (src - zp) * scale, in float32 (`scaleIsFloat32`) or float64 then rounded. */
  dequantizeRun(src: Int8Array | Uint8Array, dst: Float32Array, start: number, end: number, zp: number, scale: number, scaleIsFloat32: boolean): void;
}

let cached: SimdKernels | null | undefined;
let disabled = false;

/** Turns the SIMD path off (or back on) — for tests and for benchmarking the scalar loops. */
export function setSimdEnabled(enabled: boolean): void {
  disabled = !enabled;
}

export function simdKernels(): SimdKernels | null {
  if (disabled) return null;
  if (cached === undefined) cached = instantiate();
  return cached;
}

function isSimdExports(value: WebAssembly.Exports): value is WebAssembly.Exports & SimdExports {
  return value['mem'] instanceof WebAssembly.Memory
    && ['quantize', 'quantize_dequantize32', 'quantize_dequantize64', 'dequantize32_s', 'dequantize32_u', 'dequantize64_s', 'dequantize64_u'].every((name) => typeof value[name] === 'function');
}

function instantiate(): SimdKernels | null {
  if (typeof WebAssembly === 'undefined' || typeof atob === 'undefined') return null;
  let exports: WebAssembly.Exports;
  try {
    const bytes = Uint8Array.from(atob(SIMD_WASM_BASE64), (c) => c.charCodeAt(0));
    // Synchronous compile is fine for a module this small, also on a browser main thread.
    exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
  } catch {
    return null; // no SIMD support: validation fails, keep the scalar loops
  }
  if (!isSimdExports(exports)) return null;
  const wasm = exports;
  const floats = new Float32Array(wasm.mem.buffer, 0, SIMD_CHUNK);
  const int8 = new Int8Array(wasm.mem.buffer, BYTES_OFFSET, SIMD_CHUNK);
  const uint8 = new Uint8Array(wasm.mem.buffer, BYTES_OFFSET, SIMD_CHUNK);
  const roundUp16 = (n: number): number => (n + 15) & ~15;
  const copyBytesOut = (dst: Int8Array | Uint8Array, off: number, len: number): void => {
    // Same-type set() is a memcpy.
    if (dst instanceof Uint8Array) dst.set(uint8.subarray(0, len), off);
    else dst.set(int8.subarray(0, len), off);
  };
  return {
    quantizeRun(src, dst, start, end, inv, zp, qmin, qmax) {
      for (let off = start; off < end; off += SIMD_CHUNK) {
        const len = Math.min(SIMD_CHUNK, end - off);
        floats.set(src.subarray(off, off + len));
        wasm.quantize(roundUp16(len), inv, zp, qmin - zp, qmax - zp);
        copyBytesOut(dst, off, len);
      }
    },
    quantizeDequantizeRun(src, dst, dq, start, end, inv, zp, qmin, qmax, scale, scaleIsFloat32) {
      const kernel = scaleIsFloat32 ? wasm.quantize_dequantize32 : wasm.quantize_dequantize64;
      for (let off = start; off < end; off += SIMD_CHUNK) {
        const len = Math.min(SIMD_CHUNK, end - off);
        floats.set(src.subarray(off, off + len));
        kernel(roundUp16(len), inv, zp, qmin - zp, qmax - zp, scale);
        copyBytesOut(dst, off, len);
        dq.set(floats.subarray(0, len), off);
      }
    },
    dequantizeRun(src, dst, start, end, zp, scale, scaleIsFloat32) {
      const unsigned = src instanceof Uint8Array;
      const kernel = scaleIsFloat32 ? (unsigned ? wasm.dequantize32_u : wasm.dequantize32_s) : (unsigned ? wasm.dequantize64_u : wasm.dequantize64_s);
      for (let off = start; off < end; off += SIMD_CHUNK) {
        const len = Math.min(SIMD_CHUNK, end - off);
        // Same-type set() is a memcpy; narrowing on the array itself keeps it that way.
        if (src instanceof Uint8Array) uint8.set(src.subarray(off, off + len));
        else int8.set(src.subarray(off, off + len));
        kernel(roundUp16(len), zp, scale);
        dst.set(floats.subarray(0, len), off);
      }
    },
  };
}
