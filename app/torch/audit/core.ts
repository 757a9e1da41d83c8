/**
 * Audit (issue 11) of the `torch` members and Tensor/QTensor methods that are neither reductions
 * (reduce.ts) nor element-wise/shape/factory ops (ops.ts): dtypes, info, construction, random
 * numbers, torch.dot (Tensor.dot, installed by tensor-math-methods.ts, is in ops.ts), quantization.
 * Each 'refuses' form throws NotImplementedError (audit.test.ts calls it).
 *
 * Known differences that are documented rather than refused (app/torch/CONTEXT.md):
 * - torch.tensor([1, 2]) is float32: JS cannot tell 1 from 1.0, so numbers count as floats; use
 *   bigints (1n) or { dtype } for integer tensors.
 * - dot/Tensor.dot of float32 accumulate sequentially in float32 (tensor(336.5886) in the chapter),
 *   Debian's torch 1.13 goes through OpenBLAS sdot (336.5882, = { accumulate: torch.float64 } here).
 * - t.shape / t.size() are frozen arrays and print as [2, 3], not torch.Size([2, 3]).
 */
import type { AuditEntry, AuditTable } from './types.ts';

const exact: AuditEntry = { status: 'exact', refuses: [] };
const ours: AuditEntry = { status: 'ours', refuses: [] };
const refuses = (...forms: string[]): AuditEntry => ({ status: 'refuses', refuses: forms });

const DTYPE_NAMES = [
  'uint8',
  'int8',
  'int16',
  'int32',
  'int64',
  'float16',
  'bfloat16',
  'float32',
  'float64',
  'qint8',
  'quint8',
  'half',
  'float',
  'double',
  'short',
  'int',
  'long',
];
const QSCHEMES = ['per_tensor_affine', 'per_tensor_symmetric', 'per_channel_affine', 'per_channel_symmetric'];
const OBSERVER_REFUSED = ['reduce_range=', 'quant_min=', 'quant_max=', 'factory_kwargs=', 'eps=', 'is_dynamic='];

export const AUDIT: AuditTable = {
  ...Object.fromEntries(DTYPE_NAMES.map((n) => [`torch.${n}`, exact])),
  ...Object.fromEntries(QSCHEMES.map((n) => [`torch.${n}`, exact])),
  'torch.dtype': exact,
  'torch.Tensor': refuses('torch.Tensor(data)'),
  'torch.Generator': refuses("device='cuda'"),
  'torch.default_generator': exact,
  'torch.iinfo': exact,
  'torch.finfo': exact,
  'torch.tensor': refuses('device=', 'requires_grad=', 'pin_memory='),
  'torch.fromStorage': ours,
  'torch.rand': refuses('out=', 'layout=', 'device=', 'requires_grad=', 'pin_memory=', 'names='),
  'torch.randn': refuses('out=', 'layout=', 'device=', 'requires_grad=', 'pin_memory=', 'names='),
  'torch.manual_seed': exact,
  'torch.initial_seed': exact,
  'torch.dot': refuses('out='),
  'torch.promote_types': exact,
  'torch.result_type': exact,
  'torch.is_floating_point': exact,
  'torch.numel': exact,
  'torch.quantize_per_tensor': exact,
  'torch.quantize_per_channel': exact,
  'torch.ao': exact,
  'torch.ao.quantization.MinMaxObserver': refuses(...OBSERVER_REFUSED),
  'torch.ao.quantization.PerChannelMinMaxObserver': refuses(...OBSERVER_REFUSED),

  'Tensor.numel': exact,
  'Tensor.element_size': exact,
  'Tensor.dim': exact,
  'Tensor.ndim': exact,
  'Tensor.size': exact,
  'Tensor.item': exact,
  'Tensor.tolist': exact,
  'Tensor.flatItem': ours,
  'Tensor.toFloat64': ours,
  'Tensor.to': refuses("device='cuda'", 'non_blocking=', 'memory_format='),
  'Tensor.float': refuses('memory_format='),
  'Tensor.double': refuses('memory_format='),
  'Tensor.half': refuses('memory_format='),
  'Tensor.bfloat16': refuses('memory_format='),
  'Tensor.clone': refuses('memory_format='),
  'Tensor.toString': exact,

  'QTensor.int_repr': exact,
  'QTensor.dequantize': exact,
  'QTensor.qscheme': exact,
  'QTensor.q_scale': exact,
  'QTensor.q_zero_point': exact,
  'QTensor.q_per_channel_scales': exact,
  'QTensor.q_per_channel_zero_points': exact,
  'QTensor.q_per_channel_axis': exact,
  'QTensor.numel': exact,
  'QTensor.dim': exact,
  'QTensor.size': exact,
  'QTensor.element_size': exact,
  'QTensor.toString': exact,
  'QTensor.affineParams': ours,
  'QTensor.perTensor': ours,
  'QTensor.perChannel': ours,
};
