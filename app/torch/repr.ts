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

/**
 * A view of one sub-block of the tensor, read element by element on demand:
 * a summarised repr (more than `threshold` elements) touches only the edge
 * items it prints, never every element (a 1.3e8-element tensor used to fail
 * copying them all into an array).
 */
interface Block {
  readonly shape: readonly number[];
  /** Flat (row-major) index of the block's first element. */
  readonly start: number;
  readonly item: (flatIndex: number) => Cell;
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((p, s) => p * s, 1);

function subBlock(block: Block, index: number): Block {
  const inner = block.shape.slice(1);
  return { shape: inner, start: block.start + index * sizeOf(inner), item: block.item };
}

/** Every value of the block, in order (only for blocks that print whole). */
function values(block: Block): Cell[] {
  const out: Cell[] = [];
  const size = sizeOf(block.shape);
  for (let i = 0; i < size; i++) out.push(block.item(block.start + i));
  return out;
}

/** The indices of dimension 0 a summary keeps: all, or edgeitems from each end. */
function shownIndices(size: number): number[] {
  const { edgeitems } = PRINT_OPTIONS;
  return size > 2 * edgeitems
    ? [...Array(edgeitems).keys(), ...Array.from({ length: edgeitems }, (_, i) => size - edgeitems + i)]
    : [...Array(size).keys()];
}

/** get_summarized_data: keep edgeitems from each end of every dimension. */
function summarized(block: Block): Cell[] {
  if (block.shape.length === 0) return [block.item(block.start)];
  const indices = shownIndices(block.shape[0]!);
  if (block.shape.length === 1) return indices.map((i) => block.item(block.start + i));
  return indices.flatMap((i) => summarized(subBlock(block, i)));
}

function vectorStr(block: Block, indent: number, summarize: boolean, formatter: ValueFormatter): string {
  const { edgeitems, linewidth } = PRINT_OPTIONS;
  const elementLength = formatter.width() + 2;
  const perLine = Math.max(1, Math.floor((linewidth - indent) / elementLength));
  const size = block.shape[0]!;
  const at = (i: number): string => formatter.format(block.item(block.start + i));
  const data =
    summarize && size > 2 * edgeitems
      ? [
          ...Array.from({ length: edgeitems }, (_, i) => at(i)),
          ' ...',
          ...Array.from({ length: edgeitems }, (_, i) => at(size - edgeitems + i)),
        ]
      : Array.from({ length: size }, (_, i) => at(i));
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
  return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`;
}

function tensorStrWithFormatter(block: Block, indent: number, summarize: boolean, formatter: ValueFormatter): string {
  const dim = block.shape.length;
  if (dim === 0) return formatter.format(block.item(block.start));
  if (dim === 1) return vectorStr(block, indent, summarize, formatter);
  const { edgeitems } = PRINT_OPTIONS;
  const size = block.shape[0]!;
  const render = (i: number): string => tensorStrWithFormatter(subBlock(block, i), indent + 1, summarize, formatter);
  const slices =
    summarize && size > 2 * edgeitems
      ? [
          ...Array.from({ length: edgeitems }, (_, i) => render(i)),
          '...',
          ...Array.from({ length: edgeitems }, (_, i) => render(size - edgeitems + i)),
        ]
      : Array.from({ length: size }, (_, i) => render(i));
  return `[${slices.join(`,${'\n'.repeat(dim - 1)}${' '.repeat(indent + 1)}`)}]`;
}

/** _tensor_str: the bracketed body for `t` (e.g. for quantized tensors pass the dequantized values). */
export function formatTensorBody(t: Tensor, indent: number): string {
  if (t.numel() === 0) return '[]';
  // float16/bfloat16 print through float32 (`self.float()` in _tensor_str); values are exact.
  const block: Block = { shape: t.shape, start: 0, item: t.dtype.isBool ? (i) => t.data[i] !== 0 : (i) => t.flatItem(i) };
  const summarize = t.numel() > PRINT_OPTIONS.threshold;
  const formatter = new ValueFormatter(summarize ? summarized(block) : values(block), t.dtype.isFloat);
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
