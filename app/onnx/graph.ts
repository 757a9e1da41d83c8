// Graph plumbing shared by inspection and transforms: where weights live, who consumes what,
// attribute access, fresh names. Transforms never mutate their input: they copy the graph's
// arrays and the nodes they change, and share every untouched tensor (so no weight bytes move).
import {
  type AttributeProto,
  AttributeProtoAttributeType as AT,
  type GraphProto,
  type ModelProto,
  type NodeProto,
  type TensorProto,
} from './onnx-proto.gen.ts';
import { int64ToNumber } from './proto.ts';

export interface WeightRef {
  /** The value name nodes refer to (a Constant node's output, or the initializer's name). */
  readonly name: string;
  readonly tensor: TensorProto;
  readonly source: 'initializer' | 'constant';
  /** The Constant node, when source is 'constant'. */
  readonly node?: NodeProto;
}

/** Weights of the top-level graph: initializers first, then Constant nodes carrying a tensor. */
export function weightRefs(graph: GraphProto): WeightRef[] {
  const refs: WeightRef[] = (graph.initializer ?? []).map((t) => ({ name: t.name ?? '', tensor: t, source: 'initializer' }));
  for (const node of graph.node ?? []) {
    if (node.opType !== 'Constant' || (node.domain ?? '') !== '') continue;
    const value = (node.attribute ?? []).find((a) => a.name === 'value')?.t;
    const out = node.output?.[0];
    if (value && out) refs.push({ name: out, tensor: value, source: 'constant', node });
  }
  return refs;
}

export interface Use {
  readonly node: NodeProto;
  readonly nodeIndex: number;
  readonly inputIndex: number;
}

/** value name -> the top-level nodes reading it (and at which input). */
export function consumers(graph: GraphProto): Map<string, Use[]> {
  const map = new Map<string, Use[]>();
  (graph.node ?? []).forEach((node, nodeIndex) => {
    (node.input ?? []).forEach((name, inputIndex) => {
      if (name === '') return;
      const list = map.get(name) ?? [];
      list.push({ node, nodeIndex, inputIndex });
      map.set(name, list);
    });
  });
  return map;
}

export function attr(node: NodeProto, name: string): AttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}

export const attrInt = (node: NodeProto, name: string, fallback: number): number => {
  const a = attr(node, name);
  return a && a.type === AT.INT ? int64ToNumber(a.i) : fallback;
};
export const attrInts = (node: NodeProto, name: string): number[] | undefined => {
  const a = attr(node, name);
  return a ? (a.ints ?? []).map(int64ToNumber) : undefined;
};
export const attrFloat = (node: NodeProto, name: string): number | undefined => {
  const a = attr(node, name);
  return a ? (a.f ?? 0) : undefined;
};

export const intAttr = (name: string, i: number): AttributeProto => ({ name, type: AT.INT, i });
export const intsAttr = (name: string, ints: readonly number[]): AttributeProto => ({ name, type: AT.INTS, ints: [...ints] });
export const floatAttr = (name: string, f: number): AttributeProto => ({ name, type: AT.FLOAT, f });
export const tensorAttr = (name: string, t: TensorProto): AttributeProto => ({ name, type: AT.TENSOR, t });

export function makeNode(
  opType: string,
  input: readonly string[],
  output: readonly string[],
  attribute: readonly AttributeProto[] = [],
  name = '',
): NodeProto {
  return { opType, input: [...input], output: [...output], attribute: [...attribute], ...(name ? { name } : {}) };
}

/** Hands out names not used anywhere in the graph (values, initializers, nodes). */
export class NameScope {
  private readonly used = new Set<string>();
  constructor(graph: GraphProto) {
    for (const node of graph.node ?? []) {
      for (const n of [...(node.input ?? []), ...(node.output ?? []), node.name ?? '']) this.used.add(n);
    }
    for (const t of graph.initializer ?? []) this.used.add(t.name ?? '');
    for (const v of [...(graph.input ?? []), ...(graph.output ?? [])]) this.used.add(v.name ?? '');
  }
  fresh(base: string): string {
    let name = base;
    for (let k = 1; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }
}

/** A shallow copy of model and graph with fresh node/initializer arrays, safe to edit. */
export function editableCopy(model: ModelProto): { model: ModelProto; graph: GraphProto } {
  const graph: GraphProto = { ...model.graph, node: [...(model.graph?.node ?? [])], initializer: [...(model.graph?.initializer ?? [])] };
  return { model: { ...model, graph, opsetImport: (model.opsetImport ?? []).map((o) => ({ ...o })) }, graph };
}

/** Names within edit distance `max` (or sharing a prefix), nearest first; for "did you mean" errors. */
export function nearMatches(wanted: string, candidates: Iterable<string>, limit = 5): string[] {
  const scored = [...new Set(candidates)].map((c) => ({ c, d: editDistance(wanted.toLowerCase(), c.toLowerCase()) }));
  const max = Math.max(3, Math.floor(wanted.length / 3));
  return scored
    .filter((s) => s.d <= max || s.c.includes(wanted) || wanted.includes(s.c))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, limit)
    .map((s) => s.c);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
