// Sorting the per-layer error table: the sensitive layers first, whichever measure.
import type { LayerError } from '../onnx/metrics.ts';

export type LayerSort = 'snr' | 'mse' | 'max';

export const SORT_LABELS: Readonly<Record<LayerSort, string>> = {
  snr: 'SNR, lowest first',
  mse: 'MSE, highest first',
  max: 'max abs error, highest first',
};

/** Quantized layers only (fp32 ones have no error), most damaged first. */
export function sortLayers(errors: readonly LayerError[], by: LayerSort): LayerError[] {
  const changed = errors.filter((e) => e.format !== 'fp32');
  const key = (e: LayerError): number => (by === 'snr' ? e.snrDb : by === 'mse' ? -e.mse : -e.maxAbsError);
  return changed.sort((a, b) => key(a) - key(b) || a.name.localeCompare(b.name));
}
