// The kernels of activation-kernels.ts on a GemmMemory (runs in the calling thread: a page, a
// worker, Node): exp, row softmax and exact GELU of Float32Arrays in place, and LayerNorm. A call
// copies its floats into the memory's scratch region (rows padded to a multiple of 4: softmax's
// pad lanes hold -Infinity, so they add 0 to the sum and never win the max; LayerNorm's hold 0),
// runs the kernel and copies them back; the scratch is claimed for the call, so it never overlaps
// a pool's run.
import { type ActivationFns, float32Bits } from './activation-kernels.ts';
import type { GemmMemory } from './gemm-memory.ts';

const pad4 = (n: number): number => Math.ceil(n / 4) * 4;

export class Activations {
  readonly #kernels: ActivationFns;

  constructor(readonly memory: GemmMemory) {
    this.#kernels = memory.activations().fns;
  }

  /** x ← exp(x) in place (0 below ≈ -87.34, where float32 turns subnormal; exp(88) above 88: never Inf). */
  expInPlace(x: Float32Array): void {
    this.#elementWise('exp', x);
  }

  /** x ← x · ½ · (1 + erf(x / √2)) in place: torch's exact nn.functional.gelu. */
  geluInPlace(x: Float32Array): void {
    this.#elementWise('gelu', x);
  }

  /**
   * Each row of x [rows, cols] ← softmax(scale · row) in place (scale rounded to float32 and the
   * scaled row too, as a graph's Mul by a float32 constant then Softmax; the row max subtracted
   * exactly; the sum in float64).
   */
  scaledSoftmaxRows(x: Float32Array, cols: number, scale: number): void {
    const what = 'softmax';
    if (!(x instanceof Float32Array)) throw new Error(`${what}: the input must be a Float32Array [rows, cols]`);
    if (!Number.isInteger(cols) || cols < 1 || x.length % cols !== 0)
      throw new Error(`${what}: ${x.length} floats are not [rows, ${cols}] for any whole number of rows`);
    if (!(scale > 0 && Number.isFinite(scale))) throw new Error(`${what}: the scale must be a finite number > 0, got ${scale}`);
    const rows = x.length / cols;
    const stride = pad4(cols);
    this.#withScratch(what, rows * stride, (at, f32) => {
      if (stride === cols) f32.set(x, at);
      else
        for (let r = 0; r < rows; r++) {
          f32.set(x.subarray(r * cols, (r + 1) * cols), at + r * stride);
          f32.fill(-Infinity, at + r * stride + cols, at + (r + 1) * stride);
        }
      this.#kernels.softmax(at * 4, rows, stride, float32Bits(scale));
      if (stride === cols) x.set(f32.subarray(at, at + x.length));
      else for (let r = 0; r < rows; r++) x.set(f32.subarray(at + r * stride, at + r * stride + cols), r * cols);
    });
  }

  /**
   * LayerNorm over the last axis of x [rows, dim] into out (biased variance, as torch and
   * onnxruntime; mean and variance in float64, eps rounded to float32 as the graph's attribute).
   */
  layerNorm(x: Float32Array, dim: number, weight: Float32Array, bias: Float32Array, eps: number, out: Float32Array): void {
    const what = 'layer_norm';
    if (!Number.isInteger(dim) || dim < 1 || x.length % dim !== 0)
      throw new Error(`${what}: ${x.length} floats are not [rows, ${dim}] for any whole number of rows`);
    for (const [name, t, n] of [
      ['weight', weight, dim],
      ['bias', bias, dim],
      ['out', out, x.length],
    ] as const)
      if (!(t instanceof Float32Array) || t.length !== n)
        throw new Error(
          `${what}: ${name} must be a Float32Array of ${n} floats, got ${t instanceof Float32Array ? t.length : 'another type'}`,
        );
    if (!(eps >= 0 && Number.isFinite(eps))) throw new Error(`${what}: eps must be a finite number ≥ 0, got ${eps}`);
    const rows = x.length / dim;
    const stride = pad4(dim);
    this.#withScratch(what, (rows + 2) * stride, (at, f32) => {
      const w = at + rows * stride;
      const b = w + stride;
      f32.fill(0, at, at + (rows + 2) * stride);
      f32.set(weight, w);
      f32.set(bias, b);
      if (stride === dim) f32.set(x, at);
      else for (let r = 0; r < rows; r++) f32.set(x.subarray(r * dim, (r + 1) * dim), at + r * stride);
      this.#kernels.layernorm(at * 4, rows, stride, dim, w * 4, b * 4, float32Bits(eps));
      if (stride === dim) out.set(f32.subarray(at, at + x.length));
      else for (let r = 0; r < rows; r++) out.set(f32.subarray(at + r * stride, at + r * stride + dim), r * dim);
    });
  }

  #elementWise(name: 'exp' | 'gelu', x: Float32Array): void {
    if (!(x instanceof Float32Array)) throw new Error(`${name}: the input must be a Float32Array`);
    const n = pad4(x.length);
    this.#withScratch(name, n, (at, f32) => {
      f32.set(x, at);
      f32.fill(0, at + x.length, at + n);
      this.#kernels[name](at * 4, n);
      x.set(f32.subarray(at, at + x.length));
    });
  }

  /** Runs `body` on `floats` floats of the scratch region (at: its float index), claimed for the call. */
  #withScratch(what: string, floats: number, body: (at: number, f32: Float32Array) => void): void {
    this.memory.claim(what);
    try {
      const start = this.memory.scratchStart;
      this.memory.ensure(start + floats * 4, `${what} on ${floats} floats (scratch)`);
      body(start / 4, new Float32Array(this.memory.buffer));
    } finally {
      this.memory.release();
    }
  }
}
