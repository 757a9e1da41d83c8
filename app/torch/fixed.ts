/**
 * Fixed-point Q formats, as CMSIS-DSP uses them (chapter 14, "Fixed Point Types").
 *
 * A Qm.n number is a two's-complement integer ("raw") of 1 + m + n bits whose value is
 * raw / 2^n. CMSIS's Q7, Q15 and Q31 are Q0.7 on int8, Q0.15 on int16 and Q0.31 on int32.
 *
 *   fixed.Q7.fromFloat(-0.390625)   // -50            (round to nearest, saturate)
 *   fixed.Q7.toFloat(-50)           // -0.390625
 *   fixed.Q7.bits(-50)              // '11001110'
 *   fixed.Q15.add(a, b)             // wraps like C integer addition
 *   fixed.Q15.addSat(a, b)          // saturates like CMSIS __QADD16
 *   fixed.Q7.mul(a, b)              // (a * b) >> 7, saturated: CMSIS arm_mult_q7
 *   fixed.Q7.mulFull(a, b)          // the full 16-bit product before the shift
 *   fixed.q(8, 7)                   // Q8.7 on int16, e.g. a wider Q7 accumulator
 *   fixed.bits(-1000, 16)           // '11111100 00001000' (any integer, any width)
 *   fixed.mac.int8(-50, 30, 500)    // every step of one multiply-accumulate, int8/int16
 *   fixed.mac.q7(-0.390625, 0.234375, 3.90625)  // the same bits read as Q7 / Q8.7
 *
 * Every format method takes and returns raw integers as plain numbers, except fromFloat
 * (real in) and toFloat (real out). Shifts are arithmetic (floor), as `>>` on signed C ints.
 */
import { fromTwosComplement, groupBits, saturate, twosComplement, wrap } from './fixed-int.ts';
import { Q15, Q31, Q7, q } from './fixed-format.ts';
import { mac } from './fixed-mac.ts';

export type { QFormat } from './fixed-format.ts';
export { Q7, q, roundHalfEven } from './fixed-format.ts';
export type { MacTrace } from './fixed-mac.ts';
export { mac } from './fixed-mac.ts';
export { fromTwosComplement, groupBits, saturate, twosComplement, wrap } from './fixed-int.ts';

/** The object students use in cells. */
export const fixed = Object.freeze({
  Q7,
  Q15,
  Q31,
  q,
  mac,
  /** Two's-complement bits of any integer: `fixed.bits(-1500, 16)`. */
  bits: twosComplement,
  /** Bit string back to a signed integer: `fixed.fromBits('11110100')` → -12. */
  fromBits: fromTwosComplement,
  groupBits,
  saturate,
  wrap,
});
