// The variants the lab offers: each a name and a TransformConfig for app/onnx/transform.ts,
// plus the student's custom mix (a default format and per-layer overrides).
import type { FormatSpec, TransformConfig } from '../onnx/plan.ts';
import type { VariantSpec } from './protocol.ts';

/** Formats a student can pick for one layer (or as the custom mix's default). */
export const FORMAT_CHOICES = ['fp32', 'float16', 'bfloat16', 'int8-tensor', 'int8-channel', 'dynamic'] as const;
export type FormatChoice = (typeof FORMAT_CHOICES)[number];

export const FORMAT_LABELS: Readonly<Record<FormatChoice, string>> = {
  fp32: 'fp32',
  float16: 'float16',
  bfloat16: 'bfloat16',
  'int8-tensor': 'int8 per-tensor',
  'int8-channel': 'int8 per-channel',
  dynamic: 'dynamic int8',
};

export function formatSpec(choice: FormatChoice): FormatSpec {
  switch (choice) {
    case 'int8-tensor':
      return { kind: 'int8', granularity: 'tensor', symmetric: true };
    case 'int8-channel':
      return { kind: 'int8', granularity: 'channel', symmetric: true };
    case 'dynamic':
      return { kind: 'dynamic', granularity: 'tensor' };
    // The float formats are their own spec (FormatSpec's string members).
    case 'fp32':
    case 'float16':
    case 'bfloat16':
      return choice;
  }
}

export const isFormatChoice = (s: string): s is FormatChoice => (FORMAT_CHOICES as readonly string[]).includes(s);

/** The fixed variants, in table order; `mix` is filled from the model (ModelInfo.recommended). */
export const PRESETS = ['fp32', 'float16', 'bfloat16', 'int8-tensor', 'int8-channel', 'dynamic', 'mix'] as const;
export type PresetKey = (typeof PRESETS)[number];
export type VariantKey = PresetKey | 'custom';

export const VARIANT_LABELS: Readonly<Record<VariantKey, string>> = {
  fp32: 'fp32 (reference)',
  float16: 'float16 weights',
  bfloat16: 'bfloat16 weights',
  'int8-tensor': 'int8 per-tensor',
  'int8-channel': 'int8 per-channel',
  dynamic: 'dynamic int8 (ORT-style)',
  mix: 'recommended mix',
  custom: 'custom mix',
};

/** ONNX Runtime's quantize_dynamic defaults: MatMul and Conv, everything else float32. */
const DYNAMIC: TransformConfig = { byOp: { MatMul: 'dynamic', Conv: 'dynamic' }, default: 'fp32' };

/** The mix app/onnx/CONTEXT.md measured: dynamic MatMul, per-channel int8 Conv weights. */
export function recommendedMix(keepFp32: readonly string[]): TransformConfig {
  return {
    byOp: { MatMul: 'dynamic', Conv: { kind: 'int8', granularity: 'channel' } },
    ...(keepFp32.length > 0 ? { layers: Object.fromEntries(keepFp32.map((l) => [l, 'fp32' as const])) } : {}),
  };
}

export interface LayerOverride {
  readonly layer: string;
  readonly format: FormatChoice;
}

export interface CustomMix {
  readonly base: FormatChoice;
  readonly layers: readonly LayerOverride[];
}

export function customConfig(mix: CustomMix): TransformConfig {
  const layers = Object.fromEntries(mix.layers.map((l) => [l.layer.trim(), formatSpec(l.format)]));
  return { default: formatSpec(mix.base), ...(mix.layers.length > 0 ? { layers } : {}) };
}

export function presetConfig(key: PresetKey, recommended: TransformConfig): TransformConfig | null {
  if (key === 'fp32') return null;
  if (key === 'dynamic') return DYNAMIC;
  if (key === 'mix') return recommended;
  return { default: formatSpec(key) };
}

/** What a run sends the worker: fp32 always first (it is the reference for agreement). */
export function variantSpecs(selected: ReadonlySet<VariantKey>, recommended: TransformConfig, custom: CustomMix): VariantSpec[] {
  const keys: VariantKey[] = [
    'fp32',
    ...PRESETS.filter((k) => k !== 'fp32' && selected.has(k)),
    ...(selected.has('custom') ? ['custom' as const] : []),
  ];
  return keys.map((key) => ({
    key,
    label: VARIANT_LABELS[key],
    config: key === 'custom' ? customConfig(custom) : presetConfig(key, recommended),
  }));
}

/** The config whose effect a histogram or the layer-error table shows, for a variant key. */
export function configOf(key: VariantKey, recommended: TransformConfig, custom: CustomMix): TransformConfig {
  return (key === 'custom' ? customConfig(custom) : presetConfig(key, recommended)) ?? { default: 'fp32' };
}
