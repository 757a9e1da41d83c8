/**
 * PyTorch's tensor repr, ported from torch/_tensor_str.py (1.13): precision 4, threshold 1000,
 * edgeitems 3, linewidth 80. The Python logic is kept step by step (including its quirks,
 * such as `_add_suffixes` counting two extra characters) because the output must match to
 * the character.
 */
import type { Tensor } from './tensor.ts';
import { float32, int64 } from './dtype.ts';
import { ValueFormatter, PRINT_OPTIONS, type Cell } from './repr-formatter.ts';

export { PRINT_OPTIONS };

/** Nested view over decoded values, so the layout code does not care about dtypes. */
interface Block {
  readonly shape: readonly number[];
  readonly values: readonly Cell[];
}

function subBlock(block: Block, index: number): Block {
  const inner = block.shape.slice(1);
  const size = inner.reduce((p, s) => p * s, 1);
  return { shape: inner, values: block.values.slice(index * size, (index + 1) * size) };
}

function cells(t: Tensor): Cell[] {
  // float16/bfloat16 print through float32 (`self.float()` in _tensor_str); values are exact.
  const out: Cell[] = [];
  if (t.dtype.isBool) for (let i = 0; i < t.numel(); i++) out.push(t.data[i] !== 0);
  else for (let i = 0; i < t.numel(); i++) out.push(t.flatItem(i));
  return out;
}

/** get_summarized_data: keep edgeitems from each end of every dimension. */
function summarized(block: Block): Cell[] {
  const { edgeitems } = PRINT_OPTIONS;
  if (block.shape.length === 0) return [...block.values];
  const size = block.shape[0]!;
  const indices = size > 2 * edgeitems
    ? [...Array(edgeitems).keys(), ...Array.from({ length: edgeitems }, (_, i) => size - edgeitems + i)]
    : [...Array(size).keys()];
  if (block.shape.length === 1) return indices.map((i) => block.values[i]!);
  return indices.flatMap((i) => summarized(subBlock(block, i)));
}

function vectorStr(block: Block, indent: number, summarize: boolean, formatter: ValueFormatter): string {
  const { edgeitems, linewidth } = PRINT_OPTIONS;
  const elementLength = formatter.width() + 2;
  const perLine = Math.max(1, Math.floor((linewidth - indent) / elementLength));
  const size = block.shape[0]!;
  const data = summarize && size > 2 * edgeitems
    ? [...block.values.slice(0, edgeitems).map((v) => formatter.format(v)), ' ...',
      ...block.values.slice(size - edgeitems).map((v) => formatter.format(v))]
    : block.values.map((v) => formatter.format(v));
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
  return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`;
}

function tensorStrWithFormatter(block: Block, indent: number, summarize: boolean, formatter: ValueFormatter): string {
  const dim = block.shape.length;
  if (dim === 0) return formatter.format(block.values[0]!);
  if (dim === 1) return vectorStr(block, indent, summarize, formatter);
  const { edgeitems } = PRINT_OPTIONS;
  const size = block.shape[0]!;
  const render = (i: number): string => tensorStrWithFormatter(subBlock(block, i), indent + 1, summarize, formatter);
  const slices = summarize && size > 2 * edgeitems
    ? [...Array.from({ length: edgeitems }, (_, i) => render(i)), '...',
      ...Array.from({ length: edgeitems }, (_, i) => render(size - edgeitems + i))]
    : Array.from({ length: size }, (_, i) => render(i));
  return `[${slices.join(`,${'\n'.repeat(dim - 1)}${' '.repeat(indent + 1)}`)}]`;
}

/** _tensor_str: the bracketed body for `t` (e.g. for quantized tensors pass the dequantized values). */
export function formatTensorBody(t: Tensor, indent: number): string {
  if (t.numel() === 0) return '[]';
  const block: Block = { shape: t.shape, values: cells(t) };
  const summarize = t.numel() > PRINT_OPTIONS.threshold;
  const formatter = new ValueFormatter(summarize ? summarized(block) : block.values, t.dtype.isFloat);
  return tensorStrWithFormatter(block, indent, summarize, formatter);
}

/** _add_suffixes, including Python's off-by-two in last_line_len. */
export function addSuffixes(body: string, suffixes: readonly string[], indent: number): string {
  const parts = [body];
  let lastLineLength = body.length - body.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLength + suffix.length + 2 > PRINT_OPTIONS.linewidth) {
      parts.push(`,\n${' '.repeat(indent)}${suffix}`);
      lastLineLength = indent + suffix.length;
    } else {
      parts.push(`, ${suffix}`);
      lastLineLength += suffix.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

/** Python's str(tuple(shape)): `(3,)`, `(2, 3)`, `()`. */
export function pyShapeTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** repr(tensor) for plain (non-quantized) tensors. */
export function formatTensor(t: Tensor): string {
  const prefix = 'tensor(';
  const indent = prefix.length;
  const suffixes: string[] = [];
  let body: string;
  if (t.numel() === 0) {
    if (t.dim() !== 1) suffixes.push(`size=${pyShapeTuple(t.shape)}`);
    if (t.dtype !== float32) suffixes.push(`dtype=${t.dtype}`);
    body = '[]';
  } else {
    if (t.dtype !== float32 && t.dtype !== int64 && !t.dtype.isBool) suffixes.push(`dtype=${t.dtype}`);
    body = formatTensorBody(t, indent);
  }
  return addSuffixes(prefix + body, suffixes, indent);
}
