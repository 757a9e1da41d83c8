import { describe, expect, it } from 'vitest';
import { cellId, runId } from '../../shared/brand.ts';
import { BUILTIN_MODULES, BUILTIN_NAMES, LAZY_BUILTINS, createBuiltins } from './builtins.ts';
import { KernelRuntime, type LazyBuiltin } from './kernel-runtime.ts';
import type { CellOutput, KernelEvent } from '../protocol.ts';

async function startRuntime(lazyBuiltins: Readonly<Record<string, LazyBuiltin>> = LAZY_BUILTINS) {
  const events: KernelEvent[] = [];
  const runtime = await KernelRuntime.create({
    post: (event) => events.push(event),
    createBuiltins,
    builtinNames: BUILTIN_NAMES,
    lazyBuiltins,
    builtinModules: BUILTIN_MODULES,
    baseUrl: 'http://localhost:5173/',
  });
  let nextRun = 1;
  /** Runs a cell and resolves with its outputs once `done` was posted. */
  const run = async (code: string, cell = 'c1') => {
    const id = runId(nextRun++);
    runtime.handle({ type: 'run', runId: id, cellId: cellId(cell), code, nonce: `n${id}` });
    await expect.poll(() => events.some((e) => e.type === 'done' && e.runId === id), { timeout: 10_000 }).toBe(true);
    const outputs = events.flatMap((e): CellOutput[] => (e.type === 'outputs' && e.runId === id ? [...e.outputs] : []));
    const done = events.find((e) => e.type === 'done' && e.runId === id);
    return { id, outputs, ok: done?.type === 'done' && done.ok };
  };
  return { runtime, events, run };
}

describe('KernelRuntime', () => {
  it('announces ready with the built-in names, then started → outputs → done per run', async () => {
    const { runtime, events, run } = await startRuntime();
    runtime.announceReady();
    expect(events[0]).toEqual({ type: 'ready', builtins: BUILTIN_NAMES });
    const { id } = await run('print("hi")');
    const types = events.filter((e) => 'runId' in e && e.runId === id).map((e) => e.type);
    expect(types).toEqual(['started', 'outputs', 'done']);
  });

  it('refuses a run sent while another runs (the page is the queue), saying so; the first one goes on', async () => {
    const { runtime, events } = await startRuntime();
    runtime.handle({ type: 'run', runId: runId(1), cellId: cellId('a'), code: 'await sleep(20); print("first")', nonce: 'n1' });
    runtime.handle({ type: 'run', runId: runId(2), cellId: cellId('b'), code: 'print("second")', nonce: 'n2' });
    await expect.poll(() => events.filter((e) => e.type === 'done').length).toBe(2);
    const order = events.map((e) => ('runId' in e ? `${e.type}:${e.runId}` : e.type));
    expect(order).toEqual(['started:1', 'outputs:2', 'done:2', 'outputs:1', 'done:1']);
    expect(events[1]).toEqual({
      type: 'outputs',
      runId: runId(2),
      cellId: cellId('b'),
      nonce: 'n2',
      outputs: [{ kind: 'error', name: 'KernelBusy', message: 'the kernel is still running a; the page sends one run at a time' }],
    });
    expect(events.find((e) => e.type === 'done' && e.runId === runId(1))).toMatchObject({ ok: true });
    // Once it ended, the next run is taken.
    runtime.handle({ type: 'run', runId: runId(3), cellId: cellId('b'), code: 'print("second")', nonce: 'n3' });
    await expect.poll(() => events.filter((e) => e.type === 'done').length).toBe(3);
    expect(events.find((e) => e.type === 'done' && e.runId === runId(3))).toMatchObject({ ok: true });
  });

  it('answers names with built-ins and declared names', async () => {
    const { runtime, events, run } = await startRuntime();
    await run('const alpha = 1;\nfunction beta() {}');
    runtime.handle({ type: 'names', runId: runId(99) });
    expect(events.at(-1)).toEqual({ type: 'names', runId: runId(99), names: [...BUILTIN_NAMES, 'beta', 'alpha'] });
  });

  it('attributes an uncaught error to the running cell, which fails', async () => {
    const { runtime, events } = await startRuntime();
    runtime.handle({ type: 'run', runId: runId(1), cellId: cellId('a'), code: 'await sleep(30);', nonce: 'n1' });
    await expect.poll(() => events.some((e) => e.type === 'started')).toBe(true);
    runtime.reportUncaught(new TypeError('from a timer'));
    await expect.poll(() => events.some((e) => e.type === 'done')).toBe(true);
    expect(events).toContainEqual({
      type: 'outputs',
      runId: runId(1),
      cellId: cellId('a'),
      nonce: 'n1',
      outputs: [{ kind: 'error', name: 'TypeError', message: 'from a timer' }],
    });
    expect(events.find((e) => e.type === 'done')).toMatchObject({ ok: false });
  });

  it('attributes an uncaught error from elsewhere to the most recent cell after it finished', async () => {
    const { runtime, events, run } = await startRuntime();
    await run('1', 'first');
    const second = await run('2', 'second');
    runtime.reportUncaught(new Error('later'));
    const late = (): CellOutput[] => events.flatMap((e) => (e.type === 'outputs' && e.runId === second.id ? [...e.outputs] : []));
    await expect.poll(() => late().length).toBe(2);
    expect(late()).toEqual([
      { kind: 'result', text: '2' },
      { kind: 'error', name: 'Error', message: 'later' },
    ]);
  });

  it("writes a timer's output to the cell that created it, after its done, until another cell runs", async () => {
    const { events, run } = await startRuntime();
    const first = await run('setTimeout(() => print("late"), 30);\nsetTimeout(() => print("too late"), 400);\nundefined', 'first');
    const outputsOf = (id: number): CellOutput[] => events.flatMap((e) => (e.type === 'outputs' && e.runId === id ? [...e.outputs] : []));
    await expect.poll(() => outputsOf(first.id)).toEqual([{ kind: 'text', stream: 'stdout', text: 'late' }]);
    const second = await run('print("second")', 'second');
    await new Promise((resolve) => setTimeout(resolve, 500));
    // "too late" fired after another cell ran: cut off, in neither cell.
    expect(outputsOf(first.id)).toEqual([{ kind: 'text', stream: 'stdout', text: 'late' }]);
    expect(outputsOf(second.id)).toEqual([{ kind: 'text', stream: 'stdout', text: 'second' }]);
  });

  it('provides torch, format and pyStr, and the "torch" module', async () => {
    const { run } = await startRuntime();
    const result = await run(
      'import { tensor } from "torch";\nimport torch2 from "torch";\nprint(typeof torch.tensor, typeof format, typeof pyStr, tensor === torch.tensor, torch2 === torch)',
    );
    expect(result.outputs).toEqual([{ kind: 'text', stream: 'stdout', text: 'function function function true true' }]);
  });

  it('loads Plot on first reference and draws figures against a worker-side document', async () => {
    const { run } = await startRuntime();
    const result = await run(
      [
        'const data = [{ x: 1, y: 2 }, { x: 2, y: 3 }];',
        'display(Plot.plot({ ariaLabel: "scatter", marks: [Plot.dot(data, { x: "x", y: "y" })] }));',
        'display(Plot.lineY([1, 2, 3]).plot());',
      ].join('\n'),
    );
    expect(result.ok).toBe(true);
    expect(result.outputs).toHaveLength(2);
    expect(result.outputs[0]).toMatchObject({ kind: 'svg', alt: 'scatter', html: expect.stringMatching(/^<svg[\s\S]*<circle/) });
    expect(result.outputs[1]).toMatchObject({ kind: 'svg', html: expect.stringMatching(/^<svg[\s\S]*<path/) });
  }, 20_000);

  it("hands a lazy built-in its own kernel's print (no module state): what it prints goes to the cell that loaded it", async () => {
    // e.g. `models` prints a download's progress lines this way (builtins.ts)
    const probe =
      (name: string): LazyBuiltin =>
      async (kernel) => {
        kernel.print(`loading ${name}`);
        return name;
      };
    const first = await startRuntime({ probe: probe('in the first kernel') });
    const second = await startRuntime({ probe: probe('in the second kernel') });
    const result = await first.run('print(probe)');
    expect(result.outputs).toEqual([
      { kind: 'text', stream: 'stdout', text: 'loading in the first kernel' },
      { kind: 'text', stream: 'stdout', text: 'in the first kernel' },
    ]);
    expect(second.events.filter((e) => e.type === 'outputs')).toEqual([]);
  });
});
