import { describe, expect, it } from 'vitest';
import { float32, float64, qint8 } from '../dtype.ts';
import { Tensor } from '../tensor.ts';
import { MinMaxObserver, PerChannelMinMaxObserver, observer } from './observer-torch.ts';
import { per_channel_symmetric, per_tensor_symmetric } from './qscheme.ts';
import { quantize_per_channel } from './quantize.ts';

const t = (values: readonly number[], shape: readonly number[] = [values.length]): Tensor =>
  new Tensor(Float32Array.from(values), shape, float32);

describe('MinMaxObserver', () => {
  it('keeps a running min/max and prints like PyTorch', () => {
    const obs = new MinMaxObserver({ dtype: qint8 });
    expect(String(obs)).toBe('MinMaxObserver(min_val=inf, max_val=-inf)');
    obs.forward(t([-1, 2]));
    let [scale, zp] = obs.calculate_qparams();
    expect([String(scale), String(zp)]).toEqual(['tensor([0.0118])', 'tensor([-43], dtype=torch.int32)']);
    obs.forward(t([5]));
    [scale, zp] = obs.calculate_qparams();
    expect([String(scale), String(zp)]).toEqual(['tensor([0.0235])', 'tensor([-86], dtype=torch.int32)']);
    expect(String(obs)).toBe('MinMaxObserver(min_val=-1.0, max_val=5.0)');
  });

  it('returns scale 1 and int64 zero point 0 before any data', () => {
    const [scale, zp] = new MinMaxObserver().calculate_qparams();
    expect([String(scale), String(zp)]).toEqual(['tensor([1.])', 'tensor([0])']);
  });

  it('symmetric schemes keep an int64 zero point (128 for quint8)', () => {
    const obs = new MinMaxObserver({ qscheme: per_tensor_symmetric });
    obs.forward(t([-1, 2]));
    expect(String(obs.calculate_qparams()[1])).toBe('tensor([128])');
  });

  it('refuses float64 tensors and per-channel schemes', () => {
    expect(() => new MinMaxObserver().forward(new Tensor(Float64Array.of(1), [1], float64))).toThrow(
      /observes float32 tensors, got torch.float64/,
    );
    expect(() => new MinMaxObserver({ qscheme: per_channel_symmetric })).toThrow(/not a per-tensor qscheme/);
  });
});

describe('PerChannelMinMaxObserver', () => {
  it('computes per-channel qparams along ch_axis', () => {
    const obs = new PerChannelMinMaxObserver({ ch_axis: 1 });
    obs.forward(t([-1, 2, 3, 4], [2, 2]));
    const [scale, zp] = obs.calculate_qparams();
    expect(String(scale)).toBe('tensor([0.0157, 0.0157])');
    expect(String(zp)).toBe('tensor([64,  0], dtype=torch.int32)');
  });
});

describe('observer helpers', () => {
  it('observer.minmax returns numbers', () => {
    expect(observer.minmax(t([-1, 2]), { dtype: 'qint8' })).toEqual({ scale: Math.fround(3 / 255), zero_point: -43 });
    expect(observer.minmax([-1, 2], { dtype: 'qint8', qscheme: 'per_tensor_symmetric' })).toEqual({
      scale: Math.fround(2 / 127.5),
      zero_point: 0,
    });
  });

  it('observer.perChannelMinmax feeds quantize_per_channel directly', () => {
    const w = t([0.5, -0.25, 1, 2, -4, 0], [2, 3]);
    const { scale, zero_point } = observer.perChannelMinmax(w, { axis: 0, dtype: qint8, qscheme: per_channel_symmetric });
    const q = quantize_per_channel(w, scale, zero_point, 0, qint8);
    // Checked against torch: -4 * float32(1 / float32(4 / 127.5)) is just above -127.5, so -127.
    expect(Array.from(q.int_repr().data)).toEqual([64, -32, 127, 64, -127, 0]);
  });
});
