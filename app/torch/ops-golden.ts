/**
 * Test helper (Node): replays the calls recorded by scripts/goldens/torch_ops.py against our
 * `torch`, so each golden case says in one place what was called and what PyTorch returned.
 */
import { decodeTensor, loadGolden, rawWords, type EncodedTensor } from './golden-io.ts';
import { torch, Tensor } from './index.ts';
import { DTYPES, type DTypeName } from './dtype.ts';

export type GoldenArg =
  | { t: EncodedTensor }
  | { int: number }
  | { float: number }
  | { bool: boolean }
  | { list: GoldenArg[] }
  | { dtype: string }
  | { none: true }
  | { str: string };

export type GoldenResult =
  | { tensor: EncodedTensor; str: string }
  | { seq: GoldenResult[] }
  | { bool: boolean }
  | { int: number }
  | { empty: { dtype: string; shape: number[] } };

export interface GoldenCase {
  readonly fn: string;
  readonly args: GoldenArg[];
  readonly kwargs: Record<string, GoldenArg>;
  readonly out?: GoldenResult;
  readonly error?: string;
  readonly message?: string;
  readonly seed?: number;
  readonly stride?: number[];
  readonly contiguous?: boolean;
  /** Methods applied to the first argument before the call (views whose strides matter). */
  readonly pre?: [string, ...GoldenArg[]][];
}

export function loadCases(file: string): GoldenCase[] {
  return loadGolden<{ cases: GoldenCase[] }>(file).cases;
}

export function decodeArg(arg: GoldenArg): unknown {
  if ('t' in arg) return decodeTensor(arg.t);
  if ('int' in arg) return Number.isSafeInteger(arg.int) ? arg.int : BigInt(arg.int);
  if ('float' in arg) return arg.float;
  if ('bool' in arg) return arg.bool;
  if ('list' in arg) return arg.list.map(decodeArg);
  if ('dtype' in arg) return DTYPES[arg.dtype as DTypeName];
  if ('none' in arg) return null;
  return arg.str;
}

type AnyFunction = (...args: unknown[]) => unknown;

/** Calls `torch.fn(…args, kwargs)` or `args[0].method(…rest, kwargs)` (attributes are read). */
export function replay(c: GoldenCase): unknown {
  const args = c.args.map(decodeArg);
  const kwargs = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, decodeArg(v)]));
  const withKwargs = Object.keys(kwargs).length > 0 ? [...args, kwargs] : args;
  if (c.seed !== undefined) torch.manual_seed(c.seed);
  for (const [name, ...pargs] of c.pre ?? []) {
    const self = args[0];
    if (!(self instanceof Tensor)) throw new Error(`${c.fn}: pre-call ${name} needs a tensor`);
    args[0] = (Reflect.get(self, name) as AnyFunction).apply(self, pargs.map(decodeArg));
  }
  if (c.fn.startsWith('Tensor.')) {
    const name = c.fn.slice('Tensor.'.length);
    const self = args[0];
    if (!(self instanceof Tensor)) throw new Error(`${c.fn}: first argument is not a tensor`);
    const member: unknown = Reflect.get(self, name);
    if (typeof member !== 'function') return member;
    return (member as AnyFunction).apply(self, withKwargs.slice(1));
  }
  const fn: unknown = Reflect.get(torch, c.fn);
  if (typeof fn !== 'function') throw new Error(`torch.${c.fn} is not a function`);
  return (fn as AnyFunction)(...withKwargs);
}

/**
 * Raw storage words with every NaN written as 'NaN': the sign bit of a NaN result depends on
 * which x86 instruction or libm routine made it (default NaN vs propagated operand), which is
 * not reproduced; everything else is compared bit for bit.
 */
function words(t: Tensor): (number | bigint | string)[] {
  const values = t.dtype.isFloat ? t.toFloat64() : undefined;
  return rawWords(t.dtype.isBool ? t.to(torch.uint8) : t).map((w, i) => (values !== undefined && Number.isNaN(values[i]) ? 'NaN' : w));
}

/** What a result looks like for comparison: dtype, shape, storage words and str(). */
export function describeResult(value: unknown): unknown {
  if (value instanceof Tensor) return { dtype: value.dtype.name, shape: [...value.shape], words: words(value), str: String(value) };
  if (Array.isArray(value)) return value.map(describeResult);
  return value;
}

export function describeGolden(out: GoldenResult): unknown {
  if ('tensor' in out) {
    const t = decodeTensor(out.tensor);
    return { dtype: t.dtype.name, shape: [...t.shape], words: words(t), str: out.str };
  }
  if ('seq' in out) return out.seq.map(describeGolden);
  if ('bool' in out) return out.bool;
  if ('int' in out) return out.int;
  return out.empty;
}

export function label(c: GoldenCase): string {
  const arg = (a: GoldenArg): string => {
    if ('t' in a) return `${a.t.dtype}${JSON.stringify(a.t.shape)}`;
    if ('list' in a) return `[${a.list.map(arg).join(', ')}]`;
    return JSON.stringify(Object.values(a)[0]);
  };
  const kw = Object.entries(c.kwargs).map(([k, v]) => `${k}=${arg(v)}`);
  return `${c.fn}(${[...c.args.map(arg), ...kw].join(', ')})`;
}
