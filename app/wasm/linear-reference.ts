// The float64 reference every Linear result is checked against (runs in Node tests, the e2e
// page and the bench): y = x·Wᵀ + b with W [N, K], summed in float64 from the float32 inputs.

export function linearReference(x: Float32Array, weight: Float32Array, bias: Float32Array | null, K: number, N: number): Float64Array {
  const M = x.length / K;
  const y = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let n = 0; n < N; n++) {
      let s = bias === null ? 0 : bias[n]!;
      for (let k = 0; k < K; k++) s += x[i * K + k]! * weight[n * K + k]!;
      y[i * N + n] = s;
    }
  return y;
}

/** max|y − ref| / max|ref|: the tolerance the kernels are held to is 1e-5. */
export function relativeError(y: Float32Array, ref: Float64Array): number {
  if (y.length !== ref.length) throw new Error(`relativeError: ${y.length} outputs against ${ref.length} reference values`);
  let d = 0;
  let m = 0;
  for (let i = 0; i < ref.length; i++) {
    d = Math.max(d, Math.abs(y[i]! - ref[i]!));
    m = Math.max(m, Math.abs(ref[i]!));
  }
  return d / m;
}
