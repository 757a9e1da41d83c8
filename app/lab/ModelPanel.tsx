// Model choice (shipped manifests or the student's own .onnx), loading with progress, and what the file holds.
import type { Dispatch } from 'react';
import { labModels } from './catalog.ts';
import { bytesText, mb } from './format.ts';
import type { LabAction, LabState } from './lab-state.ts';
import type { ModelInfo } from './protocol.ts';
import { ProgressBar } from './Progress.tsx';

interface Props {
  readonly state: LabState;
  readonly dispatch: Dispatch<LabAction>;
  readonly onLoad: (id: string) => void;
  readonly onFile: (file: File) => void;
}

/** The captioner offered next to the OCR model (its panels are CaptionPanel's, below). */
export const TINY_BLIP_ID = 'tiny-blip';

export function ModelPanel({ state, dispatch, onLoad, onFile }: Props) {
  const manifests = [...labModels(), { id: TINY_BLIP_ID, name: 'Tiny BLIP captioner (0.94M parameters)' }];
  const busy = state.model.status === 'busy';
  const shipped = manifests.some((m) => m.id === state.modelId);
  const captioner = state.modelId === TINY_BLIP_ID;
  return (
    <section className="lab-section" aria-labelledby="lab-model-h">
      <h2 id="lab-model-h">1. Model</h2>
      <div className="lab-row">
        <label>
          Model{' '}
          <select
            value={shipped ? state.modelId : ''}
            onChange={(e) => dispatch({ type: 'pick-model', id: e.target.value })}
            disabled={busy}
          >
            {!shipped && <option value="">(your file)</option>}
            {manifests.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => onLoad(state.modelId)} disabled={busy || !shipped}>
          Load model
        </button>
        <label className="lab-file">
          Or open your own .onnx file{' '}
          <input
            type="file"
            accept=".onnx,application/octet-stream"
            disabled={busy}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f !== undefined) onFile(f);
              e.target.value = '';
            }}
          />
        </label>
      </div>
      {captioner && <p className="lab-hint">A captioner: its variants and captions are under Captions per variant (about 4 MB to load).</p>}
      {!captioner && state.model.status === 'busy' && <ProgressBar label="Loading the model" progress={state.model.progress} />}
      {!captioner && state.model.status === 'error' && (
        <p className="lab-error" role="alert">
          {state.model.message}
        </p>
      )}
      {!captioner && state.model.status === 'idle' && (
        <p className="lab-hint">Nothing is downloaded until you press Load model (about 11 MB).</p>
      )}
      {!captioner && state.model.status === 'done' && <ModelSummary info={state.model.value} />}
    </section>
  );
}

function ModelSummary({ info }: { readonly info: ModelInfo }) {
  return (
    <div className="lab-summary">
      <dl>
        <dt>Model</dt>
        <dd>{info.name}</dd>
        <dt>File</dt>
        <dd>{mb(info.fileSize)}</dd>
        <dt>Weights</dt>
        <dd>
          {mb(info.footprint.totalBytes)} ({info.parameterCount.toLocaleString('en')} parameters)
        </dd>
        <dt>Graph</dt>
        <dd>
          {info.nodeCount} nodes, opset {info.opsets.join(', ')}
        </dd>
        <dt>Inputs</dt>
        <dd>
          <code>{info.inputs.join('; ') || 'none'}</code>
        </dd>
        <dt>Outputs</dt>
        <dd>
          <code>{info.outputs.join('; ') || 'none'}</code>
        </dd>
        <dt>Operators</dt>
        <dd>
          {info.operators
            .slice(0, 8)
            .map((o) => `${o.op} ×${o.count}`)
            .join(', ')}
          {info.operators.length > 8 ? ', …' : ''}
        </dd>
      </dl>
      <table className="lab-table lab-small">
        <caption>Weight bytes by dtype</caption>
        <thead>
          <tr>
            <th scope="col">dtype</th>
            <th scope="col">tensors</th>
            <th scope="col">elements</th>
            <th scope="col">bytes</th>
          </tr>
        </thead>
        <tbody>
          {info.footprint.byDtype.map((d) => (
            <tr key={d.dtype}>
              <th scope="row">{d.dtype}</th>
              <td>{d.tensors}</td>
              <td>{d.elements.toLocaleString('en')}</td>
              <td>{bytesText(d.bytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {info.notRunnable !== null && (
        <p className="lab-warning" role="note">
          Inspect only: {info.notRunnable}. Histograms and per-layer errors still work.
        </p>
      )}
    </div>
  );
}
