// Observable Plot specs for the dynamic-range figure (colours come from figures.css classes).
import * as Plot from '@observablehq/plot';
import { type Measured, OUTLIER_INDEX, PER_CHANNEL, type SweepPoint, levelsOf } from './dynamic.ts';

const X_DOMAIN: [number, number] = [-4, 4];

/** Channel `c`'s values, binned, over the int8 levels its scheme gives it. */
export function histogramPlot(data: Float32Array, c: number, m: Measured, outlier: number): Plot.PlotOptions {
  const values = Array.from(data.subarray(c * PER_CHANNEL, (c + 1) * PER_CHANNEL));
  const levels = Array.from(levelsOf(m, c)).filter((v) => v >= X_DOMAIN[0] && v <= X_DOMAIN[1]);
  const offChart = c * PER_CHANNEL <= OUTLIER_INDEX && OUTLIER_INDEX < (c + 1) * PER_CHANNEL && outlier > X_DOMAIN[1];
  return {
    width: 360,
    height: 220,
    marginLeft: 40,
    marginBottom: 36,
    x: { domain: X_DOMAIN, label: 'value', labelAnchor: 'center', labelArrow: 'none' },
    y: { label: 'count', grid: true, labelArrow: 'none' },
    marks: [
      Plot.ruleX(levels, { className: 'qfig-plot-level' }),
      Plot.rectY(values, {
        ...Plot.binX({ y: 'count' }, { x: (d: number) => d, thresholds: 48, domain: X_DOMAIN }),
        inset: 0.5,
        className: 'qfig-plot-bar',
      }),
      Plot.ruleY([0]),
      ...(offChart ? [Plot.text([`outlier ${outlier} →`], { frameAnchor: 'top-right', dy: 4, className: 'qfig-plot-label' })] : []),
      Plot.text([`${levels.length} of 256 levels in view`], { frameAnchor: 'top-left', dx: 4, dy: 4, className: 'qfig-plot-label' }),
    ],
  };
}

/** SNR (dB) against the outlier value for both schemes, with (dashed) and without (solid) the outlier itself. */
export function sweepPlot(points: readonly SweepPoint[], outlier: number): Plot.PlotOptions {
  const rows = points.flatMap((p) => {
    const scheme = p.scheme === 'tensor' ? 'per tensor' : 'per channel';
    return [
      { outlier: p.outlier, snr: p.snrDb, scheme, all: true, series: `${scheme}, all values` },
      { outlier: p.outlier, snr: p.ordinarySnrDb, scheme, all: false, series: `${scheme}, without the outlier` },
    ];
  });
  const line = (all: boolean) =>
    Plot.line(
      rows.filter((r) => r.all === all),
      {
        x: 'outlier',
        y: 'snr',
        z: 'series',
        stroke: 'scheme',
        strokeWidth: 2,
        ...(all ? { strokeDasharray: '6 4' } : {}),
      },
    );
  return {
    width: 720,
    height: 260,
    marginLeft: 48,
    marginRight: 230,
    marginBottom: 40,
    x: { type: 'log', label: 'outlier value (log scale)', labelArrow: 'none', labelAnchor: 'center' },
    y: { label: 'SNR (dB)', grid: true, labelArrow: 'none' },
    color: { domain: ['per tensor', 'per channel'], range: ['#d0632b', '#3a7bd5'] },
    marks: [
      Plot.ruleX([outlier], { className: 'qfig-plot-marker' }),
      line(false),
      line(true),
      Plot.dot(rows, {
        x: 'outlier',
        y: 'snr',
        stroke: 'scheme',
        symbol: (d: { scheme: string }) => (d.scheme === 'per tensor' ? 'square' : 'circle'),
        r: 3,
      }),
      Plot.text(
        rows,
        Plot.selectLast({ x: 'outlier', y: 'snr', z: 'series', text: 'series', textAnchor: 'start', dx: 8, className: 'qfig-plot-label' }),
      ),
    ],
  };
}
