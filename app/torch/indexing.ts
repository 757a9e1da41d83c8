/**
 * `t.at(…)`: Python's `t[…]` for cells (JS has no `w[:, 2]`). Each argument is one index:
 *   an int (negative counts from the end)  → select, drops the dimension
 *   a string slice "a:b", "a:b:c", ":", "::2", "-3:" (step > 0) → keeps the dimension
 *   null, or "None" → a new dimension of size 1 (numpy.newaxis)
 *   "..." → as many full slices as needed
 * A single string can hold the whole Python index: `w.at(":, 2")` is `w[:, 2]`,
 * `w.at("..., None")` is `w[..., None]`; `w.at(":", i)` mixes in a variable.
 * Results are views exactly where PyTorch's are (see strided.ts for what is shared).
 * Tensor/list indices (advanced indexing) are refused: use index_select or where.
 * Also: torch.index_select(input, dim, index).
 */
import { type DTypeName, int32, int64 } from './dtype.ts';
import { Tensor } from './tensor.ts';
import { type Layout, viewOf, gatherStorage, contiguousStrides } from './strided.ts';
import { intArg, toTensorArg, wrapDim } from './tensor-args.ts';
import { notSupported } from './errors.ts';
import { bigValues } from './operands.ts';
import { checkOptions, type Options } from './args.ts';

type Parsed =
  | { readonly kind: 'int'; readonly index: number }
  | { readonly kind: 'slice'; readonly start: number | null; readonly stop: number | null; readonly step: number }
  | { readonly kind: 'newaxis' }
  | { readonly kind: 'ellipsis' };

const INT = /^[+-]?\d+$/;

function parseBound(text: string, whole: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'None') return null;
  if (!INT.test(trimmed)) throw badIndex(whole);
  return Number(trimmed);
}

function badIndex(text: string): TypeError {
  return new TypeError(
    `at(): cannot read ${JSON.stringify(text)} as an index; write an int, a slice "a:b" or "a:b:c", "...", or null (None)`,
  );
}

function parseText(text: string): Parsed {
  const part = text.trim();
  if (part === '...') return { kind: 'ellipsis' };
  if (part === 'None') return { kind: 'newaxis' };
  if (INT.test(part)) return { kind: 'int', index: Number(part) };
  const pieces = part.split(':');
  if (pieces.length < 2 || pieces.length > 3) throw badIndex(text);
  const step = pieces.length === 3 ? (parseBound(pieces[2]!, text) ?? 1) : 1;
  if (step <= 0) {
    if (step === 0) throw new RangeError('slice step cannot be zero');
    throw notSupported('Tensor.at', `a negative slice step (${step}); PyTorch refuses it too: ValueError: step must be greater than zero`);
  }
  return { kind: 'slice', start: parseBound(pieces[0]!, text), stop: parseBound(pieces[1]!, text), step };
}

function parseParts(parts: readonly unknown[]): Parsed[] {
  const out: Parsed[] = [];
  for (const part of parts) {
    if (part === null) out.push({ kind: 'newaxis' });
    else if (typeof part === 'number' || typeof part === 'bigint') out.push({ kind: 'int', index: intArg(part, 'at', 'index') });
    else if (typeof part === 'string') out.push(...part.split(',').map(parseText));
    else if (part instanceof Tensor || Array.isArray(part)) {
      throw notSupported('Tensor.at', 'indexing with a tensor or list (advanced indexing); use torch.index_select or torch.where');
    } else if (typeof part === 'boolean') {
      throw notSupported('Tensor.at', 'indexing with a bool');
    } else throw badIndex(String(part));
  }
  return out;
}

/** The layout after applying the parsed index to `l` (ATen's applySlicing). */
function applyIndex(l: Layout, parts: readonly Parsed[]): Layout {
  const consumed = parts.filter((p) => p.kind === 'int' || p.kind === 'slice').length;
  if (parts.filter((p) => p.kind === 'ellipsis').length > 1) throw new RangeError("an index can only have a single ellipsis ('...')");
  if (consumed > l.shape.length) throw new RangeError(`too many indices for tensor of dimension ${l.shape.length}`);
  const shape: number[] = [];
  const strides: number[] = [];
  let offset = l.offset;
  let dim = 0;
  const takeRest = (count: number): void => {
    for (let i = 0; i < count; i++, dim++) {
      shape.push(l.shape[dim]!);
      strides.push(l.strides[dim]!);
    }
  };
  for (const part of parts) {
    switch (part.kind) {
      case 'ellipsis':
        takeRest(l.shape.length - consumed - dim + countBefore(parts, part));
        break;
      case 'newaxis':
        shape.push(1);
        strides.push(dim < l.shape.length ? l.shape[dim]! * l.strides[dim]! : 1);
        break;
      case 'int': {
        const size = l.shape[dim]!;
        if (part.index < -size || part.index >= size) {
          throw new RangeError(`index ${part.index} is out of bounds for dimension ${dim} with size ${size}`);
        }
        offset += (part.index < 0 ? part.index + size : part.index) * l.strides[dim]!;
        dim++;
        break;
      }
      case 'slice': {
        const size = l.shape[dim]!;
        const clamp = (i: number): number => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
        const start = part.start === null ? 0 : clamp(part.start);
        const stop = part.stop === null ? size : clamp(part.stop);
        const length = stop > start ? Math.ceil((stop - start) / part.step) : 0;
        shape.push(length);
        strides.push(l.strides[dim]! * part.step);
        if (length > 0) offset += start * l.strides[dim]!;
        dim++;
        break;
      }
    }
  }
  takeRest(l.shape.length - dim);
  return { shape, strides, offset };
}

/** How many dim-consuming parts come before the ellipsis (already counted in `dim`). */
function countBefore(parts: readonly Parsed[], ellipsis: Parsed): number {
  let n = 0;
  for (const p of parts) {
    if (p === ellipsis) break;
    if (p.kind === 'int' || p.kind === 'slice') n++;
  }
  return n;
}

export function at<K extends DTypeName>(t: Tensor<K>, parts: readonly unknown[]): Tensor<K> {
  const parsed = parseParts(parts);
  return viewOf(t, (l) => applyIndex(l, parsed));
}

/** torch.index_select(input, dim, index): a copy; index is a 0-D or 1-D int64/int32 tensor. */
export function index_select<K extends DTypeName>(t: Tensor<K>, dim: number, index: Tensor, options: Options = {}): Tensor<K> {
  checkOptions('torch.index_select', options, [], ['out']);
  toTensorArg(t, 'torch.index_select', 'input');
  const idx = toTensorArg(index, 'torch.index_select', 'index', 3);
  if (idx.dtype !== int64 && idx.dtype !== int32) throw new TypeError('index_select(): Expected dtype int32 or int64 for index');
  if (idx.dim() > 1) throw new RangeError('index_select(): Index is supposed to be a vector');
  const axis = wrapDim(intArg(dim, 'index_select', 'dim'), t.dim());
  const size = t.dim() === 0 ? 1 : t.shape[axis]!;
  const picks = Array.from(bigValues(idx), Number);
  for (const p of picks) {
    if (p < 0 || p >= size) throw new RangeError(`index out of range in self`);
  }
  if (t.dim() === 0)
    return new Tensor(gatherStorage(t.data, t.dtype, Int32Array.from(picks)), idx.dim() === 0 ? [] : [picks.length], t.dtype);
  const strides = contiguousStrides(t.shape);
  const outShape = t.shape.map((s, d) => (d === axis ? picks.length : s));
  const outer = t.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = strides[axis]!;
  const sources = new Int32Array(outer * picks.length * inner);
  let k = 0;
  for (let o = 0; o < outer; o++) {
    for (const p of picks) {
      const base = o * size * inner + p * inner;
      for (let j = 0; j < inner; j++) sources[k++] = base + j;
    }
  }
  return new Tensor(gatherStorage(t.data, t.dtype, sources), outShape, t.dtype);
}
