/**
 * Optional WebAssembly SIMD path for the 8-bit quantize / dequantize hot loops (simd.wat).
 * Each lane does exactly the float32 / float64 operations of the scalar JS loops in
 * affine.ts, so results are bit-identical; simd.test.ts checks that on ties, specials and
 * random data. Scalar JS pays ~10 ns per element in V8 for `Math.fround`, the round trick
 * and the clamp; 4-wide SIMD with 16 elements per iteration brings quantize close to
 * memory speed.
 *
 * Data is streamed through a small wasm buffer one chunk at a time (the tensors live in
 * ordinary typed arrays): copy in, run the kernel on each run in the chunk, copy out; chunks
 * stay in cache. Consecutive runs (e.g. 4096-element rows, one scale each) share a chunk,
 * and the last n % 16 elements of a run go through the scalar loops of scalar.ts.
 * Where WebAssembly or SIMD is unavailable, `simdKernels()` returns null and callers keep
 * the scalar loops.
 */
import { dequantizeRun, quantizeRun } from './scalar.ts';
import { SIMD_WASM_BASE64 } from './simd-bytes.ts';

/** Arrays smaller than this stay in JS: the chunk copies would cost more than they save. */
export const SIMD_MIN_ELEMENTS = 64;

/** Elements per chunk; must match the memory layout in simd.wat. */
export const SIMD_CHUNK = 16384;
const BYTES_OFFSET = 65536;

interface SimdExports {
  readonly mem: WebAssembly.Memory;
  /** `zpk` = zp + k and `flip` = k, k = 128 for signed targets and 0 for unsigned ones (see simd.wat). */
  quantize(base: number, n: number, inv: number, zpk: number, lo: number, hi: number, flip: number): void;
  quantize_dequantize32(base: number, n: number, inv: number, zpk: number, lo: number, hi: number, flip: number, scale: number): void;
  quantize_dequantize64(base: number, n: number, inv: number, zpk: number, lo: number, hi: number, flip: number, scale: number): void;
  dequantize32_s(base: number, n: number, zp: number, scale: number): void;
  dequantize32_u(base: number, n: number, zp: number, scale: number): void;
  dequantize64_s(base: number, n: number, zp: number, scale: number): void;
  dequantize64_u(base: number, n: number, zp: number, scale: number): void;
}

/** Per-parameter values the kernels need; `scales` are the ones dequantize multiplies by. */
export interface RunParams {
  readonly invs: Float64Array;
  readonly zps: Float64Array;
  readonly scales: Float64Array;
  /** Dequantize in float32 (per tensor) rather than float64 (per channel). */
  readonly single: boolean;
  readonly qmin: number;
  readonly qmax: number;
}

/**
 * Each method handles runs [from, to) of a runsOf() array (steps of 4), all with pStep 0 and
 * contiguous in storage.
 */
export interface SimdKernels {
  quantizeRuns(src: Float32Array, dst: Int8Array | Uint8Array, runs: Int32Array, from: number, to: number, params: RunParams): void;
  dequantizeRuns(src: Int8Array | Uint8Array, dst: Float32Array, runs: Int32Array, from: number, to: number, params: RunParams): void;
  /** Both at once: q into `dst`, its dequantized values into `dq`. */
  quantizeDequantizeRuns(
    src: Float32Array,
    dst: Int8Array | Uint8Array,
    dq: Float32Array,
    runs: Int32Array,
    from: number,
    to: number,
    params: RunParams,
  ): void;
}

/**
 * A float64 scale that is exactly a float32 value (observer scales are) takes the float32
 * kernels: (q - z) has at most 9 significant bits, so (q - z) * s is exact in a double and
 * both routes round the same exact product to float32 once.
 */
function isFloat32(scale: number): boolean {
  return Math.fround(scale) === scale;
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

const EXPORT_NAMES = [
  'quantize',
  'quantize_dequantize32',
  'quantize_dequantize64',
  'dequantize32_s',
  'dequantize32_u',
  'dequantize64_s',
  'dequantize64_u',
];

function isSimdExports(value: WebAssembly.Exports): value is WebAssembly.Exports & SimdExports {
  return value['mem'] instanceof WebAssembly.Memory && EXPORT_NAMES.every((name) => typeof value[name] === 'function');
}

/** Pieces of a chunk: [offset in chunk, length, parameter index] triples. */
const pieces = new Int32Array(3 * SIMD_CHUNK);

/**
 * Packs the runs into chunks of at most SIMD_CHUNK elements and calls `flush(chunkStart,
 * fill, count)` for each, with `pieces` describing its `count` pieces.
 */
function packRuns(runs: Int32Array, from: number, to: number, flush: (chunkStart: number, fill: number, count: number) => void): void {
  let fill = 0;
  let count = 0;
  let chunkStart = 0;
  for (let r = from; r < to; r += 4) {
    let s = runs[r]!;
    let remaining = runs[r + 1]!;
    const p = runs[r + 2]!;
    if (fill > 0 && s !== chunkStart + fill) {
      flush(chunkStart, fill, count);
      fill = 0;
      count = 0;
    }
    while (remaining > 0) {
      if (fill === 0) chunkStart = s;
      const take = Math.min(remaining, SIMD_CHUNK - fill);
      pieces[3 * count] = fill;
      pieces[3 * count + 1] = take;
      pieces[3 * count + 2] = p;
      count++;
      fill += take;
      s += take;
      remaining -= take;
      if (fill === SIMD_CHUNK) {
        flush(chunkStart, fill, count);
        fill = 0;
        count = 0;
      }
    }
  }
  if (fill > 0) flush(chunkStart, fill, count);
}

function instantiate(): SimdKernels | null {
  if (typeof WebAssembly === 'undefined' || typeof atob === 'undefined') return null;
  let exports: WebAssembly.Exports;
  try {
    const bytes = Uint8Array.from(atob(SIMD_WASM_BASE64), (c) => c.charCodeAt(0));
    // Synchronous compile is fine for a module this small (< 4 KB), also on a browser main thread.
    exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
  } catch {
    return null; // no SIMD support (validation fails) or wasm forbidden: keep the scalar loops
  }
  if (!isSimdExports(exports)) return null;
  const wasm = exports;
  const floats = new Float32Array(wasm.mem.buffer, 0, SIMD_CHUNK);
  const int8 = new Int8Array(wasm.mem.buffer, BYTES_OFFSET, SIMD_CHUNK);
  const uint8 = new Uint8Array(wasm.mem.buffer, BYTES_OFFSET, SIMD_CHUNK);
  // Same-type set() is a memcpy; narrowing on the arrays keeps it that way.
  const bytesIn = (src: Int8Array | Uint8Array, start: number, len: number): void => {
    if (src instanceof Uint8Array) uint8.set(src.subarray(start, start + len));
    else int8.set(src.subarray(start, start + len));
  };
  // Full chunks (the common case) copy out of the whole views, without allocating a subarray.
  const bytesOut = (dst: Int8Array | Uint8Array, start: number, len: number): void => {
    if (dst instanceof Uint8Array) dst.set(len === SIMD_CHUNK ? uint8 : uint8.subarray(0, len), start);
    else dst.set(len === SIMD_CHUNK ? int8 : int8.subarray(0, len), start);
  };
  const floatsOut = (dst: Float32Array, start: number, len: number): void => {
    dst.set(len === SIMD_CHUNK ? floats : floats.subarray(0, len), start);
  };
  return {
    quantizeRuns(src, dst, runs, from, to, { invs, zps, qmin, qmax }) {
      const flip = qmin < 0 ? 128 : 0;
      packRuns(runs, from, to, (cs, fill, count) => {
        floats.set(src.subarray(cs, cs + fill));
        for (let k = 0; k < count; k++) {
          const base = pieces[3 * k]!,
            n16 = pieces[3 * k + 1]! & ~15,
            p = pieces[3 * k + 2]!;
          if (n16 > 0) wasm.quantize(base, n16, invs[p]!, zps[p]! + flip, qmin - zps[p]!, qmax - zps[p]!, flip);
        }
        bytesOut(dst, cs, fill);
        for (let k = 0; k < count; k++) {
          const base = cs + pieces[3 * k]!,
            len = pieces[3 * k + 1]!,
            p = pieces[3 * k + 2]!;
          if (len & 15) quantizeRun(src, dst, base + (len & ~15), base + len, invs[p]!, zps[p]!, qmin, qmax);
        }
      });
    },
    dequantizeRuns(src, dst, runs, from, to, { zps, scales, single }) {
      const unsigned = src instanceof Uint8Array;
      packRuns(runs, from, to, (cs, fill, count) => {
        bytesIn(src, cs, fill);
        for (let k = 0; k < count; k++) {
          const base = pieces[3 * k]!,
            n16 = pieces[3 * k + 1]! & ~15,
            p = pieces[3 * k + 2]!;
          if (n16 === 0) continue;
          const narrow = single || isFloat32(scales[p]!);
          const kernel = narrow
            ? unsigned
              ? wasm.dequantize32_u
              : wasm.dequantize32_s
            : unsigned
              ? wasm.dequantize64_u
              : wasm.dequantize64_s;
          kernel(base, n16, zps[p]!, scales[p]!);
        }
        floatsOut(dst, cs, fill);
        for (let k = 0; k < count; k++) {
          const base = cs + pieces[3 * k]!,
            len = pieces[3 * k + 1]!,
            p = pieces[3 * k + 2]!;
          if (len & 15) dequantizeRun(src, dst, base + (len & ~15), base + len, zps[p]!, scales[p]!);
        }
      });
    },
    quantizeDequantizeRuns(src, dst, dq, runs, from, to, { invs, zps, scales, single, qmin, qmax }) {
      const flip = qmin < 0 ? 128 : 0;
      packRuns(runs, from, to, (cs, fill, count) => {
        floats.set(src.subarray(cs, cs + fill));
        for (let k = 0; k < count; k++) {
          const base = pieces[3 * k]!,
            n16 = pieces[3 * k + 1]! & ~15,
            p = pieces[3 * k + 2]!;
          if (n16 === 0) continue;
          const kernel = single || isFloat32(scales[p]!) ? wasm.quantize_dequantize32 : wasm.quantize_dequantize64;
          kernel(base, n16, invs[p]!, zps[p]! + flip, qmin - zps[p]!, qmax - zps[p]!, flip, scales[p]!);
        }
        bytesOut(dst, cs, fill);
        floatsOut(dq, cs, fill);
        for (let k = 0; k < count; k++) {
          const base = cs + pieces[3 * k]!,
            len = pieces[3 * k + 1]!,
            p = pieces[3 * k + 2]!;
          if (len & 15) {
            quantizeRun(src, dst, base + (len & ~15), base + len, invs[p]!, zps[p]!, qmin, qmax);
            dequantizeRun(dst, dq, base + (len & ~15), base + len, zps[p]!, scales[p]!);
          }
        }
      });
    },
  };
}
