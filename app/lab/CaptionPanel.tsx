// Captions per variant: every loaded BLIP (the tiny BLIP, Hub checkpoints) with its variants,
// one picture (a shipped sample scene or the student's own), and a table of caption, footprint,
// run time and where each caption parts from its model's float32 caption.
import type { Dispatch } from 'react';
import type { CaptionRow, CaptionRowOk } from './caption-protocol.ts';
import { partingText, partsAt, type CaptionAction, type CaptionState } from './caption-state.ts';
import { CaptionerSummary, footprintText } from './CaptionerSummary.tsx';
import { WARM_UP_BELOW } from './caption-variants.ts';
import { msText } from './format.ts';

interface Props {
  readonly state: CaptionState;
  readonly dispatch: Dispatch<CaptionAction>;
  readonly onRun: () => void;
  readonly onCancel: () => void;
}

const sampleUrl = (file: string): string => `${import.meta.env.BASE_URL}samples/tiny-blip/${file}`;
const isOk = (r: CaptionRow): r is CaptionRowOk => !('error' in r);

export function CaptionPanel({ state, dispatch, onRun, onCancel }: Props) {
  const busy = state.run.status === 'busy';
  const picture = state.picture;
  const count = state.models.reduce((n, m) => n + m.selected.length, 0);
  return (
    <section className="lab-section" aria-labelledby="lab-captions-h">
      <h2 id="lab-captions-h">Captions per variant</h2>
      {state.tiny.status === 'busy' && <p role="status">Loading the tiny BLIP…</p>}
      {state.tiny.status === 'error' && (
        <p className="lab-error" role="alert">
          {state.tiny.message}
        </p>
      )}
      {state.models.length === 0 && state.tiny.status !== 'busy' && (
        <p className="lab-hint">Load the tiny BLIP (Model, above) or a checkpoint from the Hub (below).</p>
      )}
      {state.models.map((m) => (
        <fieldset key={m.info.key}>
          <legend>{m.info.name}</legend>
          <CaptionerSummary info={m.info} />
          <div className="lab-checks" role="group" aria-label={`Variants of ${m.info.name}`}>
            {m.info.variants.map((v) => (
              <label key={v.key}>
                <input
                  type="checkbox"
                  checked={m.selected.includes(v.key)}
                  disabled={v.key === 'fp32' || busy}
                  onChange={(e) => dispatch({ type: 'toggle-variant', model: m.info.key, variant: v.key, on: e.target.checked })}
                />{' '}
                {v.label}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      {state.models.length > 0 && (
        <div className="lab-row">
          <label>
            Picture{' '}
            <select
              value={picture?.kind === 'sample' ? picture.file : ''}
              disabled={busy}
              onChange={(e) => e.target.value !== '' && dispatch({ type: 'picture', picture: { kind: 'sample', file: e.target.value } })}
            >
              {picture?.kind === 'file' && <option value="">{picture.name} (yours)</option>}
              {state.samples.map((s) => (
                <option key={s.file} value={s.file}>
                  {s.file}
                  {s.caption === '' ? '' : `: ${s.caption}`}
                </option>
              ))}
            </select>
          </label>
          <label className="lab-file">
            Or caption your own picture{' '}
            <input
              type="file"
              accept="image/*"
              disabled={busy}
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f !== undefined)
                  void f.arrayBuffer().then((bytes) => dispatch({ type: 'picture', picture: { kind: 'file', name: f.name, bytes } }));
              }}
            />
          </label>
          {picture?.kind === 'sample' && (
            <img
              className="lab-caption-picture"
              src={sampleUrl(picture.file)}
              alt={`Sample scene ${picture.file}`}
              width={128}
              height={128}
            />
          )}
          <button type="button" className="lab-run" onClick={onRun} disabled={busy || picture === null || count === 0}>
            Caption
          </button>
          {busy && (
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          )}
          {busy && (
            <span role="status">
              Captioning… {state.run.rows.length} of {count} done
            </span>
          )}
        </div>
      )}
      {state.run.error !== null && (
        <p className="lab-error" role="alert">
          {state.run.error}
        </p>
      )}
      {state.run.rows.length > 0 && <CaptionTable rows={state.run.rows} picture={state.run.picture} />}
    </section>
  );
}

function CaptionTable({ rows, picture }: { readonly rows: readonly CaptionRow[]; readonly picture: string }) {
  const reference = (model: string) => rows.find((r): r is CaptionRowOk => isOk(r) && r.model === model && r.variant === 'fp32');
  return (
    <div className="lab-scroll">
      <table className="lab-table lab-captions">
        <caption>
          Captions of {picture}. Run time: one caption (vision + decoding) after an untimed one; for a variant over {WARM_UP_BELOW / 1e6}{' '}
          MB, the first caption; sessions are made before and not counted.
        </caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Variant</th>
            <th scope="col">Caption</th>
            <th scope="col">Footprint</th>
            <th scope="col">Run time</th>
            <th scope="col">Parts from float32 at</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const ref = reference(r.model);
            return (
              <tr key={`${r.model} ${r.variant}`} data-model={r.model} data-variant={r.variant}>
                <td>{r.model}</td>
                <th scope="row">{r.label}</th>
                {isOk(r) ? (
                  <>
                    <td className="lab-caption">{r.caption}</td>
                    <td className="num">{footprintText(r.footprint)}</td>
                    <td className="num">{msText(r.ms)}</td>
                    <td>
                      {r.variant === 'fp32' ? '(the reference)' : ref === undefined ? '—' : partingText(partsAt(ref.tokens, r.tokens))}
                    </td>
                  </>
                ) : (
                  <td colSpan={4} className="lab-error">
                    {r.error}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
