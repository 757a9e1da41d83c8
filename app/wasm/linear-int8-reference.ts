// The plain JS reference of a dynamic-int8 Linear (Node tests, the e2e page, the bench's checks):
// DynamicQuantizeLinear (dynamic-quantize.ts), MatMulInteger as a triple loop in int32
// (Σ (x_q − x_zp) · w_q, exact: |Σ| < 2^31 for K < 2^31 / (255 · 128)), then ONNX Runtime's float
// steps: float(acc) · (x_scale · w_scale), + b, each rounded to float32.
import { dynamicQuantizeLinear } from './dynamic-quantize.ts';

/** MatMulInteger(x_q, w_q, x_zp, 0) [M, N] for x_q [M, K] (uint8) and w_q [K, N] (int8). */
export function matMulInteger(xq: Uint8Array, zeroPoint: number, wq: Int8Array, M: number, K: number, N: number): Int32Array {
  const acc = new Int32Array(M * N);
  const row = new Int32Array(N);
  for (let m = 0; m < M; m++) {
    row.fill(0);
    for (let k = 0; k < K; k++) {
      const a = xq[m * K + k]! - zeroPoint;
      if (a === 0) continue;
      const w = k * N;
      for (let n = 0; n < N; n++) row[n] = row[n]! + a * wq[w + n]!;
    }
    acc.set(row, m * N);
  }
  return acc;
}

/** y [M, N] for x [M, K], w_q [K, N] with scales (1 per tensor or N per channel), bias [N] or null. */
export function dynamicInt8Reference(
  x: Float32Array,
  wq: Int8Array,
  wScales: Float32Array,
  bias: Float32Array | null,
  M: number,
  K: number,
  N: number,
): Float32Array {
  const { q, scale, zeroPoint } = dynamicQuantizeLinear(x);
  const acc = matMulInteger(q, zeroPoint, wq, M, K, N);
  const y = new Float32Array(M * N);
  for (let m = 0; m < M; m++)
    for (let n = 0; n < N; n++) {
      const s = Math.fround(scale * wScales[wScales.length === 1 ? 0 : n]!);
      const v = Math.fround(Math.fround(acc[m * N + n]!) * s);
      y[m * N + n] = bias === null ? v : v + bias[n]!;
    }
  return y;
}
