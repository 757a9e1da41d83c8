// Output after an await in a cell's async callbacks and functions goes to the
// cell that called them (rewrite-async.ts), never to another cell that runs meanwhile.
import { describe, expect, it } from 'vitest';
import { cellId, runId } from '../../shared/brand.ts';
import { BUILTIN_MODULES, BUILTIN_NAMES, LAZY_BUILTINS, createBuiltins } from './builtins.ts';
import { KernelRuntime } from './kernel-runtime.ts';
import type { CellOutput, KernelEvent } from '../protocol.ts';
import { createTestKernel } from './test-kernel.ts';

async function startRuntime() {
  const events: KernelEvent[] = [];
  const runtime = await KernelRuntime.create({
    post: (event) => events.push(event),
    createBuiltins,
    builtinNames: BUILTIN_NAMES,
    lazyBuiltins: LAZY_BUILTINS,
    builtinModules: BUILTIN_MODULES,
    baseUrl: 'http://localhost:5173/',
  });
  let nextRun = 1;
  const printed = (id: number): string[] =>
    events.flatMap((e) =>
      e.type === 'outputs' && e.runId === id
        ? e.outputs.flatMap((o: CellOutput) => (o.kind === 'text' ? [o.text] : o.kind === 'error' ? [`${o.name}: ${o.message}`] : []))
        : [],
    );
  const run = async (code: string, cell: string) => {
    const id = runId(nextRun++);
    runtime.handle({ type: 'run', runId: id, cellId: cellId(cell), code, nonce: `n${id}` });
    await expect.poll(() => events.some((e) => e.type === 'done' && e.runId === id), { timeout: 10_000 }).toBe(true);
    return id;
  };
  return { run, printed };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('output after an await', () => {
  it('in a timer callback: in its own cell while that runs, cut off (not in the next cell) after', async () => {
    const { run, printed } = await startRuntime();
    const first = await run(
      'setTimeout(async () => { print("a"); await sleep(20); print("b"); await sleep(300); print("c") }, 0);\nawait sleep(120)',
      'first',
    );
    const second = await run('await sleep(500);\nprint("second")', 'second');
    expect(printed(first)).toEqual(['a', 'b']);
    expect(printed(second)).toEqual(['second']);
  });

  it('in a promise chain and a catch after a rejected await started by a timer: never in the cell running meanwhile', async () => {
    const { run, printed } = await startRuntime();
    const first = await run(
      [
        'const later = async (label: string) => { await sleep(100); return label };',
        'setTimeout(async () => {',
        '  try { print(await later("chained")); await Promise.reject(new Error("boom")) }',
        '  catch (e) { print("caught " + (e as Error).message) }',
        '  finally { print("finally") }',
        '}, 0)',
      ].join('\n'),
      'first',
    );
    const second = await run('await sleep(400);\nprint("second")', 'second');
    expect(printed(second)).toEqual(['second']);
    expect(printed(first)).toEqual([]);
  });

  it('after its done, while it is the latest run, late output still lands in its cell', async () => {
    const { run, printed } = await startRuntime();
    const first = await run('setTimeout(async () => { await sleep(30); print("late") }, 0)', 'first');
    await expect.poll(() => printed(first)).toEqual(['late']);
  });

  it('an async function belongs to the cell that calls it, not the one that defined it', async () => {
    const { run, printed } = await startRuntime();
    const first = await run('async function f(x: number) { await sleep(10); print("from f", x); return x * 2 }', 'first');
    const second = await run('print(await f(21))', 'second');
    await pause(50);
    expect(printed(first)).toEqual([]);
    expect(printed(second)).toEqual(['from f 21', '42']);
  });
});

describe('instrumented async functions keep their meaning', () => {
  it('values, errors, catch and finally, arrow bodies, nested awaits, generators and for await', async () => {
    const kernel = await createTestKernel();
    const result = await kernel.run(
      [
        'const obj = async () => ({ a: await 1, b: await await Promise.resolve(2) });',
        'const sum = async (xs: number[]) => { let s = 0; for (const x of xs) s += await x; return s };',
        'async function risky() { try { await Promise.reject(new RangeError("r")) } catch (e) { return "caught " + (e as Error).name } finally { print("finally ran") } }',
        'async function* gen() { yield await 1; yield 2 }',
        'async function collect() { const out: number[] = []; for await (const x of gen()) out.push(x); return out }',
        'const thrower = async () => { await 0; throw new TypeError("late") };',
        'print(JSON.stringify(await obj()), await sum([1, 2, 3]), await risky(), JSON.stringify(await collect()));',
        'print(await thrower().catch((e: Error) => e.message))',
      ].join('\n'),
    );
    expect(result.ok).toBe(true);
    expect(result.text).toBe('finally ran\n{"a":1,"b":2} 6 caught RangeError [1,2]\nlate');
  });

  it('an error after an await still points at the cell line it came from', async () => {
    const kernel = await createTestKernel();
    const result = await kernel.run('const f = async () => {\n  await 0;\n  null.x;\n};\nawait f()');
    expect(result.ok).toBe(false);
    expect(result.outputs).toEqual([expect.objectContaining({ kind: 'error', name: 'TypeError', line: 3 })]);
  });
});
