import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkerRpc, type RpcWorkerHandlers } from './worker-rpc.ts';

type Request = { readonly type: 'ask'; readonly id: number; readonly question: string } | { readonly type: 'hello' };
type Message = { readonly id: number; readonly answer: string };

class FakeWorker {
  readonly posted: Request[] = [];
  terminated = false;
  constructor(readonly handlers: RpcWorkerHandlers<Message, 'oom'>) {}
}

let workers: FakeWorker[];
let crashes: [string, 'oom' | undefined][];
let rpc: WorkerRpc<Request, Message, string, 'oom'>;
const latest = (): FakeWorker => workers.at(-1)!;
const ask = (question: string, options: Parameters<typeof rpc.call>[1] = {}): Promise<string> =>
  rpc.call((id) => ({ type: 'ask', id, question }), options);
const idOf = (worker: FakeWorker, at: number): number => {
  const request = worker.posted[at];
  if (request?.type !== 'ask') throw new Error(`request ${at} is not a question`);
  return request.id;
};

beforeEach(() => {
  vi.useFakeTimers();
  workers = [];
  crashes = [];
  rpc = new WorkerRpc({
    create: (handlers) => {
      const worker = new FakeWorker(handlers);
      workers.push(worker);
      return { post: (r) => worker.posted.push(r), terminate: () => (worker.terminated = true) };
    },
    onEvent: (message) => rpc.answer(message.id, message.answer),
    crashError: (message, cause) => new Error(`crashed (${message}, ${cause ?? 'no cause'})`),
    onCrash: (message, cause) => crashes.push([message, cause]),
  });
  rpc.start(new Error('first start'));
});
afterEach(() => vi.useRealTimers());

describe('WorkerRpc', () => {
  it('matches answers to calls by id, also out of order', async () => {
    const a = ask('a');
    const b = ask('b');
    expect(latest().posted.map((r) => (r.type === 'ask' ? r.question : r.type))).toEqual(['a', 'b']);
    latest().handlers.onEvent({ id: idOf(latest(), 1), answer: 'B' });
    latest().handlers.onEvent({ id: idOf(latest(), 0), answer: 'A' });
    await expect(a).resolves.toBe('A');
    await expect(b).resolves.toBe('B');
    expect(rpc.pending).toBe(0);
    // A second answer to a settled call counts for nothing.
    expect(rpc.answer(idOf(latest(), 0), 'again')).toBe(false);
  });

  it('rejects a call that is not answered in time with its own error, then runs onTimeout; other calls wait on', async () => {
    const onTimeout = vi.fn();
    const slow = ask('slow', { timeout: 1000, timeoutError: () => new Error('no answer in 1 s'), onTimeout });
    const patient = ask('patient');
    const rejected = expect(slow).rejects.toThrow('no answer in 1 s');
    vi.advanceTimersByTime(999);
    expect(rpc.has(idOf(latest(), 0))).toBe(true);
    vi.advanceTimersByTime(1);
    await rejected;
    expect(onTimeout).toHaveBeenCalledOnce();
    expect(rpc.pending).toBe(1);
    latest().handlers.onEvent({ id: idOf(latest(), 1), answer: 'ok' });
    await expect(patient).resolves.toBe('ok');
  });

  it('touch restarts the clocks: a timeout counts silence, not the whole call', async () => {
    const call = ask('long', { timeout: 1000 });
    vi.advanceTimersByTime(800);
    rpc.touch();
    vi.advanceTimersByTime(800);
    expect(rpc.pending).toBe(1);
    const rejected = expect(call).rejects.toThrow('The worker did not answer within 1000 ms');
    vi.advanceTimersByTime(200);
    await rejected;
  });

  it('a crash rejects every pending call with the crash error and its cause, then tells the owner', async () => {
    const a = ask('a');
    const b = ask('b', { timeout: 5000 });
    latest().handlers.onCrash('out of memory', 'oom');
    await expect(a).rejects.toThrow('crashed (out of memory, oom)');
    await expect(b).rejects.toThrow('crashed (out of memory, oom)');
    expect(crashes).toEqual([['out of memory', 'oom']]);
    // The timer of a rejected call does nothing later.
    vi.advanceTimersByTime(10_000);
    expect(rpc.pending).toBe(0);
  });

  it('after a restart the old worker is terminated and its late answers and crash are dropped', async () => {
    const before = ask('before');
    const old = latest();
    const oldId = idOf(old, 0);
    rpc.start(new Error('restarted'));
    await expect(before).rejects.toThrow('restarted');
    expect(old.terminated).toBe(true);
    const after = ask('after');
    const newId = idOf(latest(), 0);
    // The old worker answers with the new call's id (ids are not reused, but a stale worker may say anything).
    old.handlers.onEvent({ id: newId, answer: 'stale' });
    old.handlers.onEvent({ id: oldId, answer: 'stale' });
    old.handlers.onCrash('late crash', 'oom');
    expect(crashes).toEqual([]);
    expect(rpc.pending).toBe(1);
    latest().handlers.onEvent({ id: newId, answer: 'fresh' });
    await expect(after).resolves.toBe('fresh');
  });

  it('a bound poster posts to its own worker only, until that worker is replaced', () => {
    const bound = rpc.bound();
    expect(bound.post({ type: 'hello' })).toBe(true);
    expect(bound.current).toBe(true);
    const old = latest();
    rpc.start(new Error('restarted'));
    expect(bound.current).toBe(false);
    expect(bound.post({ type: 'hello' })).toBe(false);
    expect(old.posted).toEqual([{ type: 'hello' }]);
    expect(latest().posted).toEqual([]);
  });

  it('stop terminates for good: calls are rejected, nothing is posted, and a crash of the stopped worker is dropped', async () => {
    const pending = ask('a');
    const worker = latest();
    rpc.stop(new Error('closed'));
    await expect(pending).rejects.toThrow('closed');
    expect(worker.terminated).toBe(true);
    expect(rpc.running).toBe(false);
    rpc.post({ type: 'hello' });
    expect(worker.posted).toHaveLength(1);
    worker.handlers.onCrash('late', undefined);
    expect(crashes).toEqual([]);
  });

  it("refuse rejects one call with the worker's own error", async () => {
    const a = ask('a');
    const error = Object.assign(new Error('not an ONNX model'), { name: 'OnnxFormatError' });
    expect(rpc.refuse(idOf(latest(), 0), error)).toBe(true);
    await expect(a).rejects.toBe(error);
  });
});
