// The MAC walkthrough as a static SVG (exports): the inputs, then both paths'
// step tables (bits, integer, value, note; the overflowing step shaded) and
// their overflow notes, from the same fixed.mac traces as the live figure. Plain TS.
import type { MacTrace } from '../torch/fixed.ts';
import type { MacState } from './figure-state.ts';
import { exactDecimal } from './format.ts';
import { Q8_7, macPaths, noOverflowText, overflowNotes } from './mac.ts';
import { COLOURS, paragraph, svgDocument, table, text, type StaticSvg } from './svg-writer.ts';

const W = 760;
const X = 16;
const COLUMNS = [
  { head: 'step', width: 150 },
  { head: 'bits', width: 150, font: 'mono' as const },
  { head: 'integer', width: 70, font: 'mono' as const, align: 'end' as const },
  { head: 'value', width: 130, font: 'mono' as const, align: 'end' as const },
  { head: 'note', width: W - 2 * X - 500 },
];

function path(trace: MacTrace, other: MacTrace, title: string, y: number): { svg: string; bottom: number } {
  let svg = text(X, y, title, { size: 13, weight: 'bold' });
  const last = trace.steps.length - 1;
  const t = table(
    X,
    y + 8,
    COLUMNS,
    trace.steps.map((s) => [s.step, s.bits, String(s.raw), exactDecimal(s.value), s.note]),
    {
      size: 11,
      shade: trace.steps.map((_, i) => i === last && trace.overflow),
    },
  );
  svg += t.svg;
  let bottom = t.bottom + 18;
  const notes = overflowNotes(trace, other);
  for (const n of notes.length === 0 ? [noOverflowText(trace)] : notes.map((n) => `⚠ ${n}`)) {
    const p = paragraph(X, bottom, n, W - 2 * X, { size: 12, fill: notes.length === 0 ? COLOURS.ok : COLOURS.warn });
    svg += p.svg;
    bottom = p.bottom + 16;
  }
  return { svg, bottom };
}

export function macSvg(s: MacState): StaticSvg {
  const p = macPaths(s.a, s.b, s.acc);
  let body = text(X, 22, 'Multiply-accumulate, int8 vs Q7', { size: 15, weight: 'bold' });
  body += text(
    X,
    44,
    `A = ${s.a}, B = ${s.b} (int8), accumulator = ${s.acc} (int16) · as Q7: A = ${exactDecimal(p.q7.a.value)}, B = ${exactDecimal(p.q7.b.value)}, acc = ${exactDecimal(Q8_7.toFloat(s.acc))}`,
    { size: 12, font: 'mono' },
  );
  const a = path(p.int, p.intOther, 'int8 × int8 → int16 accumulator', 72);
  const b = path(p.q7, p.q7Other, 'Q7 × Q7 → >> 7 → Q8.7 accumulator', a.bottom + 12);
  body += a.svg + b.svg;
  const alt =
    `MAC walkthrough for A = ${s.a}, B = ${s.b}, accumulator ${s.acc}: int8 path → ${p.int.accAfter.raw}${p.int.wrapped ? ' (wrapped)' : ''}; ` +
    `Q7 path → ${exactDecimal(p.q7.accAfter.value)}${p.q7.saturated ? ' (saturated)' : ''}`;
  return { svg: svgDocument(W, b.bottom + 4, alt, body), alt };
}
