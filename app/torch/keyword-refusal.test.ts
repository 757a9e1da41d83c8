import { describe, expect, it } from 'vitest';
import { torch } from './index.ts';

// Shape calls PyTorch gives no keyword options: a trailing { … } is refused, never ignored.
describe('shape calls without keyword options', () => {
  const t = torch.zeros(2, 3);
  const tensorCalls: readonly [string, () => unknown][] = [
    ['transpose', () => Reflect.apply(t.transpose, t, [0, 1, { dim: 2 }])],
    ['reshape', () => t.reshape(3, 2, { order: 'F' } as never)],
    ['view', () => t.view(-1, { dtype: torch.int8 } as never)],
    ['squeeze', () => Reflect.apply(t.squeeze, t, [0, { keepdim: true }])],
    ['permute', () => t.permute(1, 0, { x: 1 } as never)],
    ['flatten', () => Reflect.apply(t.flatten, t, [0, { end_dim: 1 }])],
  ];
  it.each(tensorCalls)('Tensor.%s names the keyword it does not take', (name, call) => {
    expect(call).toThrow(new RegExp(`torch\\.Tensor\\.${name}\\(\\) got an unexpected keyword argument`));
  });

  it('torch.transpose and torch.reshape refuse them too; without one they work as before', () => {
    expect(() => Reflect.apply(torch.transpose, undefined, [t, 0, 1, { dim0: 1 }])).toThrow(
      "torch.transpose() got an unexpected keyword argument 'dim0'",
    );
    expect(() => Reflect.apply(torch.reshape, undefined, [t, [6], {}])).toThrow('torch.reshape() takes no keyword arguments');
    expect(torch.transpose(t, 0, 1).shape).toEqual([3, 2]);
    expect(t.reshape(3, 2).shape).toEqual([3, 2]);
  });
});
