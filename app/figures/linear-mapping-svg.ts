// The linear-mapping figure (chapter Fig. 14.1) as a static SVG (exports):
// the same drawing as LinearMappingSvg.tsx (shared geometry in linear.ts),
// its colours written out, then the scale, zero point and the chosen r's
// q and r′. Plain TS.
import { pyFloatRepr as f } from '../torch/pystr.ts';
import type { LinearState } from './figure-state.ts';
import { LINEAR_GEOMETRY as G, R_TICKS, levels, mapPoint, mapping, qToX, qTicks, rToX as rx } from './linear.ts';
import { COLOURS, el, svgDocument, text, type StaticSvg } from './svg-writer.ts';

const TOP = 34;

export function linearMappingSvg(s: LinearState): StaticSvg {
  const m = mapping(s.rmin, s.rmax, s.bits, s.signed);
  const grid = levels(m);
  const point = mapPoint(s.r, m, grid);
  const qx = (q: number) => qToX(q, m);
  const yR = TOP + G.yR;
  const yQ = TOP + G.yQ;
  const line = (x1: number, y1: number, x2: number, y2: number, stroke: string, more: Readonly<Record<string, string | number>> = {}) =>
    el('line', { x1, y1, x2, y2, stroke, ...more });
  const label = (x: number, y: number, t: string, anchor: 'start' | 'middle' | 'end' = 'middle') => text(x, y, t, { size: 12, anchor });
  let body = text(
    16,
    22,
    `Linear quantization: [${f(s.rmin)}, ${f(s.rmax)}] → ${m.target} [${m.qmin}, ${m.qmax}] (${s.bits} bits, ${s.signed ? 'signed' : 'unsigned'})`,
    { size: 15, weight: 'bold' },
  );
  body += el('rect', {
    x: rx(Math.min(s.rmin, 0)),
    y: yR - 9,
    width: rx(Math.max(s.rmax, 0)) - rx(Math.min(s.rmin, 0)),
    height: 18,
    fill: COLOURS.accent,
    'fill-opacity': 0.12,
  });
  body +=
    line(G.margin, yR, G.width - G.margin, yR, COLOURS.fg, { 'stroke-width': 1.5 }) +
    text(4, yR + 4, 'r', { size: 15, weight: 'bold', italic: true });
  for (const t of R_TICKS)
    body +=
      line(rx(t), yR, rx(t), yR + 5, COLOURS.muted) + text(rx(t), yR + 17, String(t), { size: 11, fill: COLOURS.muted, anchor: 'middle' });
  for (const v of grid) body += line(rx(v), yR - 6, rx(v), yR, COLOURS.tensor);
  body += label(rx(s.rmin), yR - 14, 'rmin', 'end') + label(rx(s.rmax), yR - 14, 'rmax', 'start');
  body +=
    line(G.margin, yQ, G.width - G.margin, yQ, COLOURS.fg, { 'stroke-width': 1.5 }) +
    text(4, yQ + 4, 'q', { size: 15, weight: 'bold', italic: true });
  for (const { q, labelled } of qTicks(m)) {
    body += line(qx(q), yQ, qx(q), yQ + 5, COLOURS.muted);
    if (labelled) body += text(qx(q), yQ + 17, String(q), { size: 11, fill: COLOURS.muted, anchor: 'middle' });
  }
  const dashed = { 'stroke-dasharray': '4 3' };
  body +=
    line(rx(grid[0]!), yR, qx(m.qmin), yQ, COLOURS.muted, dashed) +
    line(rx(grid[grid.length - 1]!), yR, qx(m.qmax), yQ, COLOURS.muted, dashed);
  body +=
    line(rx(0), yR, qx(m.zeroPoint), yQ, COLOURS.accent, { ...dashed, 'stroke-width': 1.5 }) +
    label(qx(m.zeroPoint), yQ + 32, `z = ${m.zeroPoint}`);
  body += line(rx(s.r), yR, qx(point.q), yQ, COLOURS.error, { 'stroke-width': 1.5 });
  body += line(rx(s.r), yR + 24, rx(point.dequantized), yR + 24, COLOURS.error, { 'stroke-width': 3 });
  body += el('path', { d: `M${rx(point.dequantized)} ${yR - 7}l6 7l-6 7l-6 -7z`, fill: COLOURS.ok, stroke: COLOURS.bg });
  body += el('circle', { cx: rx(s.r), cy: yR, r: 7, fill: COLOURS.error, stroke: COLOURS.bg, 'stroke-width': 2 });
  body += el('circle', { cx: qx(point.q), cy: yQ, r: 5, fill: COLOURS.error, stroke: COLOURS.bg, 'stroke-width': 2 });
  body += label(qx(point.q), yQ - 12, `q = ${point.q}`);
  const facts: [string, string][] = [
    ['scale s', f(m.scale)],
    ['zero point z', String(m.zeroPoint)],
    ['r', f(s.r)],
    ['q', `${point.q}${point.clamped ? ` (clamped to ${point.q === m.qmin ? 'qmin' : 'qmax'})` : ''}`],
    ['r′ = s (q − z)', f(point.dequantized)],
    ['|r − r′|', f(point.error)],
  ];
  let y = TOP + G.height + 18;
  for (const [name, value] of facts) {
    body += text(16, y, name, { size: 12, fill: COLOURS.muted }) + text(130, y, value, { size: 13, font: 'mono' });
    y += 19;
  }
  const alt = `Linear mapping: s = ${f(m.scale)}, z = ${m.zeroPoint}; r = ${f(s.r)} → q = ${point.q} → r′ = ${f(point.dequantized)}, error ${f(point.error)}${point.clamped ? ' (clamped)' : ''}`;
  return { svg: svgDocument(G.width, y, alt, body), alt };
}
