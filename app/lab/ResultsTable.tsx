// One row per variant: sizes, footprint by dtype, load and latency, the recognized text of the
// chosen input (differences from fp32 marked), agreement with fp32 over the sample set, and
// the backend it ran on (last, so the columns before keep their places).
import { bytesText, mb, msText, percent } from './format.ts';
import { BACKEND_LABELS } from './BackendPicker.tsx';
import { OutputText } from './OutputText.tsx';
import type { ResultRow } from './results.ts';

function RanOn({ row }: { readonly row: ResultRow }) {
  if (row.backend === null) return <td>—</td>;
  return (
    <td className="lab-backend-cell" data-backend={row.backend}>
      {BACKEND_LABELS[row.backend]}
      {row.backendNote !== null && <span className="lab-hint lab-backend-note"> {row.backendNote}</span>}
    </td>
  );
}

function Agreement({ row, fp32 }: { readonly row: ResultRow; readonly fp32: ResultRow | undefined }) {
  const a = row.vsFp32;
  if (a === null)
    return (
      <>
        <td>—</td>
        <td>—</td>
        <td>{row.vsTruth === null ? '—' : row.vsTruth.cer.toFixed(3)}</td>
      </>
    );
  const changed = a.changed
    .slice(0, 4)
    .map((c) => `“${c.reference}” → “${c.text}”`)
    .join('; ');
  return (
    <>
      <td className={a.cer > 0 ? 'lab-bad' : undefined}>{a.cer.toFixed(3)}</td>
      <td className={a.identical < 1 ? 'lab-bad' : undefined} title={changed || undefined}>
        {percent(a.identical)}{' '}
        <span className="lab-hint">
          ({Math.round(a.identical * a.lines)}/{a.lines})
        </span>
        {row !== fp32 && a.changed.length > 0 && <span className="visually-hidden">. Changed: {changed}</span>}
      </td>
      <td>{row.vsTruth === null ? '—' : row.vsTruth.cer.toFixed(3)}</td>
    </>
  );
}

export function ResultsTable({
  rows,
  runs,
  inputLabel,
}: {
  readonly rows: readonly ResultRow[];
  readonly runs: number;
  readonly inputLabel: string;
}) {
  if (rows.length === 0) return null;
  const fp32 = rows.find((r) => r.key === 'fp32');
  return (
    <div className="lab-scroll" role="region" aria-label="Results by variant" tabIndex={0}>
      <table className="lab-table lab-results">
        <caption>Results for {inputLabel || 'the sample set'}; CER and identical lines compare with fp32 over the sample crops.</caption>
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col">File size</th>
            <th scope="col">Weight footprint</th>
            <th scope="col">Parameter bytes by dtype</th>
            <th scope="col">Load (session create)</th>
            <th scope="col">
              Median latency ({runs} run{runs === 1 ? '' : 's'} of the input)
            </th>
            <th scope="col">Median latency (samples)</th>
            <th scope="col">Output (confidence shaded)</th>
            <th scope="col">CER vs fp32 (samples)</th>
            <th scope="col">Identical to fp32</th>
            <th scope="col">CER vs true text</th>
            <th scope="col">Ran on</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-variant={r.key}>
              <th scope="row">{r.label}</th>
              {r.error !== null ? (
                <td colSpan={11} className="lab-error" role="alert">
                  {r.error}
                </td>
              ) : (
                <>
                  <td>{r.fileSize === null ? '—' : mb(r.fileSize)}</td>
                  <td>{r.footprint === null ? '—' : mb(r.footprint.totalBytes)}</td>
                  <td className="lab-dtypes">{r.footprint?.byDtype.map((d) => `${d.dtype} ${bytesText(d.bytes)}`).join(', ')}</td>
                  <td>{msText(r.loadMs)}</td>
                  <td>{msText(r.inputMedianMs)}</td>
                  <td>{msText(r.samplesMedianMs)}</td>
                  <td className="lab-text-cell">{r.text === null ? '—' : <OutputText text={r.text} diff={r.diff} />}</td>
                  <Agreement row={r} fp32={fp32} />
                  <RanOn row={r} />
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
