// Observable Plot specs for a weight's histogram before/after a format, with the format's
// grid as thin rules. Main thread (our own code, not student code); Plot loads lazily.
import type * as PlotModule from '@observablehq/plot';
import type { HistogramReport } from './protocol.ts';

export interface Bin {
  readonly x1: number;
  readonly x2: number;
  readonly before: number;
  readonly after: number;
}

export function binsOf(r: HistogramReport): Bin[] {
  return r.before.map((before, i) => ({ x1: r.edges[i]!, x2: r.edges[i + 1]!, before, after: r.after[i] ?? 0 }));
}

export function histogramPlot(
  Plot: typeof PlotModule,
  r: HistogramReport,
  which: 'before' | 'after',
  width: number,
): HTMLElement | SVGSVGElement {
  const bins = binsOf(r);
  const top = Math.max(1, ...bins.map((b) => Math.max(b.before, b.after)));
  // A coarse grid (few levels) is drawn full height; a dense one as short ticks along the axis.
  const grid =
    r.grid.length <= 48
      ? Plot.ruleX(r.grid, { className: 'lab-plot-grid' })
      : Plot.ruleX(r.grid, { y1: 0, y2: top / 100, className: 'lab-plot-grid' });
  const title = which === 'before' ? `${r.tensor}: float32` : `${r.tensor}: ${r.format}`;
  return Plot.plot({
    width,
    height: 200,
    marginLeft: 50,
    marginBottom: 36,
    title,
    ariaLabel: `${title} weight histogram`,
    x: { label: 'weight value', labelAnchor: 'center', labelArrow: 'none' },
    y: { type: 'sqrt', label: 'count (√ scale)', grid: true, labelArrow: 'none' },
    marks: [
      grid,
      Plot.rectY(bins, { x1: 'x1', x2: 'x2', y: which, inset: 0.3, className: which === 'before' ? 'lab-plot-before' : 'lab-plot-after' }),
      Plot.ruleY([0]),
    ],
  });
}
