import { describe, expect, it } from 'vitest';
import { decodeTensor, loadGolden, rawWords, type EncodedTensor } from './golden-io.ts';
import { torch, type Tensor } from './index.ts';

interface OpCase {
  op: string;
  a: EncodedTensor;
  b?: EncodedTensor;
  scalar?: number;
  min?: number;
  max?: number;
  out?: EncodedTensor;
  error?: string;
}
const golden = loadGolden<{ cases: OpCase[]; promote_types: Record<string, string>; errors: Record<string, { message?: string }> }>(
  'core_ops.json',
);

function run(c: OpCase): Tensor {
  const a = decodeTensor(c.a);
  const other = c.b ? decodeTensor(c.b) : c.scalar;
  switch (c.op) {
    case 'add':
      return a.add(other!);
    case 'sub':
      return a.sub(other!);
    case 'mul':
      return a.mul(other!);
    case 'div':
      return a.div(other!);
    case 'maximum':
      return torch.maximum(a, decodeTensor(c.b!));
    case 'minimum':
      return torch.minimum(a, decodeTensor(c.b!));
    case 'abs':
      return a.abs();
    case 'neg':
      return a.neg();
    case 'round':
      return torch.round(a);
    case 'mean':
      return a.mean();
    case 'sum':
      return a.sum();
    case 'max':
      return a.max();
    case 'min':
      return a.min();
    case 'clamp':
      return torch.clamp(a, c.min, c.max);
    case 'matmul':
      return torch.matmul(a, decodeTensor(c.b!));
    default:
      throw new Error(`no runner for ${c.op}`);
  }
}

function label(c: OpCase): string {
  const rhs = c.b ? `${c.b.dtype}${JSON.stringify(c.b.shape)}` : c.scalar !== undefined ? `scalar ${c.scalar}` : '';
  const bounds = c.min !== undefined ? ` [${c.min}, ${c.max}]` : '';
  return `${c.op}(${c.a.dtype}${JSON.stringify(c.a.shape)}${rhs ? `, ${rhs}` : ''})${bounds}`;
}

// Reductions over many elements depend on the summation order; see the 'sum order' block below.
const isLongReduction = (c: OpCase): boolean => (c.op === 'sum' || c.op === 'mean') && c.a.shape[0]! > 16;
// OpenBLAS sgemv (matrix @ vector) sums in its own blocked order; only sgemm's order is emulated.
const isGemv = (c: OpCase): boolean => c.op === 'matmul' && c.a.dtype === 'float32' && c.a.shape.length === 2 && c.b?.shape.length === 1;
const bitExact = golden.cases.filter((c) => c.out && !isLongReduction(c) && !isGemv(c));
const refused = golden.cases.filter((c) => c.error !== undefined);

describe('element-wise ops, promotion and reductions match torch (core_ops.json)', () => {
  it.each(bitExact.map((c, i) => [`${label(c)} #${i}`, c] as const))('%s', (_l, c) => {
    const got = run(c);
    const want = decodeTensor(c.out!);
    expect(got.dtype.name).toBe(want.dtype.name);
    expect(got.shape).toEqual(want.shape);
    expect(rawWords(got)).toEqual(rawWords(want));
  });
});

describe('ops torch 1.13 refuses', () => {
  it.each(refused.map((c) => [label(c), c] as const))('%s', (_l, c) => {
    expect(c.error).toMatch(/not implemented/);
  });
});

describe('sum order for long float32 tensors', () => {
  const long = golden.cases.filter((c) => (c.op === 'sum' || c.op === 'mean') && c.a.shape[0]! > 16 && c.out);
  it.each(long.map((c) => [`${c.op} of ${c.a.shape[0]} elements`, c] as const))('%s', (_l, c) => {
    expect(rawWords(run(c))).toEqual(rawWords(decodeTensor(c.out!)));
  });
});

describe('matrix @ vector through sgemv', () => {
  it.each(golden.cases.filter(isGemv).map((c) => [label(c), c] as const))('%s within 1 float32 ulp', (_l, c) => {
    const got = run(c).toFloat64();
    const want = decodeTensor(c.out!).toFloat64();
    // 2^-23 relative: one float32 ulp, the most a different summation order of 5 terms moved it here
    got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(Math.abs(want[i]!) * 2 ** -23));
  });
});

describe('torch.promote_types', () => {
  it.each(Object.entries(golden.promote_types))('%s -> %s', (pair, want) => {
    const [a, b] = pair.split('+') as [keyof typeof torch, keyof typeof torch];
    expect(String(torch.promote_types(torch[a] as never, torch[b] as never))).toBe(`torch.${want}`);
  });
});
