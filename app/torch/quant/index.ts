/**
 * Linear quantization, two layers:
 *
 * PyTorch twins (Tensor in, Tensor/QTensor out, bit-exact with torch 1.13):
 *   quantize_per_tensor(x, scale, zero_point, torch.qint8) → QTensor
 *   quantize_per_channel(x, scales, zero_points, axis, torch.qint8) → QTensor
 *   MinMaxObserver, PerChannelMinMaxObserver, observer.minmax / observer.perChannelMinmax
 *   per_tensor_affine, per_tensor_symmetric, per_channel_affine, per_channel_symmetric
 *
 * Course building blocks (plain arrays; int2 … int8 and uint2 … uint8; per tensor/channel/group):
 *   asymmetricQParams, symmetricQParams, symmetricScale (course /127 vs PyTorch /127.5),
 *   computeQParams, quantizeArray, dequantizeArray, fakeQuantize (both at once),
 *   quantError (MSE, max error, SNR dB).
 */
export { type AffineParams, type ScaleRounding, dequantizeArray, dequantizeInto, quantizeArray, quantizeInto } from './affine.ts';
export { type Granularity, type ParamLayout, paramLayout } from './layout.ts';
export { type QuantError, quantError } from './metrics.ts';
export { fakeQuantize, quantizeDequantizeInto } from './roundtrip.ts';
export { setSimdEnabled } from './simd.ts';
export {
  type ObserverDtype,
  type ObserverQParams,
  type PerChannelQParams,
  minmaxQParams,
  observerQParams,
  perChannelMinmaxQParams,
} from './observer.ts';
export {
  MinMaxObserver,
  PerChannelMinMaxObserver,
  type ObserverOptions,
  type PerChannelObserverOptions,
  observer,
} from './observer-torch.ts';
export {
  type QParams,
  type QParamsOptions,
  type ScaleZeroPoint,
  type SymmetricConvention,
  asymmetricQParams,
  computeQParams,
  symmetricQParams,
  symmetricScale,
  symmetricZeroPoint,
} from './qparams.ts';
export {
  QScheme,
  type QSchemeName,
  QSCHEMES,
  per_channel_affine,
  per_channel_symmetric,
  per_tensor_affine,
  per_tensor_symmetric,
  toQScheme,
} from './qscheme.ts';
export { QTensor, type QuantizedDTypeName, type Quantizer } from './qtensor.ts';
export { quantize_per_channel, quantize_per_tensor } from './quantize.ts';
export { FLOAT32_EPS, QUANT_BITS, type QRange, type QuantBits, type QuantTarget, qrange, quantTarget, toQuantTarget } from './targets.ts';
