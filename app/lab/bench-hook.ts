// What bench/models-browser.ts drives inside the page: its own LabClient (so it measures the
// app's worker and runtime, not a copy) and the lab's variant list.
import { LabClient } from './lab-client.ts';
import type { ModelInfo, VariantSpec } from './protocol.ts';
import { PRESETS, presetConfig, VARIANT_LABELS } from './variants.ts';

export interface LabBenchHook {
  client(threads: number): LabClient;
  /** Every preset variant of a loaded model, fp32 first. */
  variants(info: ModelInfo): VariantSpec[];
  isolated: boolean;
}

export function installBenchHook(): void {
  window.__qlabLab = {
    client: (threads) => new LabClient({ threads, idleTimeout: 300_000 }),
    variants: (info) => PRESETS.map((key) => ({ key, label: VARIANT_LABELS[key], config: presetConfig(key, info.recommended) })),
    isolated: typeof crossOriginIsolated === 'boolean' && crossOriginIsolated,
  };
}

declare global {
  interface Window {
    __qlabLab?: LabBenchHook;
  }
}
