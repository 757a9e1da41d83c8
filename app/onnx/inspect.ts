// What a model holds: weights (initializers and Constant nodes alike), parameter count,
// memory footprint by dtype, opsets and an operator histogram. Reads only metadata and sizes;
// no weight bytes are touched.
import { type WeightRef, consumers, weightRefs } from './graph.ts';
import type { ModelProto, ValueInfoProto } from './onnx-proto.gen.ts';
import { int64ToNumber } from './proto.ts';
import { type DTypeName, dtypeName, tensorByteSize, tensorNumel, tensorShape } from './tensor.ts';

export interface WeightInfo {
  readonly name: string;
  readonly source: WeightRef['source'];
  readonly dtype: DTypeName | `unknown(${number})`;
  readonly shape: readonly number[];
  readonly numel: number;
  readonly bytes: number;
  /** Operator types reading this weight ("Conv", "MatMul", ...). */
  readonly usedBy: readonly string[];
}

export interface DtypeFootprint {
  readonly dtype: string;
  readonly tensors: number;
  readonly elements: number;
  readonly bytes: number;
}

export interface Footprint {
  readonly totalBytes: number;
  readonly byDtype: readonly DtypeFootprint[];
}

export interface ValueSummary {
  readonly name: string;
  readonly dtype: string;
  /** Fixed sizes as numbers, symbolic ones by their dim_param name. */
  readonly shape: readonly (number | string)[];
}

export interface ModelSummary {
  readonly irVersion: number;
  readonly producer: string;
  readonly opsets: readonly { readonly domain: string; readonly version: number }[];
  readonly inputs: readonly ValueSummary[];
  readonly outputs: readonly ValueSummary[];
  readonly nodeCount: number;
  /** Operator type -> count, most frequent first. */
  readonly operators: readonly { readonly op: string; readonly count: number }[];
  readonly weights: readonly WeightInfo[];
  /** Elements of floating-point and 8-bit weight tensors (int32/int64/bool constants are shapes and indices). */
  readonly parameterCount: number;
  readonly footprint: Footprint;
}

const NOT_PARAMETERS = new Set(['int64', 'int32', 'bool', 'string']);

export function listWeights(model: ModelProto): WeightInfo[] {
  const graph = model.graph ?? {};
  const uses = consumers(graph);
  return weightRefs(graph).map((ref) => ({
    name: ref.name,
    source: ref.source,
    dtype: dtypeName(ref.tensor.dataType),
    shape: tensorShape(ref.tensor),
    numel: tensorNumel(ref.tensor),
    bytes: tensorByteSize(ref.tensor),
    usedBy: [...new Set((uses.get(ref.name) ?? []).map((u) => u.node.opType ?? ''))],
  }));
}

/** Bytes of all weights, like transformers' `get_memory_footprint()` (parameters and buffers). */
export function memoryFootprint(model: ModelProto, weights: readonly WeightInfo[] = listWeights(model)): Footprint {
  const by = new Map<string, { tensors: number; elements: number; bytes: number }>();
  for (const w of weights) {
    const entry = by.get(w.dtype) ?? { tensors: 0, elements: 0, bytes: 0 };
    entry.tensors++;
    entry.elements += w.numel;
    entry.bytes += w.bytes;
    by.set(w.dtype, entry);
  }
  const byDtype = [...by].map(([dtype, e]) => ({ dtype, ...e })).sort((a, b) => b.bytes - a.bytes);
  return { totalBytes: byDtype.reduce((a, e) => a + e.bytes, 0), byDtype };
}

export function operatorHistogram(model: ModelProto): { op: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const node of model.graph?.node ?? []) {
    const op = node.domain ? `${node.domain}.${node.opType ?? ''}` : (node.opType ?? '');
    counts.set(op, (counts.get(op) ?? 0) + 1);
  }
  return [...counts].map(([op, count]) => ({ op, count })).sort((a, b) => b.count - a.count || a.op.localeCompare(b.op));
}

function valueSummary(v: ValueInfoProto): ValueSummary {
  const tensorType = v.type?.tensorType;
  return {
    name: v.name ?? '',
    dtype: dtypeName(tensorType?.elemType),
    shape: (tensorType?.shape?.dim ?? []).map((d) =>
      d.dimParam ? d.dimParam : d.dimValue === undefined ? '?' : int64ToNumber(d.dimValue),
    ),
  };
}

export function inspectModel(model: ModelProto): ModelSummary {
  const weights = listWeights(model);
  const graph = model.graph ?? {};
  const initializerNames = new Set((graph.initializer ?? []).map((t) => t.name));
  return {
    irVersion: int64ToNumber(model.irVersion),
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    opsets: (model.opsetImport ?? []).map((o) => ({ domain: o.domain ?? '', version: int64ToNumber(o.version) })),
    // Old exporters list initializers among the inputs; those are weights, not inputs.
    inputs: (graph.input ?? []).filter((v) => !initializerNames.has(v.name)).map(valueSummary),
    outputs: (graph.output ?? []).map(valueSummary),
    nodeCount: (graph.node ?? []).length,
    operators: operatorHistogram(model),
    weights,
    parameterCount: weights.filter((w) => !NOT_PARAMETERS.has(w.dtype)).reduce((a, w) => a + w.numel, 0),
    footprint: memoryFootprint(model, weights),
  };
}
