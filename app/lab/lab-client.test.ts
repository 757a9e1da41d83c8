import { afterEach, describe, expect, it, vi } from 'vitest';
import { LabCancelled, LabClient, type CreateLabWorker } from './lab-client.ts';
import type { LabEvent, LabRequest, ModelInfo } from './protocol.ts';

interface FakeWorker {
  readonly posted: LabRequest[];
  emit(event: LabEvent): void;
  crash(message: string): void;
  terminated: boolean;
}

function fakes(): { create: CreateLabWorker; workers: FakeWorker[] } {
  const workers: FakeWorker[] = [];
  const create: CreateLabWorker = (onEvent, onCrash) => {
    const w: FakeWorker = { posted: [], emit: onEvent, crash: onCrash, terminated: false };
    workers.push(w);
    return { post: (r) => w.posted.push(r), terminate: () => (w.terminated = true) };
  };
  return { create, workers };
}

const info: ModelInfo = {
  id: 'm',
  name: 'M',
  fileSize: 1,
  footprint: { totalBytes: 0, byDtype: [] },
  parameterCount: 0,
  nodeCount: 0,
  opsets: [],
  operators: [],
  inputs: [],
  outputs: [],
  weights: [],
  notRunnable: null,
  recommended: {},
};
const idOf = (r: LabRequest | undefined): number => (r !== undefined && 'id' in r ? r.id : -1);

afterEach(() => vi.useRealTimers());

describe('LabClient', () => {
  it('starts the worker with the thread count, then matches results and progress to requests', async () => {
    const { create, workers } = fakes();
    const client = new LabClient({ createWorker: create, threads: 2 });
    expect(workers[0]?.posted[0]).toEqual({ type: 'init', threads: 2 });
    const progress = vi.fn();
    const loading = client.load({ kind: 'shipped', model: 'm' }, { onProgress: progress });
    const id = idOf(workers[0]?.posted[1]);
    workers[0]?.emit({ type: 'progress', id, label: 'Downloading', done: 1, total: 2 });
    workers[0]?.emit({ type: 'result', id: id + 100, result: { kind: 'layer-errors', errors: [] } }); // not ours: ignored
    workers[0]?.emit({ type: 'result', id, result: { kind: 'load', info: info } });
    await expect(loading).resolves.toMatchObject({ id: 'm' });
    expect(progress).toHaveBeenCalledWith('Downloading', 1, 2);
  });

  it('passes worker errors on with their name', async () => {
    const { create, workers } = fakes();
    const client = new LabClient({ createWorker: create });
    const h = client.histogram({ tensor: 'x', config: {}, bins: 8 });
    workers[0]?.emit({ type: 'error', id: idOf(workers[0]?.posted[1]), name: 'OnnxFormatError', message: 'not an ONNX model' });
    await expect(h).rejects.toMatchObject({ name: 'OnnxFormatError', message: 'not an ONNX model' });
  });

  it('cancel terminates the worker, fails what was pending, and loads the last model again in a new one', async () => {
    const { create, workers } = fakes();
    const client = new LabClient({ createWorker: create });
    const restarted = vi.fn();
    client.onRestart(restarted);
    const load = client.load({ kind: 'shipped', model: 'm' });
    workers[0]?.emit({ type: 'result', id: idOf(workers[0]?.posted[1]), result: { kind: 'load', info: info } });
    await load;
    const run = client.run({ variants: [], input: null, repeats: 1, samples: true, backend: 'auto' });
    client.cancel();
    await expect(run).rejects.toBeInstanceOf(LabCancelled);
    expect(workers[0]?.terminated).toBe(true);
    expect(workers[1]?.posted.map((r) => r.type)).toEqual(['init', 'load']);
    expect(restarted).toHaveBeenCalledWith('Cancelled: the lab worker was stopped and restarted');
    // The old worker's late events are dropped.
    workers[0]?.emit({ type: 'variant', id: idOf(workers[0]?.posted[2]), outcome: { key: 'fp32', label: 'fp32', error: 'late' } });
  });

  it('restarts a worker that stays silent past the idle timeout, or that crashes', async () => {
    vi.useFakeTimers();
    const { create, workers } = fakes();
    const client = new LabClient({ createWorker: create, idleTimeout: 1000 });
    const errors = client.layerErrors({});
    const caught = errors.catch((e: unknown) => e);
    vi.advanceTimersByTime(1001);
    expect(await caught).toMatchObject({ message: 'The lab worker did not answer for 1 s and was restarted' });
    expect(workers).toHaveLength(2);
    const next = client.layerErrors({}).catch((e: unknown) => e);
    workers[1]?.crash('boom');
    expect(await next).toMatchObject({ message: 'The lab worker stopped (boom; out of memory?) and was restarted' });
    expect(workers).toHaveLength(3);
  });

  it('reports whether each new worker has WebGPU, again after a restart', () => {
    const { create, workers } = fakes();
    const client = new LabClient({ createWorker: create });
    // No thread count given: the worker uses the runtime's default (cores up to 4 when isolated).
    expect(workers[0]?.posted[0]).toEqual({ type: 'init', threads: null });
    const seen = vi.fn();
    client.onReady(seen);
    workers[0]?.emit({ type: 'ready', threads: 1, webgpu: { available: true, adapter: 'google swiftshader' } });
    expect(client.webgpu).toEqual({ available: true, adapter: 'google swiftshader' });
    client.cancel();
    expect(client.webgpu).toBeNull();
    workers[1]?.emit({ type: 'ready', threads: 1, webgpu: { available: false, reason: 'no adapter' } });
    expect(seen.mock.calls).toEqual([[{ available: true, adapter: 'google swiftshader' }], [{ available: false, reason: 'no adapter' }]]);
    // A late listener hears the current answer at once.
    const late = vi.fn();
    client.onReady(late);
    expect(late).toHaveBeenCalledWith({ available: false, reason: 'no adapter' });
  });

  it('dispose ends the worker: pending requests fail with LabCancelled, later ones fail at once instead of waiting for a watchdog', async () => {
    vi.useFakeTimers();
    const { create, workers } = fakes();
    const client = new LabClient({ createWorker: create, idleTimeout: 1000 });
    const restarted = vi.fn();
    client.onRestart(restarted);
    const pending = client.load({ kind: 'shipped', model: 'm' });
    client.dispose();
    await expect(pending).rejects.toMatchObject({ name: 'LabCancelled', message: 'the lab was closed' });
    expect(workers[0]?.terminated).toBe(true);
    const late = client.load({ kind: 'shipped', model: 'm' });
    await expect(late).rejects.toThrow('The lab worker was closed (LabClient.dispose); load cannot run');
    await expect(late).rejects.not.toBeInstanceOf(LabCancelled);
    // Nothing was posted to the dead worker, and no timer or crash starts another one.
    expect(workers[0]?.posted.map((r) => r.type)).toEqual(['init', 'load']);
    vi.advanceTimersByTime(5000);
    workers[0]?.crash('late crash');
    client.cancel();
    expect(workers).toHaveLength(1);
    expect(restarted).not.toHaveBeenCalled();
  });
});
