// The dynamic-range figure as a static SVG (exports): channel c's histogram
// (48 bins over [-4, 4], as the live Plot chart) under the int8 levels per
// tensor and per channel, the error table, and SNR against the outlier value,
// all from the same seeded tensor and quant core as the live figure. Plain TS.
import { pyFloatRepr } from '../torch/pystr.ts';
import { CHANNELS, PER_CHANNEL, levelsOf, measure, seededTensor, sweep, withOutlier, type Measured } from './dynamic.ts';
import type { DynamicState } from './figure-state.ts';
import { approx, dB } from './format.ts';
import { COLOURS, el, svgDocument, table, text, type StaticSvg } from './svg-writer.ts';

const W = 760;
const X_DOMAIN = [-4, 4] as const;
const BINS = 48;
const SWEEP = [1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100];
const NAMES = { tensor: 'per tensor', channel: 'per channel' } as const;

function histogram(values: Float32Array, m: Measured, c: number, x0: number, y0: number, title: string): string {
  const [w, h] = [340, 150];
  const counts = new Array<number>(BINS).fill(0);
  for (const v of values)
    if (v >= X_DOMAIN[0] && v <= X_DOMAIN[1])
      counts[Math.min(BINS - 1, Math.floor(((v - X_DOMAIN[0]) / (X_DOMAIN[1] - X_DOMAIN[0])) * BINS))]!++;
  const top = Math.max(1, ...counts);
  const px = (v: number) => x0 + ((v - X_DOMAIN[0]) / (X_DOMAIN[1] - X_DOMAIN[0])) * w;
  const levels = Array.from(levelsOf(m, c)).filter((v) => v >= X_DOMAIN[0] && v <= X_DOMAIN[1]);
  let svg = text(x0, y0 - 8, title, { size: 12, weight: 'bold' });
  for (const v of levels)
    svg += el('line', { x1: px(v), x2: px(v), y1: y0, y2: y0 + h, stroke: COLOURS.tensor, 'stroke-opacity': 0.4, 'stroke-width': 0.8 });
  counts.forEach((n, i) => {
    const bh = (n / top) * (h - 10);
    svg += el('rect', {
      x: x0 + (i * w) / BINS + 0.5,
      y: y0 + h - bh,
      width: w / BINS - 1,
      height: bh,
      fill: COLOURS.accent,
      'fill-opacity': 0.75,
    });
  });
  svg += el('line', { x1: x0, x2: x0 + w, y1: y0 + h, y2: y0 + h, stroke: COLOURS.fg });
  for (const t of [-4, -2, 0, 2, 4]) svg += text(px(t), y0 + h + 14, String(t), { size: 10, fill: COLOURS.muted, anchor: 'middle' });
  return svg + text(x0 + 4, y0 + 12, `${levels.length} of 256 levels in view`, { size: 10, font: 'mono' });
}

export function dynamicRangeSvg(s: DynamicState): StaticSvg {
  const base = seededTensor(s.seed);
  const data = withOutlier(base, s.outlier);
  const tensor = measure(data, 'tensor', s.symmetric);
  const channel = measure(data, 'channel', s.symmetric);
  const values = data.subarray(s.channel * PER_CHANNEL, (s.channel + 1) * PER_CHANNEL);
  let body = text(
    16,
    22,
    `Dynamic range costs precision: torch.manual_seed(${s.seed}); torch.randn(4, 256), outlier ${s.outlier} at [0, 0]`,
    { size: 14, weight: 'bold' },
  );
  body += text(
    16,
    40,
    `int8, ${s.symmetric ? 'symmetric (z = 0)' : 'asymmetric (min/max)'}; histogram of channel ${s.channel}${s.channel === 0 ? ' (has the outlier)' : ''}; vertical lines: the values int8 gives back`,
    { size: 11, fill: COLOURS.muted },
  );
  body += histogram(values, tensor, s.channel, 16, 70, `Per tensor: one scale for all ${CHANNELS * PER_CHANNEL} values`);
  body += histogram(values, channel, s.channel, 400, 70, `Per channel: channel ${s.channel} has its own scale`);
  const row = (m: Measured) => [
    NAMES[m.scheme],
    Array.from(m.params.scales, (x) => approx(x)).join(', '),
    approx(m.all.mse),
    dB(m.all.snrDb),
    approx(m.ordinary.mse),
    dB(m.ordinary.snrDb),
    approx(m.all.maxAbsError),
  ];
  const t = table(
    16,
    264,
    [
      { head: 'scheme', width: 90 },
      { head: 'scale(s)', width: 170, font: 'mono' },
      { head: 'MSE, all', width: 80, font: 'mono', align: 'end' },
      { head: 'SNR, all', width: 80, font: 'mono', align: 'end' },
      { head: 'MSE w/o outlier', width: 100, font: 'mono', align: 'end' },
      { head: 'SNR w/o outlier', width: 100, font: 'mono', align: 'end' },
      { head: 'max |error|', width: 90, font: 'mono', align: 'end' },
    ],
    [row(tensor), row(channel)],
    { size: 11 },
  );
  body +=
    text(16, 256, `int8 round-trip error with the outlier at ${s.outlier} (rounded to 4 digits)`, { size: 12, weight: 'bold' }) + t.svg;
  // SNR (dB) against the outlier value, log x; dashed: all values, solid: without the outlier.
  const points = sweep(base, SWEEP, s.symmetric);
  const [x0, y0, w, h] = [60, t.bottom + 30, 460, 150];
  const snrs = points.flatMap((p) => [p.snrDb, p.ordinarySnrDb]).filter(Number.isFinite);
  const [lo, hi] = [Math.floor(Math.min(...snrs) / 10) * 10, Math.ceil(Math.max(...snrs) / 10) * 10];
  const px = (o: number) => x0 + (Math.log(o) / Math.log(100)) * w;
  const py = (v: number) => y0 + h - ((v - lo) / (hi - lo || 1)) * h;
  body += text(16, y0 - 10, 'SNR (dB) against the outlier value (log scale)', { size: 12, weight: 'bold' });
  for (let v = lo; v <= hi; v += 10)
    body +=
      el('line', { x1: x0, x2: x0 + w, y1: py(v), y2: py(v), stroke: COLOURS.border }) +
      text(x0 - 6, py(v) + 4, String(v), { size: 10, fill: COLOURS.muted, anchor: 'end' });
  for (const o of [1, 10, 100]) body += text(px(o), y0 + h + 14, String(o), { size: 10, fill: COLOURS.muted, anchor: 'middle' });
  body += el('line', { x1: px(s.outlier), x2: px(s.outlier), y1: y0, y2: y0 + h, stroke: COLOURS.error });
  for (const scheme of ['tensor', 'channel'] as const) {
    for (const all of [true, false]) {
      const pts = points
        .filter((p) => p.scheme === scheme)
        .map((p) => [p.outlier, all ? p.snrDb : p.ordinarySnrDb] as const)
        .filter(([, v]) => Number.isFinite(v));
      const colour = scheme === 'tensor' ? COLOURS.tensor : COLOURS.channel;
      body += el('polyline', {
        points: pts.map(([o, v]) => `${Math.round(px(o) * 10) / 10},${Math.round(py(v) * 10) / 10}`).join(' '),
        fill: 'none',
        stroke: colour,
        'stroke-width': 2,
        'stroke-dasharray': all ? '6 4' : undefined,
      });
      const end = pts.at(-1);
      if (end !== undefined)
        body += text(px(end[0]) + 8, py(end[1]) + 4, `${NAMES[scheme]}, ${all ? 'all values' : 'without the outlier'}`, {
          size: 10,
          font: 'mono',
        });
    }
  }
  const alt = `Dynamic range, outlier ${s.outlier}: SNR per tensor ${dB(tensor.all.snrDb)}, per channel ${dB(channel.all.snrDb)}; without the outlier itself ${dB(tensor.ordinary.snrDb)} vs ${dB(channel.ordinary.snrDb)}; per-tensor scale ${pyFloatRepr(tensor.params.scales[0]!)}`;
  return { svg: svgDocument(W, y0 + h + 28, alt, body), alt };
}
