// The bit explorer as a static SVG (exports): the typed value, then each
// format's bits as boxes (sign / exponent / mantissa told apart by colour,
// border and a label), its exact value, the decoded formula and the error,
// from the same torch core the live figure uses. Plain TS.
import { FLOAT_FORMATS as FORMAT_INFO, floatBits } from '../torch/bits.ts';
import { fieldOf, formula, type Field } from './bit-text.ts';
import { FLOAT_FORMATS, type BitExplorerState } from './figure-state.ts';
import { exactDecimal } from './format.ts';
import { COLOURS, el, paragraph, svgDocument, text, type StaticSvg } from './svg-writer.ts';

const W = 720;
const X = 16;
const BOX = { w: 18, h: 24, gap: 1, fieldGap: 10 } as const;
const FIELD_STYLE: Readonly<Record<Field, { fill: string; stroke: string; dash?: string; width: number }>> = {
  sign: { fill: COLOURS.sign, stroke: COLOURS.signEdge, width: 2 },
  exponent: { fill: COLOURS.exp, stroke: COLOURS.expEdge, width: 1 },
  mantissa: { fill: COLOURS.mant, stroke: COLOURS.mantEdge, dash: '2 2', width: 1 },
};

export function bitExplorerSvg(s: BitExplorerState): StaticSvg {
  let y = 26;
  let body = text(X, y, 'Bit explorer', { size: 16, weight: 'bold' });
  y += 24;
  const typed = paragraph(
    X,
    y,
    `Value typed: ${s.text}  →  as float64: ${exactDecimal(s.typed)}${s.note === '' ? '' : ` (${s.note})`}`,
    W - 2 * X,
    { font: 'mono', size: 13 },
  );
  body += typed.svg;
  y = typed.bottom + 18;
  for (const format of FLOAT_FORMATS) {
    const f = FORMAT_INFO[format];
    const v = floatBits(s.values[format], format);
    body +=
      text(X, y, format, { size: 14, weight: 'bold' }) +
      text(X + 78, y, `1 sign + ${f.exponentBits} exponent + ${f.mantissaBits} mantissa bits, bias ${f.bias}`, {
        size: 12,
        fill: COLOURS.muted,
      });
    y += 18;
    let x = X;
    const labels: [Field, number][] = [];
    for (let position = 0; position < f.width; position++) {
      const field = fieldOf(position, f.exponentBits);
      if (position > 0 && field !== fieldOf(position - 1, f.exponentBits)) x += BOX.fieldGap;
      if (position === 0 || field !== fieldOf(position - 1, f.exponentBits)) labels.push([field, x]);
      const style = FIELD_STYLE[field];
      const on = v.bits[position] === '1';
      body += el('rect', {
        x,
        y: y + 14,
        width: BOX.w,
        height: BOX.h,
        rx: 3,
        fill: style.fill,
        stroke: style.stroke,
        'stroke-width': style.width,
        'stroke-dasharray': style.dash,
      });
      if (field === 'exponent')
        body += el('line', {
          x1: x + 1,
          x2: x + BOX.w - 1,
          y1: y + 14 + BOX.h - 2,
          y2: y + 14 + BOX.h - 2,
          stroke: style.stroke,
          'stroke-width': 3,
        });
      body += text(x + BOX.w / 2, y + 14 + 17, on ? '1' : '0', {
        font: 'mono',
        size: 13,
        anchor: 'middle',
        fill: on ? COLOURS.fg : COLOURS.muted,
        ...(on && { weight: 'bold' }),
      });
      x += BOX.w + BOX.gap;
    }
    for (const [field, at] of labels) {
      const label = field === 'sign' ? 'S' : field === 'exponent' ? `exponent (${f.exponentBits})` : `mantissa (${f.mantissaBits})`;
      body += text(at, y + 10, label, { size: 11, fill: COLOURS.muted });
    }
    y += 14 + BOX.h + 20;
    const edited = s.edited.includes(format);
    const fromTyped = floatBits(s.typed, format);
    const error = edited
      ? 'changed by bit flips'
      : Number.isNaN(fromTyped.error)
        ? '— (not a finite number)'
        : exactDecimal(fromTyped.error);
    const facts: [string, string][] = [
      ['value', `${exactDecimal(v.value)} (${v.kind})`],
      ['decoded', formula(v)],
      ['error vs typed', error],
    ];
    for (const [name, value] of facts) {
      body += text(X, y, name, { size: 12, fill: COLOURS.muted });
      const p = paragraph(X + 104, y, value, W - X - 104 - X, { font: 'mono', size: 12 });
      body += p.svg;
      y = p.bottom + 14;
    }
    y += 12;
  }
  const alt = `Bit explorer for ${s.text}: ${FLOAT_FORMATS.map((f) => `${f} ${floatBits(s.values[f], f).bits} = ${exactDecimal(s.values[f])}`).join('; ')}`;
  return { svg: svgDocument(W, y, alt, body), alt };
}
