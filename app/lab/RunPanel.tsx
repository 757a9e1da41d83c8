// Run settings, the Run and Cancel buttons, progress, and the results table.
import type { Dispatch } from 'react';
import { BackendPicker } from './BackendPicker.tsx';
import type { LabAction, LabState } from './lab-state.ts';
import { ProgressBar } from './Progress.tsx';
import { ResultsTable } from './ResultsTable.tsx';
import { resultRows } from './results.ts';

const REPEATS = [1, 3, 5, 10, 20];

interface Props {
  readonly state: LabState;
  readonly dispatch: Dispatch<LabAction>;
  /** Why Run is not possible now, or null. */
  readonly blocked: string | null;
  readonly onRun: () => void;
  readonly onCancel: () => void;
  readonly busy: boolean;
}

export function RunPanel({ state, dispatch, blocked, onRun, onCancel, busy }: Props) {
  const run = state.run;
  return (
    <section className="lab-section" aria-labelledby="lab-run-h">
      <h2 id="lab-run-h">4. Run and compare</h2>
      <BackendPicker state={state} dispatch={dispatch} disabled={run.status === 'busy'} />
      <div className="lab-row">
        <label>
          Runs per variant{' '}
          <select value={state.repeats} onChange={(e) => dispatch({ type: 'repeats', value: Number(e.target.value) })}>
            {REPEATS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={state.includeSamples}
            onChange={(e) => dispatch({ type: 'include-samples', on: e.target.checked })}
          />
          Also read the sample crops (agreement with fp32)
        </label>
        <button type="button" className="lab-run" onClick={onRun} disabled={blocked !== null || run.status === 'busy'}>
          Run
        </button>
        <button type="button" onClick={onCancel} disabled={!busy}>
          Cancel
        </button>
      </div>
      {blocked !== null && run.status !== 'busy' && <p className="lab-hint">{blocked}</p>}
      {run.status === 'busy' && <ProgressBar label="Running the variants" progress={run.progress} />}
      {run.status === 'error' && (
        <p className="lab-error" role="alert">
          {run.error}
        </p>
      )}
      <ResultsTable rows={resultRows(run.outcomes)} runs={state.repeats} inputLabel={run.input} />
    </section>
  );
}
