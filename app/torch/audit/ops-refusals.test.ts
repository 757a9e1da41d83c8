import { describe, expect, it } from 'vitest';
import { AUDIT, AT_REFUSES } from './ops.ts';
import { torch, Tensor } from '../index.ts';
import { NotImplementedError } from '../errors.ts';
import { SHAPE_METHOD_NAMES } from '../tensor-shape-methods.ts';
import { MATH_METHOD_NAMES } from '../tensor-math-methods.ts';

type Call = (extra: Record<string, unknown>) => unknown;
const a = torch.tensor([1.5, -2, 3]);
const i = torch.tensor([5n, 3n, 1n]);
const m = torch.ones(2, 2);
const b3 = torch.ones(2, 2, 2);
const cond = torch.tensor([true, false, true]);
const UNARY = ['abs', 'neg', 'sign', 'sqrt', 'exp', 'log', 'log2', 'log10', 'floor', 'ceil', 'trunc', 'frac', 'round', 'logical_not'];

/** One call of each audited function, with its usual arguments; `extra` is the trailing keyword object. */
function callFor(key: string): Call {
  const [owner, name] = key.split('.') as ['torch' | 'Tensor', string];
  const fn =
    (...args: unknown[]) =>
    (extra: Record<string, unknown>): unknown => {
      if (owner === 'torch') return (Reflect.get(torch, name) as (...x: unknown[]) => unknown)(...args, extra);
      const [self, ...rest] = args as [Tensor, ...unknown[]];
      return (Reflect.get(self, name) as (...x: unknown[]) => unknown).apply(self, [...rest, extra]);
    };
  if (UNARY.includes(name)) return fn(a);
  if (name === 'bitwise_not') return fn(i);
  if (name.startsWith('bitwise') || name.startsWith('__')) return fn(i, i);
  if (name === 'clamp' || name === 'clip') return fn(a, 0, 1);
  if (['matmul', 'mm'].includes(name)) return fn(m, m);
  if (name === 'bmm') return fn(b3, b3);
  if (name === 'where') return fn(cond, a, a);
  if (name === 'index_select') return fn(m, 0, torch.tensor([0n]));
  if (['cat', 'concat', 'stack'].includes(name)) return fn([a, a]);
  if (['zeros', 'ones', 'empty'].includes(name)) return fn(2);
  if (name === 'full') return fn([2], 0.5);
  if (name === 'eye') return fn(2);
  if (name === 'arange') return fn(0, 1, 0.25);
  if (name === 'linspace') return fn(0, 1, 5);
  if (name === 'full_like') return fn(a, 0.5);
  if (name.endsWith('_like')) return fn(a);
  if (name === 'contiguous' || name === 'is_contiguous') return fn(m);
  return fn(a, a);
}

/** The keyword (or argument) that makes each refused form. */
function formArgs(key: string, form: string): Call {
  const call = callFor(key);
  switch (form) {
    case 'out=':
      return () => call({ out: torch.zeros(3) });
    case 'device= other than cpu':
      return () => call({ device: 'cuda' });
    case 'requires_grad=True':
      return () => call({ requires_grad: true });
    case 'layout=':
      return () => call({ layout: 'sparse_coo' });
    case 'pin_memory=True':
      return () => call({ pin_memory: true });
    case 'memory_format=':
      return () => call({ memory_format: 'channels_last' });
    case 'integer dtype=':
      return () => call({ dtype: torch.int64 });
    case 'shift amounts < 0 or >= the bit width (undefined behaviour in torch)': {
      const name = key.split('.')[1]!;
      return () =>
        key.startsWith('torch.')
          ? (Reflect.get(torch, name) as (x: Tensor, y: number) => Tensor)(i, 64)
          : (Reflect.get(i, name) as (y: number) => Tensor).call(i, -1);
    }
    default:
      throw new Error(`no call for ${key} refusing ${form}`);
  }
}

describe('every refusal in audit/ops.ts throws NotImplementedError', () => {
  const forms = Object.entries(AUDIT).flatMap(([key, entry]) => entry.refuses.map((form) => [`${key}: ${form}`, key, form] as const));
  it.each(forms)('%s', (_l, key, form) => {
    expect(formArgs(key, form)).toThrow(NotImplementedError);
  });
  it.each(AT_REFUSES.map((f) => [f] as const))('Tensor.at refuses %s', (form) => {
    const arg = form.startsWith('tensor') ? torch.tensor([0n]) : form.startsWith('bool') ? true : '::-1';
    expect(() => m.at(arg as never)).toThrow(NotImplementedError);
  });
  it('forms that are not refused do not throw', () => {
    for (const [key, entry] of Object.entries(AUDIT)) {
      if (key === 'Tensor.T' || key === 'Tensor.mT' || key === 'Tensor.at' || key === 'Tensor.stride' || key === 'torch.bool') continue;
      if (entry.refuses.includes('out=')) expect(() => callFor(key)({}), key).not.toThrow();
    }
  });
  it('an unknown keyword is a TypeError, as in Python', () => {
    expect(() => torch.add(a, a, { alpah: 2 })).toThrow(TypeError);
    expect(() => torch.zeros(2, { dtyp: torch.int8 })).toThrow("torch.zeros got an unexpected keyword argument 'dtyp'");
    expect(() => a.div(2, { rounding: 'floor' })).toThrow(TypeError);
  });
});

describe('audit/ops.ts covers what exists', () => {
  it('every key names a member of torch or Tensor.prototype', () => {
    for (const key of Object.keys(AUDIT)) {
      const [owner, name] = key.split('.') as [string, string];
      if (owner === 'torch') expect(name in torch, key).toBe(true);
      else expect(name in Tensor.prototype, key).toBe(true);
    }
  });
  it('every method installed by tensor-math-methods.ts and tensor-shape-methods.ts is audited', () => {
    for (const name of [...MATH_METHOD_NAMES, ...SHAPE_METHOD_NAMES]) expect(AUDIT[`Tensor.${name}`], name).toBeDefined();
  });
});
