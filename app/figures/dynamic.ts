// The numbers of the dynamic-range figure, all from the torch core: a seeded 4 × 256 normal
// tensor (torch.manual_seed + torch.randn), one outlier written into channel 0, int8 qparams
// per tensor or per channel (computeQParams), the round trip (fakeQuantize) and its error (quantError).
import { torch } from '../torch/index.ts';
import {
  type Granularity,
  type QParams,
  type QuantError,
  computeQParams,
  dequantizeArray,
  fakeQuantize,
  paramLayout,
  qrange,
  quantError,
} from '../torch/quant/index.ts';

export const CHANNELS = 4;
export const PER_CHANNEL = 256;
export const SHAPE = [CHANNELS, PER_CHANNEL] as const;
/** Where the outlier goes: channel 0, first element. */
export const OUTLIER_INDEX = 0;

/** torch.manual_seed(seed); torch.randn(4, 256) — the same values a cell (or PyTorch 1.13) gets. */
export function seededTensor(seed: number): Float32Array {
  torch.manual_seed(seed);
  return Float32Array.from(torch.randn(CHANNELS, PER_CHANNEL).data as ArrayLike<number>);
}

export function withOutlier(base: Float32Array, outlier: number): Float32Array {
  const data = base.slice();
  data[OUTLIER_INDEX] = outlier;
  return data;
}

export type Scheme = 'tensor' | 'channel';

export interface Measured {
  readonly scheme: Scheme;
  readonly params: QParams;
  readonly dq: Float32Array;
  /** Error over all 1024 values. */
  readonly all: QuantError;
  /** Error over the 1023 ordinary values (outlier left out). */
  readonly ordinary: QuantError;
}

const GRANULARITY: Readonly<Record<Scheme, Granularity>> = { tensor: { kind: 'tensor' }, channel: { kind: 'channel', axis: 0 } };

export function measure(data: Float32Array, scheme: Scheme, symmetric: boolean): Measured {
  const params = computeQParams(data, SHAPE, { target: 'int8', symmetric, granularity: GRANULARITY[scheme] });
  const { dq } = fakeQuantize(data, params);
  const skip = (a: Float32Array) => a.filter((_, i) => i !== OUTLIER_INDEX);
  return { scheme, params, dq, all: quantError(data, dq), ordinary: quantError(skip(data), skip(dq)) };
}

/** The int8 levels s (q - z) that channel `c`'s values can come back as (its own scale per channel). */
export function levelsOf(m: Measured, c: number): Float32Array {
  const { qmin, qmax } = qrange('int8');
  const p = m.scheme === 'tensor' ? 0 : c;
  const qs = Array.from({ length: qmax - qmin + 1 }, (_, i) => qmin + i);
  const params = {
    target: 'int8' as const,
    layout: paramLayout([qs.length]),
    scales: [m.params.scales[p]!],
    zeroPoints: [m.params.zeroPoints[p]!],
  };
  // Per channel the core dequantizes with the float64 scale, per tensor with float32(s): keep that here.
  return dequantizeArray(qs, params, m.scheme === 'tensor' ? 'float32' : 'float64');
}

export interface SweepPoint {
  readonly outlier: number;
  readonly scheme: Scheme;
  readonly snrDb: number;
  readonly ordinarySnrDb: number;
}

export function sweep(base: Float32Array, outliers: readonly number[], symmetric: boolean): SweepPoint[] {
  return outliers.flatMap((outlier) => {
    const data = withOutlier(base, outlier);
    return (['tensor', 'channel'] as const).map((scheme) => {
      const m = measure(data, scheme, symmetric);
      return { outlier, scheme, snrDb: m.all.snrDb, ordinarySnrDb: m.ordinary.snrDb };
    });
  });
}
