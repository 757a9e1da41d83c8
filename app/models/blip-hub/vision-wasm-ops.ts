// What the vision encoder still computes in plain TypeScript (runs wherever vision-wasm.ts runs:
// the kernel's worker later, a page, Node): the im2col of the patches, written into the memory.
// Every other op runs on app/wasm's row steps; `erf` stays as the float64 form of the fit app/wasm's
// GELU kernel computes (the tests' reference).

/**
 * pixel_values [C, S, S] → patches [(S/p)², C·p·p] into `out` (rows of `stride` ≥ C·p·p floats,
 * the pad columns 0), each row in the order of the Conv weight's [D, C, p, p] (c, then ky, then
 * kx): the stride-p Conv is then a Linear on these rows.
 */
export function im2colInto(pixels: Float32Array, channels: number, size: number, patch: number, out: Float32Array, stride: number): void {
  const grid = size / patch;
  const row = channels * patch * patch;
  if (stride < row || out.length !== grid * grid * stride)
    throw new Error(`im2col: the output has ${out.length} floats, not ${grid * grid} patches × ${stride} (≥ ${row})`);
  for (let gy = 0; gy < grid; gy++)
    for (let gx = 0; gx < grid; gx++) {
      let o = (gy * grid + gx) * stride;
      for (let c = 0; c < channels; c++)
        for (let ky = 0; ky < patch; ky++) {
          const from = (c * size + gy * patch + ky) * size + gx * patch;
          out.set(pixels.subarray(from, from + patch), o);
          o += patch;
        }
      out.fill(0, o, (gy * grid + gx + 1) * stride);
    }
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
