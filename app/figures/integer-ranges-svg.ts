// The integer-ranges figure as a static SVG (exports): each dtype's bar on the
// same symmetric-log axis as the live Plot chart, the typed number as a red
// line, then the exact bounds and "holds it?" as a table. Plain TS.
import type { IntegerRangesState } from './figure-state.ts';
import { RANGES, TICKS, X_DOMAIN, holdersOf, symlog, tickText } from './integer-ranges.ts';
import { COLOURS, el, svgDocument, table, text, type StaticSvg } from './svg-writer.ts';

const W = 720;
const LEFT = 70;
const RIGHT = 20;
const ROW = 40;

const x = (v: number): number =>
  LEFT + ((symlog(v) - symlog(X_DOMAIN[0])) / (symlog(X_DOMAIN[1]) - symlog(X_DOMAIN[0]))) * (W - LEFT - RIGHT);

export function integerRangesSvg(s: IntegerRangesState): StaticSvg {
  const held = holdersOf(s.text);
  let body = text(16, 22, 'Integer ranges (torch.iinfo) on a symmetric log axis', { size: 15, weight: 'bold' });
  const top = 40;
  const bottom = top + RANGES.length * ROW;
  for (const t of TICKS) {
    body += el('line', { x1: x(t), x2: x(t), y1: top, y2: bottom, stroke: COLOURS.border });
    body += text(x(t), bottom + 16, tickText(t), { size: 11, fill: COLOURS.muted, anchor: 'middle' });
  }
  body += el('line', { x1: x(0), x2: x(0), y1: top, y2: bottom, stroke: COLOURS.muted });
  RANGES.forEach((r, i) => {
    const y = top + i * ROW + ROW / 2;
    const [lo, hi] = [x(Number(r.min)), x(Number(r.max))];
    body += text(LEFT - 8, y + 4, r.dtype, { size: 12, anchor: 'end' });
    body += el('rect', { x: lo, y: y - 9, width: Math.max(1, hi - lo), height: 18, fill: COLOURS.accent, 'fill-opacity': 0.75 });
    body +=
      text(lo, y + 22, String(r.min), { size: 10, font: 'mono', fill: COLOURS.fg }) +
      text(hi, y - 12, String(r.max), { size: 10, font: 'mono', anchor: 'end' });
  });
  body += text((LEFT + W - RIGHT) / 2, bottom + 32, 'value (symmetric log scale)', { size: 11, fill: COLOURS.muted, anchor: 'middle' });
  if (held !== null) {
    const at = x(Number(held.value));
    body +=
      el('line', { x1: at, x2: at, y1: top - 4, y2: bottom, stroke: COLOURS.error, 'stroke-width': 2 }) +
      text(at, top - 8, String(held.value), { size: 11, font: 'mono', fill: COLOURS.error, anchor: 'middle' });
  }
  const columns = [
    { head: 'dtype', width: 80 },
    { head: 'bits', width: 50, align: 'end' as const },
    { head: 'min', width: 200, font: 'mono' as const, align: 'end' as const },
    { head: 'max', width: 200, font: 'mono' as const, align: 'end' as const },
    ...(held === null ? [] : [{ head: `holds ${String(held.value)}?`, width: 150 }]),
  ];
  const rows = RANGES.map((r) => [
    r.dtype,
    String(r.bits),
    String(r.min),
    String(r.max),
    ...(held === null ? [] : [held.holders.includes(r.dtype) ? 'yes' : 'no']),
  ]);
  const t = table(16, bottom + 48, columns, rows);
  const summary =
    held === null
      ? `“${s.text}” is not a whole number.`
      : held.holders.length === 0
        ? `${String(held.value)} fits none of these dtypes.`
        : `${String(held.value)} fits in ${held.holders.join(', ')}.`;
  body += t.svg + text(16, t.bottom + 22, summary, { size: 13 });
  return { svg: svgDocument(W, t.bottom + 36, `Integer ranges: ${summary}`, body), alt: `Integer ranges of uint8 to int64: ${summary}` };
}
