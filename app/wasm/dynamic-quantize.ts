// ONNX's DynamicQuantizeLinear (uint8, one scale and zero point for the whole tensor, every run) as
// ONNX Runtime's CPU kernel computes it (runs in any thread; plain JS, float32 arithmetic through
// Math.fround, so every engine gives the same bits):
//   min = min(0, min x), max = max(0, max x)                  (the range always holds 0)
//   scale = max == min ? 1 : (max − min) / 255               (all-zero input: scale 1, zero point 0;
//                                                              the ONNX spec's formula would divide by 0)
//   zero_point = round_half_even(clamp(0 − min / scale, 0, 255))
//   x_q = clamp(round_half_even(x / scale) + zero_point, 0, 255)
// ORT: GetQuantizationParameter (core/providers/cpu/quantization) and MlasQuantizeLinear (a float32
// division, nearbyint). Non-finite inputs are refused: ORT's result for them is not defined.

/** An activation's quantization parameters for one run. */
export interface DynamicQParams {
  readonly scale: number;
  readonly zeroPoint: number;
}

/** 2^52 + 2^51: adding and subtracting it rounds any |t| < 2^51 to an integer, ties to even. */
const ROUND_MAGIC = 6755399441055744;
const roundHalfEven = (t: number): number => t + ROUND_MAGIC - ROUND_MAGIC;

/** scale and zero point of x (float32 values); `where` names the tensor in the error for a non-finite value. */
export function dynamicQParams(x: Float32Array, where: string): DynamicQParams {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v < lo) lo = v;
    else if (v > hi) hi = v;
    else if (v !== v) throw new Error(`${where}: the input has NaN at element ${i}; dynamic quantization needs finite values`);
  }
  if (lo === -Infinity || hi === Infinity)
    throw new Error(`${where}: the input has ${lo === -Infinity ? '-Infinity' : 'Infinity'}; dynamic quantization needs finite values`);
  return qparamsOfRange(lo, hi);
}

/** scale and zero point for the range [lo, hi] (lo ≤ 0 ≤ hi, finite float32 values): ORT's GetQuantizationParameter. */
export function qparamsOfRange(lo: number, hi: number): DynamicQParams {
  if (lo === hi) return { scale: 1, zeroPoint: 0 };
  const scale = Math.fround(Math.fround(hi - lo) / 255);
  const initial = Math.fround(0 - Math.fround(lo / scale));
  return { scale, zeroPoint: roundHalfEven(Math.min(255, Math.max(0, initial))) };
}

/** x_q of x[from, to) into out[at, …): `shift` (0 or 128) is subtracted from each byte written (128: the s8 form x_q − 128). */
export function quantizeRow(
  x: Float32Array,
  from: number,
  to: number,
  { scale, zeroPoint }: DynamicQParams,
  out: Uint8Array,
  at: number,
  shift: 0 | 128,
): number {
  let sum = 0;
  for (let i = from, j = at; i < to; i++, j++) {
    // |x / scale| ≤ 255 for x in the range (a clamp first keeps the rounding trick in its domain)
    const t = Math.min(512, Math.max(-512, Math.fround(x[i]! / scale)));
    const q = Math.min(255, Math.max(0, roundHalfEven(t) + zeroPoint));
    out[j] = (q - shift) & 0xff;
    sum += q - shift;
  }
  return sum;
}

/** The whole of x quantized (DynamicQuantizeLinear's three outputs), for tests and references. */
export function dynamicQuantizeLinear(x: Float32Array, where = 'DynamicQuantizeLinear'): DynamicQParams & { readonly q: Uint8Array } {
  const params = dynamicQParams(x, where);
  const q = new Uint8Array(x.length);
  quantizeRow(x, 0, x.length, params, q, 0, 0);
  return { ...params, q };
}
