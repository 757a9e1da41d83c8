// Any weight's histogram before and after a variant's format, with its quantization grid,
// and the same numbers as a table ("Show data") for those who cannot see the plot.
import { useEffect, useId, useRef, useState, type Dispatch } from 'react';
import { db, sci } from './format.ts';
import { binsOf, histogramPlot } from './histogram-plot.ts';
import type { LabAction, LabState } from './lab-state.ts';
import type { HistogramReport, ModelInfo } from './protocol.ts';
import { PRESETS, VARIANT_LABELS, type VariantKey } from './variants.ts';

const KEYS: readonly VariantKey[] = [...PRESETS.filter((k) => k !== 'fp32'), 'custom'];
const isKey = (s: string): s is VariantKey => (KEYS as readonly string[]).includes(s);

function Plots({ report }: { readonly report: HistogramReport }) {
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    import('@observablehq/plot').then(
      (Plot) => {
        const el = ref.current;
        if (!live || el === null) return;
        const width = Math.max(280, Math.min(560, (el.clientWidth || 900) / 2 - 16));
        el.replaceChildren(histogramPlot(Plot, report, 'before', width), histogramPlot(Plot, report, 'after', width));
      },
      (e: unknown) => live && setFailed(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [report]);
  const summary = `Histograms of ${report.tensor} [${report.shape.join(', ')}] before (float32) and after (${report.format}), ${report.before.length} bins from ${sci(report.edges[0] ?? 0)} to ${sci(report.edges.at(-1) ?? 0)}. ${report.gridNote}. Error: MSE ${sci(report.mse)}, SNR ${db(report.snrDb)}, max abs ${sci(report.maxAbsError)}.`;
  return (
    <figure className="lab-figure">
      <div ref={ref} className="lab-plots" role="img" aria-label={summary} data-testid="lab-histogram" />
      {failed !== null && (
        <p className="lab-error" role="alert">
          Could not draw the plot: {failed}
        </p>
      )}
      <figcaption>
        {report.gridNote}. SNR {db(report.snrDb)}, MSE {sci(report.mse)}, max abs error {sci(report.maxAbsError)}.
      </figcaption>
    </figure>
  );
}

function DataTable({ report }: { readonly report: HistogramReport }) {
  return (
    <table className="lab-table lab-small">
      <caption>Histogram bins of {report.tensor}</caption>
      <thead>
        <tr>
          <th scope="col">from</th>
          <th scope="col">to</th>
          <th scope="col">count float32</th>
          <th scope="col">count {report.format}</th>
        </tr>
      </thead>
      <tbody>
        {binsOf(report).map((b, i) => (
          <tr key={i}>
            <th scope="row">{sci(b.x1)}</th>
            <td>{sci(b.x2)}</td>
            <td>{b.before}</td>
            <td>{b.after}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface Props {
  readonly state: LabState;
  readonly info: ModelInfo;
  readonly dispatch: Dispatch<LabAction>;
  readonly onShow: () => void;
}

export function HistogramPanel({ state, info, dispatch, onShow }: Props) {
  const [showData, setShowData] = useState(false);
  const tableId = useId();
  const { tensor, variant, task } = state.histogram;
  return (
    <section className="lab-section" aria-labelledby="lab-hist-h">
      <h2 id="lab-hist-h">5. Weight histograms</h2>
      <div className="lab-row">
        <label>
          Tensor{' '}
          <select value={tensor} onChange={(e) => dispatch({ type: 'histogram-pick', tensor: e.target.value })}>
            {info.weights.map((w) => (
              <option key={w.name} value={w.name}>{`${w.name} [${w.shape.join(', ')}] ${w.ops.join(', ')}`}</option>
            ))}
          </select>
        </label>
        <label>
          After{' '}
          <select value={variant} onChange={(e) => isKey(e.target.value) && dispatch({ type: 'histogram-pick', variant: e.target.value })}>
            {KEYS.map((k) => (
              <option key={k} value={k}>
                {VARIANT_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={onShow} disabled={task.status === 'busy' || tensor === ''}>
          Show histogram
        </button>
      </div>
      {task.status === 'busy' && <p role="status">Computing…</p>}
      {task.status === 'error' && (
        <p className="lab-error" role="alert">
          {task.message}
        </p>
      )}
      {task.status === 'done' && (
        <>
          <Plots report={task.value} />
          <button type="button" aria-expanded={showData} aria-controls={tableId} onClick={() => setShowData((v) => !v)}>
            {showData ? 'Hide data' : 'Show data'}
          </button>
          <div id={tableId} hidden={!showData} className="lab-scroll lab-data">
            {showData && <DataTable report={task.value} />}
          </div>
        </>
      )}
    </section>
  );
}
