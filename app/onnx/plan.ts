// Which weight gets which format: a config (default, per operator type, per layer) resolved
// against the model's weights. A layer is a weight, named by its value name (e.g.
// "conv2d_10.w_0") or by the name of a node that reads it. Unknown names are errors that list
// near matches; formats that cannot apply to a named layer are errors too, while the default
// and per-operator entries quietly leave ineligible weights in float32.
import { type WeightRef, attrInt, consumers, nearMatches, weightRefs } from './graph.ts';
import { type ModelProto, TensorProtoDataType } from './onnx-proto.gen.ts';
import { dtypeName, tensorNumel, tensorShape } from './tensor.ts';

export type Granularity = 'tensor' | 'channel';

export type WeightFormat =
  | { readonly kind: 'fp32' }
  | { readonly kind: 'float16' }
  | { readonly kind: 'bfloat16' }
  /** Weight-only: int8 storage + DequantizeLinear, float32 compute. */
  | { readonly kind: 'int8'; readonly granularity: Granularity; readonly symmetric: boolean }
  /**
   * ONNX Runtime's quantize_dynamic: symmetric int8 weights, activations quantized at run time, integer
   * MatMul/Conv; `reduceRange` is its reduce_range=True (weights in [-64, 64], scale max|w| / 64).
   */
  | { readonly kind: 'dynamic'; readonly granularity: Granularity; readonly reduceRange: boolean };

export type FormatName = WeightFormat['kind'];
export type FormatSpec =
  | FormatName
  | { readonly kind: 'fp32' | 'float16' | 'bfloat16' }
  | { readonly kind: 'int8'; readonly granularity?: Granularity; readonly symmetric?: boolean }
  | { readonly kind: 'dynamic'; readonly granularity?: Granularity; readonly reduceRange?: boolean };

export interface TransformConfig {
  readonly default?: FormatSpec;
  /** Format by the type of the operator reading the weight ("Conv", "MatMul", ...). */
  readonly byOp?: Readonly<Record<string, FormatSpec>>;
  /** Format by layer: weight value name or the name of a node reading it. */
  readonly layers?: Readonly<Record<string, FormatSpec>>;
  /** Weights with fewer elements stay float32 unless named in `layers` (default 16). */
  readonly minElements?: number;
}

/** A weight as reports name it: its name, the operators reading it, its shape and the format it went to. */
export interface LayerLabel {
  readonly name: string;
  readonly ops: readonly string[];
  readonly shape: readonly number[];
  readonly format: FormatName;
}

export interface PlannedLayer {
  readonly name: string;
  readonly ref: WeightRef;
  readonly shape: readonly number[];
  /** Operator types reading the weight. */
  readonly ops: readonly string[];
  readonly format: WeightFormat;
  /** Per-channel axis for the reading operator (output channels), -1 when not a matrix weight. */
  readonly axis: number;
}

export function resolveFormat(spec: FormatSpec): WeightFormat {
  if (typeof spec === 'string') {
    if (spec === 'int8' || spec === 'dynamic') return resolveFormat({ kind: spec });
    if (spec === 'fp32' || spec === 'float16' || spec === 'bfloat16') return { kind: spec };
    throw new TypeError(`unknown weight format '${String(spec)}' (expected fp32, float16, bfloat16, int8 or dynamic)`);
  }
  if (spec.kind === 'int8') return { kind: 'int8', granularity: spec.granularity ?? 'channel', symmetric: spec.symmetric ?? true };
  if (spec.kind === 'dynamic') {
    const reduceRange = spec.reduceRange ?? false;
    if (typeof reduceRange !== 'boolean')
      throw new TypeError(`dynamic format: reduceRange must be true or false, got ${String(reduceRange)}`);
    return { kind: 'dynamic', granularity: spec.granularity ?? 'tensor', reduceRange };
  }
  return resolveFormat(spec.kind);
}

const MATRIX_OPS = new Set(['Conv', 'ConvTranspose', 'MatMul', 'Gemm']);
const DYNAMIC_OPS = new Set(['Conv', 'MatMul']);

export function planTransform(model: ModelProto, config: TransformConfig): PlannedLayer[] {
  const graph = model.graph ?? {};
  const uses = consumers(graph);
  const refs = weightRefs(graph);
  const byName = new Map<string, WeightRef[]>();
  for (const ref of refs) {
    // A node's name stands for its weight (input 1) when it is a Conv/MatMul/Gemm, else for all its weights.
    const readers = (uses.get(ref.name) ?? []).filter((u) => u.node.name && (!MATRIX_OPS.has(u.node.opType ?? '') || u.inputIndex === 1));
    for (const key of [ref.name, ...readers.map((u) => u.node.name ?? '')]) byName.set(key, [...(byName.get(key) ?? []), ref]);
  }
  const explicit = new Map<string, { format: WeightFormat; key: string }>();
  for (const [key, spec] of Object.entries(config.layers ?? {})) {
    const matched = byName.get(key);
    if (!matched) {
      const near = nearMatches(key, byName.keys());
      throw new RangeError(
        `transform: no layer named '${key}'${near.length ? `; did you mean ${near.map((n) => `'${n}'`).join(', ')}?` : ''} (layers are weight names or names of nodes reading a weight)`,
      );
    }
    for (const ref of matched) explicit.set(ref.name, { format: resolveFormat(spec), key });
  }
  const minElements = config.minElements ?? 16;
  const fallback = resolveFormat(config.default ?? 'fp32');
  return refs.flatMap((ref): PlannedLayer[] => {
    const readers = uses.get(ref.name) ?? [];
    const ops = [...new Set(readers.map((u) => u.node.opType ?? ''))];
    const shape = tensorShape(ref.tensor);
    const isFloat = ref.tensor.dataType === TensorProtoDataType.FLOAT;
    const matrix = readers.length > 0 && readers.every((u) => MATRIX_OPS.has(u.node.opType ?? '') && u.inputIndex === 1);
    const axis = matrix ? channelAxis(readers[0]!.node.opType ?? '', readers[0]!.node, shape.length) : -1;
    const numel = tensorNumel(ref.tensor);
    const facts = { isFloat, matrix, ops, shape, numel, minElements, axis };
    const keep: PlannedLayer[] = isFloat ? [{ name: ref.name, ref, shape, ops, format: { kind: 'fp32' }, axis }] : [];
    const named = explicit.get(ref.name);
    if (named) {
      const why = ineligible(named.format, { ...facts, minElements: 0 });
      if (why !== null)
        throw new RangeError(
          `transform: layer '${named.key}' (${dtypeName(ref.tensor.dataType)} [${shape.join(', ')}], read by ${ops.join(', ') || 'nothing'}) cannot be ${named.format.kind}: ${why}`,
        );
      return isFloat ? [{ name: ref.name, ref, shape, ops, format: named.format, axis }] : [];
    }
    const opSpec = ops.length === 1 ? config.byOp?.[ops[0]!] : undefined;
    let format = fallback;
    if (opSpec !== undefined) {
      const candidate = resolveFormat(opSpec);
      const why = ineligible(candidate, facts);
      // The operator's matrix weight must take the format; its other inputs (biases) fall back to the default.
      if (why !== null && matrix && numel >= minElements) throw new RangeError(`transform: byOp.${ops[0]} = ${candidate.kind}: ${why}`);
      if (why === null) format = candidate;
    }
    if (ineligible(format, facts) !== null) return keep;
    return isFloat ? [{ name: ref.name, ref, shape, ops, format, axis }] : [];
  });
}

interface Facts {
  readonly isFloat: boolean;
  readonly matrix: boolean;
  readonly ops: readonly string[];
  readonly shape: readonly number[];
  readonly numel: number;
  readonly minElements: number;
  readonly axis: number;
}

function ineligible(format: WeightFormat, f: Facts): string | null {
  if (format.kind === 'fp32') return null;
  if (!f.isFloat) return 'only float32 weights are converted';
  if (f.numel < f.minElements) return `it has fewer than ${f.minElements} elements`;
  if (format.kind === 'float16' || format.kind === 'bfloat16') return null;
  if (!f.matrix)
    return `${format.kind} applies to weights read as input 1 of ${[...(format.kind === 'int8' ? MATRIX_OPS : DYNAMIC_OPS)].join('/')}`;
  if (format.kind === 'int8') return null;
  if (!f.ops.every((op) => DYNAMIC_OPS.has(op)))
    return `dynamic quantization rewrites MatMul and Conv only, this weight is read by ${f.ops.join(', ')}`;
  if (f.ops.includes('MatMul') && f.shape.length !== 2) return `dynamic MatMul needs a 2-D weight, got [${f.shape.join(', ')}]`;
  return null;
}

/** The output-channel axis of a weight for its operator (where per-channel scales go). */
function channelAxis(op: string, node: NonNullable<WeightRef['node']>, rank: number): number {
  if (op === 'Conv') return 0; // [M, C/group, k...]
  if (op === 'ConvTranspose') return 1; // [C, M/group, k...]
  if (op === 'Gemm') return attrInt(node, 'transB', 0) ? 0 : 1;
  return rank - 1; // MatMul: [.., K, N], one scale per output column
}
