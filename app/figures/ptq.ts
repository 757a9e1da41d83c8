// The PTQ table's data: the chapter's claims (LiteRT post-training quantization) and the
// reader for models/ptq-measurements.json, which the Model lab writes (schema in CONTEXT.md).

export type TechniqueId = 'dynamic-range' | 'full-integer' | 'float16';

export interface Technique {
  readonly id: TechniqueId;
  readonly name: string;
  readonly benefits: string;
  readonly hardware: string;
}

/** Chapter 14.4, as printed. */
export const TECHNIQUES: readonly Technique[] = [
  { id: 'dynamic-range', name: 'Dynamic range quantization', benefits: '4x smaller, 2x-3x speedup', hardware: 'CPU' },
  {
    id: 'full-integer',
    name: 'Full integer quantization',
    benefits: '4x smaller, 3x+ speedup',
    hardware: 'CPU, Edge TPU, Microcontrollers',
  },
  { id: 'float16', name: 'Float16 quantization', benefits: '2x smaller, GPU acceleration', hardware: 'CPU, GPU' },
];

export interface Measurement {
  readonly bytes: number;
  readonly latencyMs?: number;
  readonly note?: string;
}

export interface Measurements {
  readonly model: string;
  readonly float32: Measurement;
  readonly techniques: Partial<Record<TechniqueId, Measurement>>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function measurement(v: unknown, where: string): Measurement {
  if (!isRecord(v) || typeof v['bytes'] !== 'number' || !(v['bytes'] > 0)) throw new TypeError(`${where}.bytes must be a positive number`);
  const m: { bytes: number; latencyMs?: number; note?: string } = { bytes: v['bytes'] };
  if (typeof v['latencyMs'] === 'number') m.latencyMs = v['latencyMs'];
  if (typeof v['note'] === 'string') m.note = v['note'];
  return m;
}

/** Checks the JSON's shape; throws a TypeError naming the first field that is wrong. */
export function parseMeasurements(json: unknown): Measurements {
  if (!isRecord(json)) throw new TypeError('ptq-measurements.json must hold an object');
  const techniques: Partial<Record<TechniqueId, Measurement>> = {};
  const given = json['techniques'];
  if (!isRecord(given)) throw new TypeError('techniques must be an object keyed by dynamic-range, full-integer, float16');
  for (const t of TECHNIQUES) {
    if (given[t.id] !== undefined) techniques[t.id] = measurement(given[t.id], `techniques.${t.id}`);
  }
  return {
    model: typeof json['model'] === 'string' ? json['model'] : 'the model',
    float32: measurement(json['float32'], 'float32'),
    techniques,
  };
}

/** '1,234,567 bytes (1.23 MB)'. */
export function sizeText(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} bytes (${(bytes / 1e6).toFixed(2)} MB)`;
}

/** How many times smaller than float32, to two decimals: '3.98x smaller'. */
export function ratioText(float32: Measurement, m: Measurement): string {
  return `${(float32.bytes / m.bytes).toFixed(2)}x smaller`;
}
