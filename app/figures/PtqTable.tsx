// ```figure ptq-table
// LiteRT's post-training quantization options as the chapter lists them, next to what the
// Model lab measured (models/ptq-measurements.json, optional: absent until a model run writes it).
import type { FigureProps } from './registry.ts';
import { type Measurements, TECHNIQUES, parseMeasurements, ratioText, sizeText } from './ptq.ts';
import { FigureFrame, Summary } from './ui.tsx';

// A glob, not an import: a missing file simply matches nothing.
const files = import.meta.glob<unknown>('/models/ptq-measurements.json', { eager: true, import: 'default' });

type Loaded = { readonly kind: 'none' } | { readonly kind: 'ok'; readonly data: Measurements } | { readonly kind: 'bad'; readonly message: string };

function load(): Loaded {
  const json = Object.values(files)[0];
  if (json === undefined) return { kind: 'none' };
  try {
    return { kind: 'ok', data: parseMeasurements(json) };
  } catch (e) {
    return { kind: 'bad', message: e instanceof Error ? e.message : String(e) };
  }
}

const loaded = load();
const NOT_YET = 'not measured yet — see the Model lab';

export default function PtqTable(_: FigureProps) {
  const measuredText = (id: (typeof TECHNIQUES)[number]['id']): string => {
    if (loaded.kind !== 'ok') return NOT_YET;
    const m = loaded.data.techniques[id];
    if (m === undefined) return NOT_YET;
    const latency = m.latencyMs === undefined ? '' : `, ${m.latencyMs} ms per inference`;
    return `${sizeText(m.bytes)}, ${ratioText(loaded.data.float32, m)} than float32${latency}${m.note === undefined ? '' : ` (${m.note})`}`;
  };
  return (
    <FigureFrame name="ptq-table" caption={<>
      <strong>Post-training quantization in LiteRT.</strong> Benefits and hardware as the chapter states them; the last
      column is what this course measured on {loaded.kind === 'ok' ? loaded.data.model : 'its model'} in the Model lab.
      Dynamic range quantization (the default) stores weights as int8 and quantizes activations on the fly.
    </>}>
      <table className="qfig-table qfig-ptq">
        <thead>
          <tr><th scope="col">Technique</th><th scope="col">Benefits (chapter)</th><th scope="col">Hardware</th><th scope="col">Measured here</th></tr>
        </thead>
        <tbody>
          {TECHNIQUES.map((t) => (
            <tr key={t.id} data-technique={t.id}>
              <th scope="row">{t.name}</th><td>{t.benefits}</td><td>{t.hardware}</td>
              <td className="qfig-measured">{measuredText(t.id)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {loaded.kind === 'ok' && <p className="qfig-muted">float32 baseline: {sizeText(loaded.data.float32.bytes)}.</p>}
      {loaded.kind === 'bad' && <p className="qfig-invalid" role="alert">models/ptq-measurements.json is malformed: {loaded.message}</p>}
      <Summary>{loaded.kind === 'ok' ? `Measured sizes for ${loaded.data.model} are shown.` : 'Sizes not measured yet — see the Model lab.'}</Summary>
    </FigureFrame>
  );
}
