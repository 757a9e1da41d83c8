// The MAC walkthrough's traces and what its notes say, from fixed.mac: the int8 path
// (int16 accumulator, overflow wraps) and the Q7 path (Q8.7 accumulator, saturates),
// each with the other overflow rule for comparison. Plain TS (the figure and its static SVG).
import { Q7, mac, q, type MacTrace } from '../torch/fixed.ts';
import { exactDecimal } from './format.ts';

export const Q8_7 = q(8, 7);

export interface MacPaths {
  readonly int: MacTrace;
  readonly intOther: MacTrace;
  readonly q7: MacTrace;
  readonly q7Other: MacTrace;
}

/** `a`, `b` raw int8, `acc` raw int16. */
export function macPaths(a: number, b: number, acc: number): MacPaths {
  const [fa, fb, facc] = [Q7.toFloat(a), Q7.toFloat(b), Q8_7.toFloat(acc)];
  return {
    int: mac.int8(a, b, acc),
    intOther: mac.int8(a, b, acc, { onOverflow: 'saturate' }),
    q7: mac.q7(fa, fb, facc),
    q7Other: mac.q7(fa, fb, facc, { onOverflow: 'wrap' }),
  };
}

/** The warnings under a path's table (saturated product, wrap, saturation); empty when nothing overflowed. */
export function overflowNotes(trace: MacTrace, other: MacTrace): string[] {
  const notes: string[] = [];
  if (trace.productSaturated) {
    notes.push(
      `The shifted product does not fit ${trace.a.format}: it saturates to ${trace.shifted.raw} (${exactDecimal(trace.shifted.value)}).`,
    );
  }
  if (trace.wrapped) {
    notes.push(
      `Overflow: ${trace.exactSum} does not fit ${trace.accBefore.format}. The low bits are kept (wrap-around): ${trace.accAfter.raw}. ` +
        `A saturating add would give ${other.accAfter.raw}.`,
    );
  }
  if (trace.saturated) {
    notes.push(
      `Saturation: ${trace.exactSum} does not fit ${trace.accBefore.format}, so it is clamped to ${trace.accAfter.raw} ` +
        `(${exactDecimal(trace.accAfter.value)}). Wrapping would give ${other.accAfter.raw} (${exactDecimal(other.accAfter.value)}).`,
    );
  }
  return notes;
}

export const noOverflowText = (trace: MacTrace): string => `No overflow: the exact sum ${trace.exactSum} fits ${trace.accBefore.format}.`;
