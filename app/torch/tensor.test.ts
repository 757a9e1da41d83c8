import { describe, expect, it } from 'vitest';
import { loadGolden } from './golden-io.ts';
import { torch, Tensor } from './index.ts';

const errors = loadGolden<{ errors: Record<string, { message: string }> }>('core_ops.json').errors;
const message = (key: string): string => errors[key]!.message;

describe('torch.tensor', () => {
  it('defaults numbers to float32 and bigints to int64', () => {
    expect(torch.tensor(3).dtype).toBe(torch.float32);
    expect(torch.tensor([1n, 2n]).dtype).toBe(torch.int64);
    expect(String(torch.tensor([1n, -2n]))).toBe('tensor([ 1, -2])');
  });
  it('names the ragged dimension like PyTorch', () => {
    expect(() =>
      torch.tensor([
        [1, 2, 3],
        [4, 5],
      ]),
    ).toThrow(message('ragged'));
    expect(() =>
      torch.tensor([
        [
          [1, 2],
          [3, 4],
        ],
        [[5, 6], [7]],
      ]),
    ).toThrow(message('ragged_deep'));
  });
  it('keeps int64 exact beyond 2^53', () => {
    const big = 2n ** 62n + 1n;
    expect(torch.tensor([big]).slice(0, 1).item()).toBe(big);
    expect(torch.tensor([big]).tolist()).toEqual([big]);
  });
  it('truncates floats toward zero for integer dtypes', () => {
    expect(torch.tensor([1.9, -1.9], { dtype: torch.int32 }).tolist()).toEqual([1, -1]);
  });
  it('accepts typed arrays', () => {
    expect(torch.tensor(new Float32Array([0.5, 2])).tolist()).toEqual([0.5, 2]);
  });
});

describe('Tensor basics', () => {
  it('has readonly shape, numel, element_size, dim', () => {
    const t = torch.zeros(2, 3, { dtype: torch.bfloat16 });
    expect(t.shape).toEqual([2, 3]);
    expect(Object.isFrozen(t.shape)).toBe(true);
    expect(t.numel()).toBe(6);
    expect(t.element_size()).toBe(2);
    expect(t.dim()).toBe(2);
    expect(t.data).toBeInstanceOf(Uint16Array);
  });
  it('item() of int64 is a bigint and fails for several elements', () => {
    expect(torch.arange(3).slice(1, 2).item()).toBe(1n);
    expect(() => torch.rand(2).item()).toThrow(message('item'));
  });
  it('tolist() nests like the shape', () => {
    expect(torch.arange(6).reshape(2, 3).tolist()).toEqual([
      [0n, 1n, 2n],
      [3n, 4n, 5n],
    ]);
  });
  it('to(dtype) and to({ dtype }) convert; same dtype returns an equal tensor', () => {
    const t = torch.tensor([1.5, 256.7]);
    expect(t.to(torch.bfloat16).tolist()).toEqual([1.5, 256]);
    expect(t.to({ dtype: torch.int8 }).tolist()).toEqual([1, 0]);
    expect(t.to(torch.float32).tolist()).toEqual(t.tolist());
  });
  it('rejects a string dtype with the list of valid dtypes', () => {
    expect(() => torch.tensor([1]).to('float16' as never)).toThrow(/Valid dtypes: torch\.uint8/);
  });
  it('slice(start, end) follows Python slicing, including negatives and clamping', () => {
    const t = torch.arange(10);
    expect(t.slice(null, 3).tolist()).toEqual([0n, 1n, 2n]);
    expect(t.slice(-3).tolist()).toEqual([7n, 8n, 9n]);
    expect(t.slice(5, 2).tolist()).toEqual([]);
    expect(t.slice(-100, 100).numel()).toBe(10);
    expect(t.reshape(5, 2).slice(1, 3).shape).toEqual([2, 2]);
  });
  it('slice shares storage (a view) without copying', () => {
    const t = torch.zeros(4);
    const view = t.slice(1, 3);
    expect(view.data.buffer).toBe(t.data.buffer);
  });
  it('indexing (t.at(i) is t[i]) and reshape errors read like PyTorch', () => {
    expect(() => torch.rand(3).at(5)).toThrow(message('index'));
    expect(() => torch.rand(6).reshape(4, 2)).toThrow(message('reshape'));
  });
  it('fromStorage wraps a typed array without copying and checks the class', () => {
    const data = new Int8Array([1, -2, 3]);
    const t = torch.fromStorage(data, [3], torch.int8);
    expect(t.data).toBe(data);
    expect(() => new Tensor(new Float32Array(2) as never, [2], torch.int8)).toThrow(/Int8Array/);
    expect(() => torch.fromStorage(new Int8Array(2), [3], torch.int8)).toThrow(/does not match shape \[3\]/);
  });
});

describe('element-wise ops', () => {
  it('broadcast errors name both sizes', () => {
    expect(() => torch.rand(3).add(torch.rand(4))).toThrow(message('broadcast'));
  });
  it('matmul errors name both shapes', () => {
    expect(() => torch.matmul(torch.rand(2, 3), torch.rand(4, 5))).toThrow(message('matmul'));
  });
  it('mean of an integer tensor fails like PyTorch', () => {
    expect(() => torch.tensor([1n, 2n]).mean()).toThrow(message('mean_int'));
  });
  it('int8 arithmetic wraps', () => {
    const t = torch.tensor([100, -100], { dtype: torch.int8 });
    expect(t.add(100).tolist()).toEqual([-56, 0]);
    expect(t.mul(t).dtype).toBe(torch.int8);
  });
  it('int / int is true division in float32', () => {
    expect(torch.tensor([1n, 2n]).div(2).tolist()).toEqual([0.5, 1]);
  });
  it('round is half to even and clamp handles min > max', () => {
    expect(torch.round(torch.tensor([0.5, 1.5, 2.5, -0.5])).tolist()).toEqual([0, 2, 2, -0]);
    expect(torch.clamp(torch.tensor([0, 5]), 3, 1).tolist()).toEqual([1, 1]);
  });
  it('max()/min() reduce; max(other: Tensor) is element-wise; max(number) is a dim (issue 11)', () => {
    const t = torch.tensor([1, 5, -2]);
    expect(t.max().item()).toBe(5);
    expect(torch.min(t).item()).toBe(-2);
    expect(t.max(torch.tensor(0)).tolist()).toEqual([1, 5, 0]);
    expect(t.max(0).values.item()).toBe(5);
    expect(t.max(0).indices.item()).toBe(1n);
  });
  it('add with alpha scales the other operand', () => {
    expect(torch.add(torch.tensor([1]), torch.tensor([2]), { alpha: 3 }).tolist()).toEqual([7]);
  });
});
