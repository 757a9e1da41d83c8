/**
 * Tensor-facing observers:
 *
 *   observer.minmax(x, { dtype: torch.qint8, qscheme: torch.per_tensor_symmetric })  // { scale, zero_point } numbers
 *   observer.perChannelMinmax(w, { axis: 0, dtype: torch.qint8 })                    // { scale, zero_point } tensors
 *
 *   const obs = new MinMaxObserver({ dtype: torch.qint8 })   // torch.ao.quantization.MinMaxObserver
 *   obs.forward(x); obs.forward(y)                            // running min / max
 *   const [scale, zero_point] = obs.calculate_qparams()      // tensor([0.0118]), tensor([-43], dtype=torch.int32)
 *
 * Numbers follow observer.ts (float32-exact). As in PyTorch, calculate_qparams returns a
 * 1-element float32 scale and an int32 zero point for affine schemes, int64 for symmetric ones.
 */
import { type DType, float32, int32, int64, qint8, quint8, toDType } from '../dtype.ts';
import { pyFloatRepr } from '../pystr.ts';
import { formatTensor } from '../repr.ts';
import { Tensor } from '../tensor.ts';
import { checkOptions } from '../args.ts';
import { type ObserverDtype, minmaxQParams, observerQParams, perChannelMinmaxQParams } from './observer.ts';
import { type QScheme, per_channel_affine, per_tensor_affine, toQScheme } from './qscheme.ts';

/** Observer keywords PyTorch 1.13 has that these observers do not implement (refused, never ignored). */
const OBSERVER_REFUSED = ['reduce_range', 'quant_min', 'quant_max', 'factory_kwargs', 'eps', 'is_dynamic'];

export interface ObserverOptions {
  /** torch.qint8 or torch.quint8 (PyTorch's default), or their names. */
  readonly dtype?: DType | ObserverDtype;
  readonly qscheme?: QScheme | string;
}

function observerDtype(dtype: DType | ObserverDtype | undefined): ObserverDtype {
  if (dtype === undefined) return 'quint8';
  const d = typeof dtype === 'string' ? dtype : toDType(dtype).name;
  if (d === qint8.name || d === quint8.name) return d;
  throw new TypeError(`observer dtype must be torch.qint8 or torch.quint8, got ${d}`);
}

function schemeOf(options: ObserverOptions, fallback: QScheme, perChannel: boolean): QScheme {
  const q = toQScheme(options.qscheme ?? fallback);
  if (q.perChannel !== perChannel) throw new TypeError(`${q} is not a ${perChannel ? 'per-channel' : 'per-tensor'} qscheme`);
  return q;
}

function float32Values(x: Tensor | ArrayLike<number>, what: string): Float32Array {
  if (!(x instanceof Tensor)) return Float32Array.from(Array.from(x));
  if (x.dtype !== float32) throw new TypeError(`${what} observes float32 tensors, got ${x.dtype}; convert with x.float()`);
  return Float32Array.from(x.toFloat64());
}

function zeroPointTensor(values: ArrayLike<number>, symmetric: boolean, shape: readonly number[]): Tensor {
  // PyTorch's affine path makes zero_point with `.to(torch.int)`, the symmetric path keeps int64.
  return symmetric
    ? new Tensor(
        BigInt64Array.from(Array.from(values), (v) => BigInt(v)),
        shape,
        int64,
      )
    : new Tensor(Int32Array.from(values), shape, int32);
}

export class MinMaxObserver {
  min_val = Infinity;
  max_val = -Infinity;
  readonly dtype: ObserverDtype;
  readonly qscheme: QScheme;

  constructor(options: ObserverOptions = {}) {
    checkOptions('torch.ao.quantization.MinMaxObserver', { ...options }, ['dtype', 'qscheme'], OBSERVER_REFUSED);
    this.dtype = observerDtype(options.dtype);
    this.qscheme = schemeOf(options, per_tensor_affine, false);
  }

  /** Records x's min and max (running over calls) and returns x, like calling the module. */
  forward<T extends Tensor | ArrayLike<number>>(x: T): T {
    const { min_val, max_val } = minmaxQParams(float32Values(x, 'MinMaxObserver'));
    if (Number.isFinite(min_val)) this.min_val = Math.min(this.min_val, min_val);
    if (Number.isFinite(max_val)) this.max_val = Math.max(this.max_val, max_val);
    return x;
  }

  calculate_qparams(): [Tensor, Tensor] {
    const { scale, zero_point } = observerQParams(this.min_val, this.max_val, this.dtype, this.qscheme.symmetric);
    // An observer that saw nothing returns int64 [0], like PyTorch's early return.
    const symmetricOrEmpty = this.qscheme.symmetric || !Number.isFinite(this.min_val);
    return [new Tensor(Float32Array.of(scale), [1], float32), zeroPointTensor([zero_point], symmetricOrEmpty, [1])];
  }

  toString(): string {
    return `MinMaxObserver(min_val=${pyFloatRepr(this.min_val)}, max_val=${pyFloatRepr(this.max_val)})`;
  }
}

export interface PerChannelObserverOptions extends ObserverOptions {
  readonly ch_axis?: number;
}

export class PerChannelMinMaxObserver {
  min_val: Float32Array = new Float32Array(0);
  max_val: Float32Array = new Float32Array(0);
  readonly ch_axis: number;
  readonly dtype: ObserverDtype;
  readonly qscheme: QScheme;

  constructor(options: PerChannelObserverOptions = {}) {
    checkOptions('torch.ao.quantization.PerChannelMinMaxObserver', { ...options }, ['dtype', 'qscheme', 'ch_axis'], OBSERVER_REFUSED);
    this.ch_axis = options.ch_axis ?? 0;
    this.dtype = observerDtype(options.dtype);
    this.qscheme = schemeOf(options, per_channel_affine, true);
  }

  forward(x: Tensor): Tensor {
    const qp = perChannelMinmaxQParams(float32Values(x, 'PerChannelMinMaxObserver'), x.shape, { axis: this.ch_axis });
    if (this.min_val.length === 0) {
      this.min_val = qp.min_vals;
      this.max_val = qp.max_vals;
    } else if (this.min_val.length !== qp.min_vals.length) {
      throw new RangeError(
        `PerChannelMinMaxObserver saw ${this.min_val.length} channels before, now ${qp.min_vals.length} (shape [${x.shape.join(', ')}], ch_axis ${this.ch_axis})`,
      );
    } else {
      this.min_val = this.min_val.map((v, c) => Math.min(v, qp.min_vals[c]!));
      this.max_val = this.max_val.map((v, c) => Math.max(v, qp.max_vals[c]!));
    }
    return x;
  }

  calculate_qparams(): [Tensor, Tensor] {
    if (this.min_val.length === 0) return new MinMaxObserver().calculate_qparams();
    const n = this.min_val.length;
    const scales = new Float32Array(n);
    const zps = new Int32Array(n);
    for (let c = 0; c < n; c++) {
      const qp = observerQParams(this.min_val[c]!, this.max_val[c]!, this.dtype, this.qscheme.symmetric);
      scales[c] = qp.scale;
      zps[c] = qp.zero_point;
    }
    return [new Tensor(scales, [n], float32), zeroPointTensor(zps, this.qscheme.symmetric, [n])];
  }

  toString(): string {
    const t = (v: Float32Array): string => formatTensor(new Tensor(v, [v.length], float32));
    return `PerChannelMinMaxObserver(min_val=${t(this.min_val)}, max_val=${t(this.max_val)})`;
  }
}

/** One-shot helpers for cells that do not need the running state. */
export const observer = Object.freeze({
  /** MinMaxObserver qparams of x as plain numbers: `{ scale, zero_point }`. */
  minmax(x: Tensor | ArrayLike<number>, options: ObserverOptions = {}): { scale: number; zero_point: number } {
    const qscheme = schemeOf(options, per_tensor_affine, false);
    const qp = minmaxQParams(float32Values(x, 'observer.minmax'), {
      dtype: observerDtype(options.dtype),
      qscheme: qscheme.symmetric ? 'per_tensor_symmetric' : 'per_tensor_affine',
    });
    return { scale: qp.scale, zero_point: qp.zero_point };
  },
  /** PerChannelMinMaxObserver qparams of x along `axis`: `{ scale, zero_point }` as tensors, ready for quantize_per_channel. */
  perChannelMinmax(x: Tensor, options: ObserverOptions & { readonly axis?: number } = {}): { scale: Tensor; zero_point: Tensor } {
    const { axis, ...rest } = options;
    const o = new PerChannelMinMaxObserver({ ...rest, ch_axis: axis ?? 0 });
    o.forward(x);
    const [scale, zero_point] = o.calculate_qparams();
    return { scale, zero_point };
  },
});
