/**
 * Quantized tensors, the twins of `torch.quantize_per_tensor` / `torch.quantize_per_channel`:
 *
 *   const q = torch.quantize_per_tensor(x, 0.1, 0, torch.qint8)
 *   q.int_repr()      // int8 Tensor of the stored integers
 *   q.dequantize()    // float32 Tensor, scale * (q - zero_point)
 *   String(q)         // PyTorch's repr, e.g. tensor([...], size=(3,), dtype=torch.qint8, ...)
 *
 * Storage is the raw Int8Array (qint8) / Uint8Array (quint8); the numbers come from
 * quant/affine.ts, bit-exact with PyTorch 1.13's CPU kernels.
 */
import { type DType, float32, float64, int64, int8, uint8 } from '../dtype.ts';
import { pyFloatRepr } from '../pystr.ts';
import { addSuffixes, formatTensor, formatTensorBody, pyShapeTuple } from '../repr.ts';
import { Tensor } from '../tensor.ts';
import { type AffineParams, dequantizeArray } from './affine.ts';
import { paramLayout } from './layout.ts';
import { type QScheme, per_channel_affine, per_tensor_affine } from './qscheme.ts';

export type QuantizedDTypeName = 'qint8' | 'quint8';
export type QuantizedStorage = Int8Array | Uint8Array;

export type Quantizer =
  | { readonly kind: 'per_tensor'; readonly scale: number; readonly zeroPoint: number }
  | { readonly kind: 'per_channel'; readonly scales: Float64Array; readonly zeroPoints: Int32Array; readonly axis: number };

export class QTensor {
  readonly is_quantized = true;
  readonly shape: readonly number[];

  /** Wraps already-quantized storage; use quantize_per_tensor / quantize_per_channel to make one. */
  constructor(
    readonly data: QuantizedStorage,
    shape: readonly number[],
    readonly dtype: DType<QuantizedDTypeName>,
    readonly quantizer: Quantizer,
  ) {
    this.shape = Object.freeze([...shape]);
  }

  /** The scale / zero point layout, as quant/affine.ts takes it. */
  affineParams(): AffineParams {
    const target = this.dtype.name === 'qint8' ? 'int8' : 'uint8';
    const q = this.quantizer;
    return q.kind === 'per_tensor'
      ? { target, layout: paramLayout(this.shape), scales: [q.scale], zeroPoints: [q.zeroPoint] }
      : { target, layout: paramLayout(this.shape, { kind: 'channel', axis: q.axis }), scales: q.scales, zeroPoints: q.zeroPoints };
  }

  /** A new int8 (qint8) or uint8 (quint8) tensor holding the stored integers. */
  int_repr(): Tensor<'int8'> | Tensor<'uint8'> {
    return this.data instanceof Int8Array
      ? new Tensor(this.data.slice(), this.shape, int8)
      : new Tensor(this.data.slice(), this.shape, uint8);
  }

  /** float32 values scale * (q - zero_point), rounded as PyTorch rounds them. */
  dequantize(): Tensor<'float32'> {
    return new Tensor(dequantizeArray(this.data, this.affineParams()), this.shape, float32);
  }

  qscheme(): QScheme {
    return this.quantizer.kind === 'per_tensor' ? per_tensor_affine : per_channel_affine;
  }

  q_scale(): number {
    return this.perTensor('q_scale').scale;
  }

  q_zero_point(): number {
    return this.perTensor('q_zero_point').zeroPoint;
  }

  /** float64 tensor of the per-channel scales, like PyTorch. */
  q_per_channel_scales(): Tensor<'float64'> {
    const q = this.perChannel('q_per_channel_scales');
    return new Tensor(q.scales.slice(), [q.scales.length], float64);
  }

  /** int64 tensor of the per-channel zero points, like PyTorch. */
  q_per_channel_zero_points(): Tensor<'int64'> {
    const q = this.perChannel('q_per_channel_zero_points');
    return new Tensor(
      BigInt64Array.from(q.zeroPoints, (z) => BigInt(z)),
      [q.zeroPoints.length],
      int64,
    );
  }

  q_per_channel_axis(): number {
    return this.perChannel('q_per_channel_axis').axis;
  }

  numel(): number {
    return this.data.length;
  }

  dim(): number {
    return this.shape.length;
  }

  size(dim?: number): number | readonly number[] {
    if (dim === undefined) return this.shape;
    const d = dim < 0 ? dim + this.shape.length : dim;
    const size = this.shape[d];
    if (size === undefined)
      throw new RangeError(
        `Dimension out of range (expected to be in range of [${-this.shape.length}, ${this.shape.length - 1}], but got ${dim})`,
      );
    return size;
  }

  element_size(): number {
    return 1;
  }

  /** repr(q) exactly as PyTorch 1.13 prints quantized tensors (torch/_tensor_str.py). */
  toString(): string {
    const indent = 'tensor('.length;
    const q = this.quantizer;
    const suffixes = [`size=${pyShapeTuple(this.shape)}`, `dtype=${this.dtype}`, `quantization_scheme=${this.qscheme()}`];
    if (q.kind === 'per_tensor') {
      suffixes.push(`scale=${pyFloatRepr(q.scale)}`, `zero_point=${q.zeroPoint}`);
    } else {
      suffixes.push(
        `scale=${formatTensor(this.q_per_channel_scales())}`,
        `zero_point=${formatTensor(this.q_per_channel_zero_points())}`,
        `axis=${q.axis}`,
      );
    }
    return addSuffixes(`tensor(${formatTensorBody(this.dequantize(), indent)}`, suffixes, indent);
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  private perTensor(method: string): Extract<Quantizer, { kind: 'per_tensor' }> {
    if (this.quantizer.kind !== 'per_tensor') {
      throw new TypeError(
        `${method}() needs a per-tensor quantized tensor, but this one is ${this.qscheme()}; use q_per_channel_scales() / q_per_channel_zero_points()`,
      );
    }
    return this.quantizer;
  }

  private perChannel(method: string): Extract<Quantizer, { kind: 'per_channel' }> {
    if (this.quantizer.kind !== 'per_channel') {
      throw new TypeError(
        `${method}() needs a per-channel quantized tensor, but this one is ${this.qscheme()}; use q_scale() / q_zero_point()`,
      );
    }
    return this.quantizer;
  }
}
