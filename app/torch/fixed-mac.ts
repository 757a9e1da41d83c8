// The multiply-accumulate walkthrough of chapter 14: acc += a * b, once as plain int8
// with an int16 accumulator (C semantics: overflow wraps), once as Q7 with a Q8.7 int16
// accumulator (DSP semantics: shift the product back to Q7, saturate on overflow).
// Every intermediate is returned with its raw integer, real value and bits so a cell
// can `display(trace.steps)` as a table.
import { saturate, signedRange, twosComplement, wrap } from './fixed-int.ts';
import { Q7, q, type QFormat } from './fixed-format.ts';

export interface MacOperand {
  readonly raw: number;
  /** The raw integer read in `format` (for ints the same as raw). */
  readonly value: number;
  readonly bits: string;
  /** How the bits are read, e.g. 'int8', 'int16', 'Q7', 'Q1.14 (int16)'. */
  readonly format: string;
}

/** One row of the walkthrough table. */
export interface MacStep {
  readonly step: string;
  readonly value: number;
  readonly raw: number;
  readonly bits: string;
  readonly note: string;
}

export interface MacTrace {
  readonly kind: 'int' | 'fixed';
  readonly a: MacOperand;
  readonly b: MacOperand;
  /** The exact product in twice the input width. */
  readonly product: MacOperand;
  /** Right shift applied to the product: 0 for ints, n for Qm.n. */
  readonly shift: number;
  /** product >> shift, saturated to the input format (the product itself for ints). */
  readonly shifted: MacOperand;
  readonly productSaturated: boolean;
  readonly accBefore: MacOperand;
  readonly accAfter: MacOperand;
  /** accBefore.raw + shifted.raw with unlimited bits. */
  readonly exactSum: number;
  /** exactSum does not fit the accumulator. */
  readonly overflow: boolean;
  /** The accumulator kept the low bits (C integer overflow). */
  readonly wrapped: boolean;
  /** The accumulator was clamped to its largest/smallest value. */
  readonly saturated: boolean;
  readonly steps: readonly MacStep[];
}

export interface MacOptions {
  /** Default: 'wrap' for ints, 'saturate' for Q formats. */
  readonly onOverflow?: 'wrap' | 'saturate';
}

export interface FixedMacOptions extends MacOptions {
  /** Default Q7. Q31 is refused: its 64-bit product is not exact in a JS number. */
  readonly input?: QFormat;
  /** Default: the input's fraction bits in the next wider integer, e.g. Q8.7 on int16 for Q7. */
  readonly accumulator?: QFormat;
}

/** int8 × int8 added to an int16 accumulator. */
function int8(a: number, b: number, acc: number, options: MacOptions = {}): MacTrace {
  const opnd = (raw: number, width: number): MacOperand => ({ raw, value: raw, bits: twosComplement(raw, width), format: `int${width}` });
  for (const [name, v, w] of [
    ['a', a, 8],
    ['b', b, 8],
    ['acc', acc, 16],
  ] as const) {
    const { min, max } = signedRange(w);
    if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`mac.int8: ${name} = ${v} is not an int${w} in [${min}, ${max}]`);
  }
  const product = opnd(a * b, 16);
  return finish(
    'int',
    opnd(a, 8),
    opnd(b, 8),
    product,
    0,
    product,
    false,
    opnd(acc, 16),
    16,
    (raw) => opnd(raw, 16),
    options.onOverflow ?? 'wrap',
  );
}

/** Qm.n × Qm.n, shifted right by n, added to a wider accumulator. Arguments are real values. */
function fixedMac(a: number, b: number, acc: number, options: FixedMacOptions = {}): MacTrace {
  const input = options.input ?? Q7;
  if (input.width > 16) throw new RangeError(`mac.fixed: ${input.name} products need 64 bits; use Q7 or Q15 inputs`);
  const accFmt = options.accumulator ?? q(2 * input.width - 1 - input.n, input.n);
  if (accFmt.n !== input.n)
    throw new RangeError(`mac.fixed: accumulator ${accFmt.name} must have ${input.n} fraction bits like ${input.name}`);
  const opnd = (raw: number, f: QFormat): MacOperand => ({ raw, value: f.toFloat(raw), bits: f.bits(raw), format: f.name });
  const rawA = input.fromFloat(a);
  const rawB = input.fromFloat(b);
  const rawAcc = accFmt.fromFloat(acc);
  const pw = 2 * input.width;
  const pFrac = 2 * input.n;
  const pRaw = rawA * rawB;
  const product: MacOperand = {
    raw: pRaw,
    value: pRaw / 2 ** pFrac,
    bits: twosComplement(pRaw, pw),
    format: `Q${pw - 1 - pFrac}.${pFrac} (int${pw})`,
  };
  const exactShift = Math.floor(pRaw / 2 ** input.n);
  const shiftedRaw = saturate(exactShift, input.width);
  return finish(
    'fixed',
    opnd(rawA, input),
    opnd(rawB, input),
    product,
    input.n,
    opnd(shiftedRaw, input),
    shiftedRaw !== exactShift,
    opnd(rawAcc, accFmt),
    accFmt.width,
    (raw) => opnd(raw, accFmt),
    options.onOverflow ?? 'saturate',
  );
}

function finish(
  kind: 'int' | 'fixed',
  a: MacOperand,
  b: MacOperand,
  product: MacOperand,
  shift: number,
  shifted: MacOperand,
  productSaturated: boolean,
  accBefore: MacOperand,
  accWidth: number,
  accOperand: (raw: number) => MacOperand,
  onOverflow: 'wrap' | 'saturate',
): MacTrace {
  const exactSum = accBefore.raw + shifted.raw;
  const { min, max } = signedRange(accWidth);
  const overflow = exactSum < min || exactSum > max;
  const afterRaw = !overflow ? exactSum : onOverflow === 'wrap' ? wrap(exactSum, accWidth) : saturate(exactSum, accWidth);
  const accAfter = accOperand(afterRaw);
  const row = (step: string, o: MacOperand, note: string): MacStep => ({ step, value: o.value, raw: o.raw, bits: o.bits, note });
  const steps: MacStep[] = [row('A', a, a.format), row('B', b, b.format), row('accumulator before', accBefore, accBefore.format)];
  if (kind === 'int') {
    steps.push(row('A × B', product, `exact product in ${product.format}`));
  } else {
    const asInput = product.raw / 2 ** shift;
    steps.push(row('A × B', product, `${product.format}; the same bits read as ${a.format} would be ${asInput}`));
    steps.push(row(`>> ${shift}`, shifted, `arithmetic shift back to ${a.format}${productSaturated ? ' (saturated)' : ''}`));
  }
  const what = !overflow
    ? `${accBefore.raw} + ${shifted.raw} = ${exactSum}`
    : onOverflow === 'wrap'
      ? `overflow: ${exactSum} wrapped to ${afterRaw}`
      : `overflow: ${exactSum} saturated to ${afterRaw}`;
  steps.push(row('accumulator after', accAfter, what));
  return {
    kind,
    a,
    b,
    product,
    shift,
    shifted,
    productSaturated,
    accBefore,
    accAfter,
    exactSum,
    overflow,
    wrapped: overflow && onOverflow === 'wrap',
    saturated: overflow && onOverflow === 'saturate',
    steps,
  };
}

/** `mac.int8(a, b, acc)`, `mac.q7(a, b, acc)` (real values), `mac.fixed(a, b, acc, { input, accumulator })`. */
export const mac = Object.freeze({
  int8,
  q7: (a: number, b: number, acc: number, options: MacOptions = {}): MacTrace => fixedMac(a, b, acc, options),
  fixed: fixedMac,
});
