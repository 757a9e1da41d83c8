// ```figure ptq-table
// LiteRT's post-training quantization options as the chapter lists them, next to what the
// Model lab measured (models/ptq-measurements.json, optional: absent until a model run writes it).
import type { FigureProps } from './registry.ts';
import { TECHNIQUES, sizeText } from './ptq.ts';
import { loaded, measuredText as measured } from './ptq-data.ts';
import { FigureFrame, Summary, useReportState } from './ui.tsx';

export default function PtqTable({ onState }: FigureProps) {
  useReportState(onState, { name: 'ptq-table' });
  const measuredText = (id: (typeof TECHNIQUES)[number]['id']): string => measured(loaded, id);
  return (
    <FigureFrame
      name="ptq-table"
      caption={
        <>
          <strong>Post-training quantization in LiteRT.</strong> Benefits and hardware as the chapter states them; the last column is what
          this course measured on {loaded.kind === 'ok' ? loaded.data.model : 'its model'} in the Model lab. Dynamic range quantization (the
          default) stores weights as int8 and quantizes activations on the fly.
        </>
      }
    >
      <table className="qfig-table qfig-ptq">
        <thead>
          <tr>
            <th scope="col">Technique</th>
            <th scope="col">Benefits (chapter)</th>
            <th scope="col">Hardware</th>
            <th scope="col">Measured here</th>
          </tr>
        </thead>
        <tbody>
          {TECHNIQUES.map((t) => (
            <tr key={t.id} data-technique={t.id}>
              <th scope="row">{t.name}</th>
              <td>{t.benefits}</td>
              <td>{t.hardware}</td>
              <td className="qfig-measured">{measuredText(t.id)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {loaded.kind === 'ok' && <p className="qfig-muted">float32 baseline: {sizeText(loaded.data.float32.bytes)}.</p>}
      {loaded.kind === 'bad' && (
        <p className="qfig-invalid" role="alert">
          models/ptq-measurements.json is malformed: {loaded.message}
        </p>
      )}
      <Summary>
        {loaded.kind === 'ok' ? `Measured sizes for ${loaded.data.model} are shown.` : 'Sizes not measured yet — see the Model lab.'}
      </Summary>
    </FigureFrame>
  );
}
