// The strict `torch` namespace (app/torch/namespace.ts) as cells use it through the kernel:
// typos raise AttributeError on their line; printing, awaiting, JSON and module import still work.
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestKernel, type TestKernel } from './test-kernel.ts';
import { BUILTIN_MODULES, COMPLETION_NAMES } from './builtins.ts';
import { torch } from '../../torch/index.ts';

let kernel: TestKernel;
beforeEach(async () => {
  kernel = await createTestKernel({ builtins: { torch } });
});

describe('torch in a cell', () => {
  it('a misspelt dtype is an AttributeError naming it, on its line', async () => {
    const result = await kernel.run('const w = torch.zeros(2)\nconst d = torch.int7');
    expect(result.ok).toBe(false);
    expect(result.outputs).toEqual([
      { kind: 'error', name: 'AttributeError', message: "module 'torch' has no attribute 'int7'", line: 2, column: expect.any(Number) },
    ]);
  });
  it('a misspelt function is an AttributeError too', async () => {
    const result = await kernel.run('torch.amaxx(torch.ones(2))');
    expect(result.outputs[0]).toMatchObject({ kind: 'error', name: 'AttributeError', message: "module 'torch' has no attribute 'amaxx'" });
  });
  it('printing torch, awaiting it, JSON and typeof still work', async () => {
    const result = await kernel.run(
      [
        'const t = await Promise.resolve(torch)',
        'print(t === torch, typeof torch, JSON.stringify({ n: torch.float32.name }))',
        'print(String(torch.float32), "zeros" in torch, Object.keys(torch).includes("int7"))',
        'const shown = String(torch)',
        'print(shown.length > 0)',
      ].join('\n'),
    );
    expect(result.ok).toBe(true);
    expect(result.text).toBe('true object {"n":"float32"}\ntorch.float32 true false\ntrue');
  });
  it('the last-expression value `torch` formats without throwing', async () => {
    const result = await kernel.run('torch');
    expect(result.ok).toBe(true);
    expect(result.text).toContain('float32: torch.float32');
  });
  it('import torch from "torch" spreads the namespace; completion lists its members', async () => {
    const module = (await BUILTIN_MODULES.torch!()) as Record<string, unknown>;
    expect(module.default).toBe(torch);
    expect(module.linspace).toBe(torch.linspace);
    expect(COMPLETION_NAMES).toContain('torch.bitwise_right_shift');
    expect(COMPLETION_NAMES).not.toContain('torch.then');
  });
});
