/**
 * Issue 11's audit: every member of `torch` and every method of Tensor / QTensor is classified in
 * exactly one table (audit/<area>.ts), and every refused form really throws NotImplementedError.
 * Tables join by file: a new audit/<area>.ts is picked up without editing this test.
 */
import { describe, expect, it } from 'vitest';
import { torch, Tensor, QTensor } from '../index.ts';
import { NotImplementedError } from '../errors.ts';
import type { AuditTable } from './types.ts';

const modules = import.meta.glob<{ AUDIT?: AuditTable; PROBES?: Probes }>(['./*.ts', '!./*.test.ts', '!./types.ts'], { eager: true });
type Probes = Readonly<Record<string, Readonly<Record<string, () => unknown>>>>;

const tables = Object.entries(modules).map(([file, m]) => {
  if (!m.AUDIT) throw new Error(`${file} exports no AUDIT table`);
  return { file, table: m.AUDIT, probes: m.PROBES ?? {} };
});

/** Every name a cell can reach: torch.*, torch.ao.quantization.*, Tensor.prototype, QTensor.prototype. */
function namespaceNames(): string[] {
  const names = Object.keys(torch).map((k) => `torch.${k}`);
  names.push(...Object.keys(torch.ao.quantization).map((k) => `torch.ao.quantization.${k}`));
  for (const [label, proto] of [
    ['Tensor', Tensor.prototype],
    ['QTensor', QTensor.prototype],
  ] as const) {
    for (const key of Object.getOwnPropertyNames(proto)) if (key !== 'constructor') names.push(`${label}.${key}`);
  }
  return names;
}

const t = torch.tensor([
  [1, 2],
  [3, 4],
]);
const cuda = { device: 'cuda' };

/** A call per refused form of the tables in this branch (others may ship PROBES next to their AUDIT). */
const PROBES: Probes = {
  'torch.Tensor': { 'torch.Tensor(data)': () => new torch.Tensor([1, 2] as unknown as Float32Array, [2], torch.float32) },
  'torch.Generator': { "device='cuda'": () => new torch.Generator('cuda') },
  'torch.tensor': {
    // keywords the TypeScript signature does not list arrive anyway from untyped cell code
    'device=': () => torch.tensor([1], cuda as never),
    'requires_grad=': () => torch.tensor([1], { requires_grad: true } as never),
    'pin_memory=': () => torch.tensor([1], { pin_memory: true } as never),
  },
  ...Object.fromEntries(
    ['rand', 'randn'].map((fn) => {
      const f = fn === 'rand' ? torch.rand : torch.randn;
      return [
        `torch.${fn}`,
        Object.fromEntries(
          ['out', 'layout', 'device', 'requires_grad', 'pin_memory', 'names'].map((k) => [
            `${k}=`,
            () => f(2, { [k]: k === 'requires_grad' || k === 'pin_memory' ? true : 'x' }),
          ]),
        ),
      ];
    }),
  ),
  'torch.dot': { 'out=': () => torch.dot(torch.tensor([1]), torch.tensor([2]), { out: t } as never) },
  ...Object.fromEntries(
    ['MinMaxObserver', 'PerChannelMinMaxObserver'].map((cls) => {
      const C = torch.ao.quantization[cls as 'MinMaxObserver'];
      return [
        `torch.ao.quantization.${cls}`,
        Object.fromEntries(
          ['reduce_range', 'quant_min', 'quant_max', 'factory_kwargs', 'eps', 'is_dynamic'].map((k) => [
            `${k}=`,
            () => new C({ [k]: 1 } as never),
          ]),
        ),
      ];
    }),
  ),
  'Tensor.to': {
    "device='cuda'": () => t.to('cuda' as never),
    'non_blocking=': () => t.to({ non_blocking: true } as never),
    'memory_format=': () => t.to(torch.float64, { memory_format: 'x' } as never),
  },
  ...Object.fromEntries(
    ['float', 'double', 'half', 'bfloat16', 'clone'].map((m) => [
      `Tensor.${m}`,
      {
        'memory_format=': () => (Reflect.get(t, m) as (o: object) => unknown).call(t, { memory_format: 'x' }),
      },
    ]),
  ),
  ...Object.fromEntries(
    ['sum', 'mean', 'prod', 'amax', 'amin', 'max', 'min', 'argmax', 'argmin', 'std', 'var', 'cumsum', 'sort', 'quantile', 'histc'].flatMap(
      (fn) => {
        const f = t.float();
        const dimFirst = fn === 'cumsum' || fn === 'max' || fn === 'min' ? { dim: 0 } : fn === 'quantile' ? { q: 0.5 } : {};
        return [
          [`torch.${fn}`, { 'out=': () => (Reflect.get(torch, fn) as (x: Tensor, o: object) => unknown)(f, { ...dimFirst, out: f }) }],
          [`Tensor.${fn}`, { 'out=': () => (Reflect.get(f, fn) as (o: object) => unknown).call(f, { ...dimFirst, out: f }) }],
        ];
      },
    ),
  ),
  ...Object.fromEntries(
    ['torch', 'Tensor'].map((owner) => {
      const f = t.float();
      const call = (o: object) => (owner === 'torch' ? torch.norm(f, o as never) : f.norm(o as never));
      return [
        `${owner}.norm`,
        { "p='nuc'": () => call({ p: 'nuc' }), 'out=': () => call({ out: f }), 'dtype=': () => call({ dtype: torch.float64 }) },
      ];
    }),
  ),
  ...Object.fromEntries(
    ['torch', 'Tensor'].flatMap((owner) => {
      const f = t.float();
      const topk = (o: object) => (owner === 'torch' ? torch.topk(f, o as never) : f.topk(o as never));
      const unique = (o: object) => (owner === 'torch' ? torch.unique(f, o as never) : f.unique(o as never));
      return [
        [`${owner}.topk`, { 'sorted=False': () => topk({ k: 1, sorted: false }), 'out=': () => topk({ k: 1, out: f }) }],
        [`${owner}.unique`, { 'sorted=False': () => unique({ sorted: false }), 'dim=': () => unique({ dim: 0 }) }],
      ];
    }),
  ),
};

describe('issue 11 audit tables', () => {
  it('every torch member and Tensor/QTensor method is in exactly one table', () => {
    const owners = new Map<string, string[]>();
    for (const { file, table } of tables) for (const key of Object.keys(table)) owners.set(key, [...(owners.get(key) ?? []), file]);
    const names = namespaceNames();
    const uncovered = names.filter((n) => !owners.has(n));
    const twice = [...owners].filter(([, files]) => files.length > 1).map(([key, files]) => `${key} (${files.join(', ')})`);
    const stale = [...owners.keys()].filter((key) => !names.includes(key));
    expect({ uncovered, twice, stale }).toEqual({ uncovered: [], twice: [], stale: [] });
  });

  it("every entry's refuses list is empty unless its status is 'refuses' (and then not empty)", () => {
    for (const { table } of tables) {
      for (const [key, entry] of Object.entries(table))
        expect(`${key}: ${entry.refuses.length > 0}`).toBe(`${key}: ${entry.status === 'refuses'}`);
    }
  });

  // An area whose refusals have a test file of their own (audit/<area>-refusals.test.ts) is probed there.
  const selfProbed = new Set(Object.keys(import.meta.glob('./*-refusals.test.ts')).map((f) => f.replace('-refusals.test.ts', '.ts')));
  const refusals = tables
    .filter(({ file }) => !selfProbed.has(file))
    .flatMap(({ table, probes }) =>
      Object.entries(table).flatMap(([key, entry]) =>
        entry.refuses.map((form) => [`${key} refuses ${form}`, probes[key]?.[form] ?? PROBES[key]?.[form]] as const),
      ),
    );
  it.each(refusals)('%s with NotImplementedError', (_label, probe) => {
    expect(probe, 'a probe call for this refusal').toBeTypeOf('function');
    expect(probe!).toThrow(NotImplementedError);
  });
});
