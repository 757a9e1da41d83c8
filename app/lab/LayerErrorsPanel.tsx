// Per-layer quantization error (MSE, SNR dB, max abs) of a variant, sorted to find the
// sensitive layers; each row can send its layer to the histogram or keep it fp32 in the custom mix.
import { useState, type Dispatch } from 'react';
import { db, sci } from './format.ts';
import type { LabAction, LabState } from './lab-state.ts';
import { SORT_LABELS, sortLayers, type LayerSort } from './layer-sort.ts';
import { PRESETS, VARIANT_LABELS, type VariantKey } from './variants.ts';

const KEYS: readonly VariantKey[] = [...PRESETS.filter((k) => k !== 'fp32'), 'custom'];
const isKey = (s: string): s is VariantKey => (KEYS as readonly string[]).includes(s);
const isSort = (s: string): s is LayerSort => s in SORT_LABELS;
const SHOWN = 15;

interface Props {
  readonly state: LabState;
  readonly dispatch: Dispatch<LabAction>;
  readonly onCompute: () => void;
  readonly onHistogram: (tensor: string, variant: VariantKey) => void;
}

export function LayerErrorsPanel({ state, dispatch, onCompute, onHistogram }: Props) {
  const [sort, setSort] = useState<LayerSort>('snr');
  const [all, setAll] = useState(false);
  const { variant, task } = state.layers;
  const rows = task.status === 'done' ? sortLayers(task.value, sort) : [];
  const shown = all ? rows : rows.slice(0, SHOWN);
  return (
    <section className="lab-section" aria-labelledby="lab-layers-h">
      <h2 id="lab-layers-h">6. Per-layer error</h2>
      <div className="lab-row">
        <label>
          Variant{' '}
          <select value={variant} onChange={(e) => isKey(e.target.value) && dispatch({ type: 'layers-pick', variant: e.target.value })}>
            {KEYS.map((k) => (
              <option key={k} value={k}>
                {VARIANT_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={onCompute} disabled={task.status === 'busy'}>
          Compute per-layer error
        </button>
        <label>
          Sort by{' '}
          <select value={sort} onChange={(e) => isSort(e.target.value) && setSort(e.target.value)}>
            {Object.entries(SORT_LABELS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {task.status === 'busy' && <p role="status">Quantizing every weight…</p>}
      {task.status === 'error' && (
        <p className="lab-error" role="alert">
          {task.message}
        </p>
      )}
      {task.status === 'done' && (
        <>
          <div className="lab-scroll" role="region" aria-label="Per-layer error" tabIndex={0}>
            <table className="lab-table lab-small">
              <caption>
                {rows.length} quantized weights under {VARIANT_LABELS[variant]}, sorted by {SORT_LABELS[sort]}
                {shown.length < rows.length ? ` (first ${shown.length})` : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Layer</th>
                  <th scope="col">Shape</th>
                  <th scope="col">Read by</th>
                  <th scope="col">Format</th>
                  <th scope="col">MSE</th>
                  <th scope="col">SNR</th>
                  <th scope="col">Max abs error</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((e) => (
                  <tr key={e.name}>
                    <th scope="row">
                      <code>{e.name}</code>
                    </th>
                    <td>[{e.shape.join(', ')}]</td>
                    <td>{e.ops.join(', ')}</td>
                    <td>{e.format}</td>
                    <td>{sci(e.mse)}</td>
                    <td className={e.snrDb < 20 ? 'lab-bad' : undefined}>{db(e.snrDb)}</td>
                    <td>{sci(e.maxAbsError)}</td>
                    <td className="lab-actions">
                      <button type="button" onClick={() => onHistogram(e.name, variant)} aria-label={`Histogram of ${e.name}`}>
                        Histogram
                      </button>
                      <button
                        type="button"
                        onClick={() => dispatch({ type: 'custom-add', layer: e.name, format: 'fp32' })}
                        aria-label={`Keep ${e.name} in fp32 in the custom mix`}
                      >
                        Keep in fp32
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rows.length > SHOWN && (
            <button type="button" onClick={() => setAll((v) => !v)}>
              {all ? `Show the first ${SHOWN}` : `Show all ${rows.length}`}
            </button>
          )}
        </>
      )}
    </section>
  );
}
