// The vision encoder's non-Linear operations in plain TypeScript on Float32Arrays (runs wherever
// vision-wasm.ts runs: the kernel's worker later, a page, Node): im2col of the patches, the
// residual add, and the per-head copies attention needs. Softmax, GELU and LayerNorm moved to
// app/wasm/activations.ts (SIMD128); `erf` stays as the float64 form of the fit its GELU kernel uses.

/**
 * pixel_values [C, S, S] → patches [(S/p)², C·p·p], each row in the order of the Conv weight's
 * [D, C, p, p] (c, then ky, then kx): the stride-p Conv is then a Linear on these rows.
 */
export function im2col(pixels: Float32Array, channels: number, size: number, patch: number): Float32Array {
  const grid = size / patch;
  const row = channels * patch * patch;
  const out = new Float32Array(grid * grid * row);
  for (let gy = 0; gy < grid; gy++)
    for (let gx = 0; gx < grid; gx++) {
      let o = (gy * grid + gx) * row;
      for (let c = 0; c < channels; c++)
        for (let ky = 0; ky < patch; ky++) {
          const from = (c * size + gy * patch + ky) * size + gx * patch;
          out.set(pixels.subarray(from, from + patch), o);
          o += patch;
        }
    }
  return out;
}

/**
 * erf(x) to ≈ 1e-7 relative (Numerical Recipes' erfc Chebyshev fit, float64): within float32's
 * precision, which is what the graph's Erf computes in.
 */
export function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z - 1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(poly);
  return x >= 0 ? 1 - erfc : erfc - 1;
}

/** acc += y, element by element (the residual connection). */
export function addInPlace(acc: Float32Array, y: Float32Array): void {
  for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! + y[i]!;
}

/** Columns [from, from + width) of x [rows, stride] → out [rows, width] (a head's Q or K), or transposed → out [width, rows] (its V as a Linear weight). */
export function columns(x: Float32Array, stride: number, from: number, width: number, out: Float32Array, transposed: boolean): void {
  const rows = x.length / stride;
  if (!transposed) {
    for (let r = 0; r < rows; r++) out.set(x.subarray(r * stride + from, r * stride + from + width), r * width);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const o = r * stride + from;
    for (let j = 0; j < width; j++) out[j * rows + r] = x[o + j]!;
  }
}

/** head [rows, width] → columns [from, from + width) of out [rows, stride] (a head's context into [N, D]). */
export function putColumns(head: Float32Array, width: number, out: Float32Array, stride: number, from: number): void {
  const rows = head.length / width;
  for (let r = 0; r < rows; r++) out.set(head.subarray(r * width, (r + 1) * width), r * stride + from);
}
