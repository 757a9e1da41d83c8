// The page's kernel client (kernel-client.ts) against a scripted worker (fake-kernel-worker.ts), with fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cellId, ms, runId } from '../../shared/brand.ts';
import { KernelClient, type KernelClientEvent, type KernelClientOptions } from './kernel-client.ts';
import { KERNEL_CLOSED_MESSAGE, KERNEL_DIED_MESSAGE, KERNEL_PROCESS_DIED } from './run-stop.ts';
import { FakeKernelWorker } from './fake-kernel-worker.ts';
import type { CellOutput } from '../protocol.ts';

let workers: FakeKernelWorker[];
let events: KernelClientEvent[];
const latest = (): FakeKernelWorker => workers.at(-1)!;

function createClient(options: Omit<KernelClientOptions, 'createWorker'> = {}): KernelClient {
  const client = new KernelClient({
    ...options,
    createWorker: (handlers) => {
      const worker = new FakeKernelWorker(handlers);
      workers.push(worker);
      return worker;
    },
  });
  client.subscribe((event) => events.push(event));
  return client;
}

const statuses = (): string[] => events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
const text = (t: string): CellOutput => ({ kind: 'text', stream: 'stdout', text: t });

beforeEach(() => {
  workers = [];
  events = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('KernelClient', () => {
  it('starts a worker and becomes idle when it is ready', () => {
    const client = createClient();
    expect(client.status).toBe('starting');
    expect(workers).toHaveLength(1);
    latest().ready();
    expect(client.status).toBe('idle');
    expect(client.builtins).toEqual(['print']);
    expect(statuses()).toEqual(['idle']);
  });

  it('sends one run at a time (the store queues), reporting started, outputs and done; the next may be sent from onDone', async () => {
    const client = createClient();
    const onStarted = vi.fn();
    const onOutputs = vi.fn();
    let second: ReturnType<KernelClient['run']> | null = null;
    const first = client.run(cellId('a'), 'print(1)', {
      callbacks: { onStarted, onOutputs, onDone: () => (second = client.run(cellId('b'), 'print(2)')) },
    });
    expect(() => client.run(cellId('b'), 'print(2)')).toThrow('KernelClient runs one cell at a time: a has not ended');
    expect(latest().runs).toEqual([]);
    latest().ready();
    expect(latest().runs).toEqual([first.runId]);
    expect(client.status).toBe('busy');
    latest().complete(first.runId, 'a');
    expect(onStarted).toHaveBeenCalledOnce();
    expect(onOutputs).toHaveBeenCalledWith([text('out')]);
    expect(await first.result).toEqual({ kind: 'ok', duration: 5 });
    const next = second as ReturnType<KernelClient['run']> | null;
    if (next === null) throw new Error('the second run was not sent from onDone');
    expect(latest().runs).toEqual([first.runId, next.runId]);
    latest().complete(next.runId, 'b', false);
    expect(await next.result).toEqual({ kind: 'error', duration: 5 });
    expect(client.status).toBe('idle');
    expect(statuses()).toEqual(['idle', 'busy', 'idle']);
    expect(events.map((e) => e.type)).toEqual(['status', 'status', 'started', 'outputs', 'done', 'started', 'outputs', 'done', 'status']);
  });

  it('passes each batch of outputs on as one call, as the worker sent it', () => {
    const client = createClient();
    latest().ready();
    const onOutputs = vi.fn<(outputs: readonly CellOutput[]) => void>();
    const handle = client.run(cellId('a'), 'for (...) print(i)', { callbacks: { onOutputs } });
    latest().emit({ type: 'started', runId: handle.runId, cellId: cellId('a') });
    const batch = Array.from({ length: 500 }, (_, i) => text(`line ${i}`));
    latest().emit({ type: 'outputs', runId: handle.runId, cellId: cellId('a'), outputs: batch });
    latest().emit({ type: 'outputs', runId: handle.runId, cellId: cellId('a'), outputs: batch.slice(0, 3) });
    expect(onOutputs.mock.calls.map(([outputs]) => outputs.length)).toEqual([500, 3]);
    expect(onOutputs.mock.calls[0]?.[0]).toEqual(batch);
  });

  it('interrupts: terminates the worker, fails the running cell, starts a new worker', async () => {
    const client = createClient();
    latest().ready();
    const running = client.run(cellId('a'), 'while (true) {}');
    latest().emit({ type: 'started', runId: running.runId, cellId: cellId('a') });
    const old = latest();
    expect(client.interrupt()).toBe(true);
    expect(old.terminated).toBe(true);
    expect(await running.result).toMatchObject({ kind: 'interrupted' });
    expect(events).toContainEqual({
      type: 'outputs',
      runId: running.runId,
      cellId: cellId('a'),
      outputs: [{ kind: 'error', name: 'Interrupted', message: expect.stringContaining('interrupted') }],
    });
    expect(workers).toHaveLength(2);
    expect(client.status).toBe('restarting');
    expect(old.runs).toEqual([running.runId]);
    latest().ready();
    expect(client.status).toBe('idle');
  });

  it('drops events from a terminated worker', () => {
    const client = createClient();
    latest().ready();
    const onOutputs = vi.fn();
    const handle = client.run(cellId('a'), 'x', { callbacks: { onOutputs } });
    const old = latest();
    client.interrupt();
    latest().ready();
    const count = events.length;
    old.complete(handle.runId, 'a');
    old.emit({ type: 'ready', builtins: [] });
    old.crash();
    expect(events.length).toBe(count);
    expect(onOutputs).toHaveBeenCalledTimes(1); // only the interruption notice
    expect(workers).toHaveLength(2);
  });

  it('reports a worker that dies while running as failed and restarts', async () => {
    const client = createClient();
    latest().ready();
    const handle = client.run(cellId('a'), 'const a = []; while (true) a.push(new Array(1e6))');
    latest().emit({ type: 'started', runId: handle.runId, cellId: cellId('a') });
    latest().crash();
    expect(await handle.result).toMatchObject({ kind: 'died', cause: 'worker' });
    expect(events).toContainEqual({
      type: 'outputs',
      runId: handle.runId,
      cellId: cellId('a'),
      outputs: [{ kind: 'error', name: 'KernelDied', message: KERNEL_DIED_MESSAGE }],
    });
    expect(events.at(-1)).toEqual({ type: 'died', cause: 'worker', runId: handle.runId });
    expect(workers).toHaveLength(2);
    expect(client.status).toBe('restarting');
  });

  it('says the kernel ran out of memory when the handle reports that its process died', async () => {
    const client = createClient();
    latest().ready();
    const handle = client.run(cellId('a'), 'const a = []; while (true) a.push(new Array(1e6))');
    latest().emit({ type: 'started', runId: handle.runId, cellId: cellId('a') });
    latest().crash('the kernel frame stopped answering pings', 'process');
    expect(await handle.result).toMatchObject({ kind: 'died', cause: 'process' });
    expect(events).toContainEqual({
      type: 'outputs',
      runId: handle.runId,
      cellId: cellId('a'),
      outputs: [{ kind: 'error', name: 'KernelDied', message: KERNEL_PROCESS_DIED }],
    });
    expect(workers).toHaveLength(2);
  });

  it('fails queued runs clearly when the worker does not become ready in time, and retries on the next run', async () => {
    const client = createClient();
    const handle = client.run(cellId('a'), '1');
    vi.advanceTimersByTime(10_000);
    expect(await handle.result).toEqual({ kind: 'died', cause: 'never-started', duration: 0 });
    expect(events).toContainEqual({
      type: 'outputs',
      runId: handle.runId,
      cellId: cellId('a'),
      outputs: [{ kind: 'error', name: 'KernelError', message: 'The kernel did not start within 10 s. Run the cell again to retry.' }],
    });
    expect(events).toContainEqual({ type: 'kernel-error', message: 'The kernel did not start within 10 s.' });
    expect(workers[0]!.terminated).toBe(true);
    expect(client.status).toBe('idle');
    client.run(cellId('a'), '1');
    expect(workers).toHaveLength(2);
    expect(client.status).toBe('starting');
  });

  it('reports a worker that fails to load', async () => {
    const client = createClient();
    const ready = client.ready();
    latest().crash('SyntaxError in worker.ts');
    await expect(ready).rejects.toThrow('The kernel failed to start: SyntaxError in worker.ts');
    expect(client.status).toBe('idle');
  });

  it('interrupts a run that exceeds its timeout', async () => {
    const client = createClient({ runTimeout: ms(2_000) });
    latest().ready();
    const handle = client.run(cellId('a'), 'while (true) {}');
    latest().emit({ type: 'started', runId: handle.runId, cellId: cellId('a') });
    vi.advanceTimersByTime(1_999);
    expect(workers).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(await handle.result).toMatchObject({ kind: 'timed-out', limit: 2_000, duration: 2_000 });
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'outputs',
        outputs: [{ kind: 'error', name: 'TimeoutError', message: expect.stringContaining('longer than 2 s') }],
      }),
    );
    expect(workers).toHaveLength(2);
  });

  it('interrupting a run the starting worker has not received ends it without sending it or restarting', async () => {
    const client = createClient();
    const waiting = client.run(cellId('a'), '1');
    expect(client.interrupt()).toBe(true);
    expect(await waiting.result).toEqual({ kind: 'interrupted', duration: 0 });
    latest().ready();
    expect(workers[0]!.runs).toEqual([]);
    expect(workers).toHaveLength(1);
    expect(client.status).toBe('idle');
  });

  it('says when the kernel died with no cell running', () => {
    const client = createClient();
    latest().ready();
    latest().crash('out of memory in a timer');
    expect(events.at(-1)).toEqual({ type: 'died', cause: 'worker', runId: null });
    expect(workers).toHaveLength(2);
    expect(client.status).toBe('restarting');
  });

  it('does nothing on interrupt when idle', () => {
    const client = createClient();
    latest().ready();
    expect(client.interrupt()).toBe(false);
    expect(workers).toHaveLength(1);
  });

  it('forwards output that arrives after done to the most recent run', async () => {
    const client = createClient();
    latest().ready();
    const onOutputs = vi.fn();
    const handle = client.run(cellId('a'), 'setTimeout(() => print("late"), 10)', { callbacks: { onOutputs } });
    latest().complete(handle.runId, 'a');
    await handle.result;
    latest().emit({ type: 'outputs', runId: handle.runId, cellId: cellId('a'), outputs: [text('late')] });
    expect(onOutputs).toHaveBeenLastCalledWith([text('late')]);
    // Unknown runs are ignored.
    latest().emit({ type: 'outputs', runId: runId(999), cellId: cellId('x'), outputs: [text('?')] });
    expect(events.filter((e) => e.type === 'outputs')).toHaveLength(2);
  });

  it('restart() interrupts the running cell and resolves once the new kernel is ready', async () => {
    const client = createClient();
    latest().ready();
    const running = client.run(cellId('a'), '1');
    const restarted = client.restart();
    expect(await running.result).toMatchObject({ kind: 'interrupted' });
    latest().ready();
    await expect(restarted).resolves.toBeUndefined();
    expect(client.status).toBe('idle');
  });

  it('answers names() and times out with a clear error', async () => {
    const client = createClient();
    latest().ready();
    const names = client.names();
    await vi.waitFor(() => expect(latest().requests).toHaveLength(1));
    const request = latest().requests[0]!;
    if (request.type !== 'names') throw new Error(`expected a names request, got ${request.type}`);
    latest().emit({ type: 'names', runId: request.runId, names: ['print', 'x'] });
    await expect(names).resolves.toEqual(['print', 'x']);
    const slow = client.names();
    const rejection = expect(slow).rejects.toThrow('The kernel did not answer within 5 s');
    await vi.advanceTimersByTimeAsync(5_000);
    await rejection;
  });
});

describe('KernelClient and an untrusted kernel', () => {
  it('sends each run a fresh 128-bit nonce', () => {
    const client = createClient();
    latest().ready();
    const a = client.run(cellId('a'), '1');
    latest().complete(a.runId, 'a');
    client.run(cellId('b'), '2');
    const nonces = latest().requests.flatMap((r) => (r.type === 'run' ? [r.nonce] : []));
    expect(nonces).toHaveLength(2);
    for (const n of nonces) expect(n).toMatch(/^[0-9a-f]{32}$/);
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it('ignores a done, started or outputs without the run’s nonce, or for another run; the real done still ends it', async () => {
    const client = createClient();
    latest().ready();
    const onOutputs = vi.fn();
    const handle = client.run(cellId('a'), 'await sleep(1000)', { callbacks: { onOutputs } });
    const id = handle.runId;
    latest().emit({ type: 'started', runId: id, cellId: cellId('a') });
    latest().emitRaw({ type: 'done', runId: id, cellId: 'a', nonce: 'guessed', ok: true, duration: 1 });
    latest().emitRaw({ type: 'done', runId: id, cellId: 'a', ok: true, duration: 1 });
    latest().emitRaw({ type: 'done', runId: id + 1, cellId: 'a', nonce: latest().nonceOf(id), ok: true, duration: 1 });
    latest().emitRaw({ type: 'outputs', runId: id, cellId: 'a', nonce: 'guessed', outputs: [text('forged')] });
    latest().emitRaw({ type: 'output', runId: id, cellId: 'a', output: text('old protocol') });
    latest().emitRaw('done');
    latest().emitRaw({ type: 'ready', builtins: ['evil'] });
    expect(client.status).toBe('busy');
    expect(onOutputs).not.toHaveBeenCalled();
    expect(client.builtins).toEqual(['print']);
    latest().emit({ type: 'outputs', runId: id, cellId: cellId('a'), outputs: [text('real')] });
    latest().emit({ type: 'done', runId: id, cellId: cellId('a'), ok: true, duration: ms(1000) });
    expect(await handle.result).toMatchObject({ kind: 'ok' });
    expect(onOutputs.mock.calls).toEqual([[[text('real')]]]);
  });

  it('asks the kernel to clear pending timers on Interrupt with no cell running, and restarts nothing', () => {
    const client = createClient();
    latest().ready();
    expect(client.interrupt()).toBe(false);
    expect(latest().requests).toEqual([{ type: 'clear-timers' }]);
    expect(workers).toHaveLength(1);
  });

  it('restarts a kernel that says it closed itself, with a message on the running cell', async () => {
    const client = createClient();
    latest().ready();
    const onOutputs = vi.fn();
    const handle = client.run(cellId('a'), 'self.close()', { callbacks: { onOutputs } });
    latest().emit({ type: 'started', runId: handle.runId, cellId: cellId('a') });
    latest().emit({ type: 'closed' });
    expect(await handle.result).toMatchObject({ kind: 'died', cause: 'closed' });
    expect(onOutputs).toHaveBeenLastCalledWith([{ kind: 'error', name: 'KernelDied', message: KERNEL_CLOSED_MESSAGE }]);
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
  });
});

describe('the page caps what one run shows', () => {
  it('drops output past 14 M characters with one notice, but still shows the interrupt error', async () => {
    const client = createClient();
    latest().ready();
    const seen: CellOutput[] = [];
    const handle = client.run(cellId('a'), 'flood', { callbacks: { onOutputs: (o) => seen.push(...o) } });
    latest().emit({ type: 'started', runId: handle.runId, cellId: cellId('a') });
    const mb = text('m'.repeat(1_000_000));
    for (let i = 0; i < 20; i++) latest().emit({ type: 'outputs', runId: handle.runId, cellId: cellId('a'), outputs: [mb] });
    expect(seen.filter((o) => o.kind === 'text')).toHaveLength(14);
    expect(seen.filter((o) => o.kind === 'notice')).toEqual([
      { kind: 'notice', text: 'The kernel sent more output than one cell may show; the page dropped the rest.' },
    ]);
    client.interrupt();
    expect(await handle.result).toMatchObject({ kind: 'interrupted' });
    expect(seen.at(-1)).toMatchObject({ kind: 'error', name: 'Interrupted' });
  });
});
