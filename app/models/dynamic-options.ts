// quantize_dynamic()'s options as ONNX Runtime names them, checked, and the variant's label:
// shared by OnnxModel and BlipHubModel. Plain TypeScript with no runtime import, so that code
// run under Node (tests, the bench) can use BlipHubModel without loading onnxruntime-web.
export interface DynamicOptions {
  /** Operator types to quantize dynamically, as ONNX Runtime's op_types_to_quantize (default MatMul and Conv). */
  readonly op_types?: readonly ('MatMul' | 'Conv')[];
  readonly keep?: readonly string[];
  /** ONNX Runtime's reduce_range: 7-bit weights ([-64, 64], scale max|w| / 64), default false. */
  readonly reduce_range?: boolean;
}

/** The dynamic format quantize_dynamic() asks for, its options checked (shared by OnnxModel and BlipHubModel). */
export function dynamicFormat(options: DynamicOptions, where: string): { readonly kind: 'dynamic'; readonly reduceRange: boolean } {
  const reduceRange = options.reduce_range ?? false;
  if (typeof reduceRange !== 'boolean') throw new TypeError(`${where}: reduce_range must be true or false, got ${JSON.stringify(reduceRange)}`);
  return { kind: 'dynamic', reduceRange };
}

/** The variant's label: "dynamic int8 (MatMul)", with ", reduce_range" when asked. */
export const dynamicLabel = (ops: readonly string[], reduceRange: boolean): string =>
  `dynamic int8 (${ops.join(', ')}${reduceRange ? ', reduce_range' : ''})`;
