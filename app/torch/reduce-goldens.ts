/**
 * Test helper (Node): runs the cases of scripts/goldens/torch_reduce.py's files against
 * `torch.X(input, kwargs)` and `input.X(kwargs)` and compares dtype, shape, every element
 * (bit for bit, or within a stated ulp tolerance) and the printed repr.
 */
import { expect } from 'vitest';
import { decodeTensor, loadGolden, type EncodedTensor } from './golden-io.ts';
import { DTYPES, type DTypeName } from './dtype.ts';
import { torch, Tensor } from './index.ts';
import { ulpDistance } from './tolerance.ts';

export interface ReduceCase {
  readonly fn: string;
  readonly input: number;
  readonly kwargs: Readonly<Record<string, unknown>>;
  readonly result?: EncodedTensor;
  readonly values?: EncodedTensor;
  readonly indices?: EncodedTensor;
  readonly tuple?: readonly EncodedTensor[];
  readonly repr?: string;
  readonly error?: string;
  readonly message?: string;
}

export interface ReduceGolden {
  readonly inputs: readonly EncodedTensor[];
  readonly cases: readonly ReduceCase[];
}

export const loadReduceGolden = (name: string): ReduceGolden => loadGolden<ReduceGolden>(name);

/** The golden's kwargs as a cell writes them: dtype names become torch dtypes, 'inf' becomes Infinity. */
export function jsKwargs(kwargs: Readonly<Record<string, unknown>>, inputDtype?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(kwargs)) {
    if (key === 'dtype' && typeof value === 'string') out[key] = DTYPES[value as DTypeName];
    else if (key === 'p' && value === 'inf') out[key] = Infinity;
    else if (key === 'p' && value === '-inf') out[key] = -Infinity;
    else if (key === 'q' && Array.isArray(value))
      out[key] = torch.tensor(value as number[], { dtype: DTYPES[(inputDtype ?? 'float32') as DTypeName] });
    else out[key] = value;
  }
  return out;
}

export function label(golden: ReduceGolden, c: ReduceCase, i: number): string {
  const input = golden.inputs[c.input]!;
  return `#${i} ${c.fn}(${input.dtype}${JSON.stringify(input.shape)}, ${JSON.stringify(c.kwargs)})`;
}

type Call = (input: Tensor, kwargs: Record<string, unknown>) => unknown;

const viaTorch =
  (fn: string): Call =>
  (input, kwargs) => {
    const member: unknown = Reflect.get(torch, fn);
    if (typeof member !== 'function') throw new Error(`torch.${fn} is missing`);
    return (member as (t: Tensor, k: Record<string, unknown>) => unknown)(input, kwargs);
  };
const viaMethod =
  (fn: string): Call =>
  (input, kwargs) => {
    const member: unknown = Reflect.get(input, fn);
    if (typeof member !== 'function') throw new Error(`Tensor.${fn} is missing`);
    return (member as (this: Tensor, k: Record<string, unknown>) => unknown).call(input, kwargs);
  };

/** Position of a float on the integer line of its dtype's bit patterns (adjacent floats differ by 1). */
function orderedWord(t: Tensor, i: number): number {
  const d = t.data;
  if (d instanceof Uint16Array) {
    const w = d[i]!;
    return w & 0x8000 ? -(w & 0x7fff) : w;
  }
  if (d instanceof Float32Array) {
    const w = new Uint32Array(Float32Array.of(d[i]!).buffer)[0]!;
    return w >= 0x80000000 ? -(w - 0x80000000) : w;
  }
  return NaN;
}

/**
 * Elements equal bit for bit (any NaN equals any NaN: torch's vector paths write other NaN
 * payloads), or within `ulps` units in the last place of the tensor's own dtype (float64: of double).
 */
export function expectTensorClose(got: Tensor, want: Tensor, ulps = 0): void {
  expect(got.dtype.name).toBe(want.dtype.name);
  expect([...got.shape]).toEqual([...want.shape]);
  if (want.data instanceof BigInt64Array) {
    expect(Array.from(got.data as BigInt64Array)).toEqual(Array.from(want.data));
    return;
  }
  const g = got.toFloat64();
  const w = want.toFloat64();
  let worst = 0;
  for (let i = 0; i < w.length; i++) {
    const a = g[i]!;
    const b = w[i]!;
    if (Number.isNaN(a) && Number.isNaN(b)) continue;
    const narrow = want.dtype.name !== 'float64' && !Number.isNaN(orderedWord(want, i));
    const d = Object.is(a, b)
      ? 0
      : a === b
        ? Infinity /* +0 vs -0 */
        : narrow
          ? Math.abs(orderedWord(got, i) - orderedWord(want, i))
          : ulpDistance(a, b);
    worst = Math.max(worst, d);
  }
  expect(worst, `worst distance in ulps of ${want.dtype.name}, allowed ${ulps}`).toBeLessThanOrEqual(ulps);
}

/** Runs one case both ways; `ulps(case)` gives the tolerance (0 = bit-exact). */
export function checkCase(golden: ReduceGolden, c: ReduceCase, ulps = 0, reprToo = true): void {
  const input = decodeTensor(golden.inputs[c.input]!);
  for (const call of [viaTorch(c.fn), viaMethod(c.fn)]) {
    if (c.error !== undefined) {
      expect(() => call(input, jsKwargs(c.kwargs, input.dtype.name))).toThrow(c.message!);
      continue;
    }
    const got = call(input, jsKwargs(c.kwargs, input.dtype.name));
    if (c.result) {
      expect(got).toBeInstanceOf(Tensor);
      expectTensorClose(got as Tensor, decodeTensor(c.result), ulps);
    } else if (c.values && c.indices) {
      const pair = got as { values: Tensor; indices: Tensor };
      expectTensorClose(pair.values, decodeTensor(c.values), ulps);
      expectTensorClose(pair.indices, decodeTensor(c.indices), 0);
    } else if (c.tuple) {
      const items = [...(got as Iterable<Tensor>)];
      expect(items.length).toBe(c.tuple.length);
      c.tuple.forEach((t, k) => expectTensorClose(items[k]!, decodeTensor(t), ulps));
    }
    if (reprToo) expect(String(got)).toBe(c.repr);
  }
}
