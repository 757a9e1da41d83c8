// models/ptq-measurements.json as the PTQ table shows it (live and static): loaded once with a glob, so a
// missing file simply matches nothing; a malformed one is reported, not thrown.
import { type Measurements, type TechniqueId, parseMeasurements, ratioText, sizeText } from './ptq.ts';

const files = import.meta.glob<unknown>('/models/ptq-measurements.json', { eager: true, import: 'default' });

export type LoadedMeasurements =
  | { readonly kind: 'none' }
  | { readonly kind: 'ok'; readonly data: Measurements }
  | { readonly kind: 'bad'; readonly message: string };

function load(): LoadedMeasurements {
  const json = Object.values(files)[0];
  if (json === undefined) return { kind: 'none' };
  try {
    return { kind: 'ok', data: parseMeasurements(json) };
  } catch (e) {
    return { kind: 'bad', message: e instanceof Error ? e.message : String(e) };
  }
}

export const loaded = load();
export const NOT_YET = 'not measured yet — see the Model lab';

/** The "Measured here" cell of one technique. */
export function measuredText(l: LoadedMeasurements, id: TechniqueId): string {
  if (l.kind !== 'ok') return NOT_YET;
  const m = l.data.techniques[id];
  if (m === undefined) return NOT_YET;
  const latency = m.latencyMs === undefined ? '' : `, ${m.latencyMs} ms per inference`;
  return `${sizeText(m.bytes)}, ${ratioText(l.data.float32, m)} than float32${latency}${m.note === undefined ? '' : ` (${m.note})`}`;
}
