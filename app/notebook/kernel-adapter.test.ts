import { afterEach, describe, expect, it, vi } from 'vitest';
import { cellId, ms } from '../shared/brand.ts';
import { KernelClient } from '../kernel/client/kernel-client.ts';
import type { KernelWorker } from '../kernel/client/worker-handle.ts';
import { createKernelPort } from './kernel-adapter.ts';

afterEach(() => vi.useRealTimers());

describe('createKernelPort', () => {
  it('restarts a kernel that then fails to start without an unhandled rejection, and the next run says why', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      // A worker that never reports ready (a cold dev server can take longer than the limit).
      const silent = (): KernelWorker => ({ post: () => undefined, terminate: () => undefined });
      const port = createKernelPort(new KernelClient({ createWorker: silent, readyTimeout: ms(1000), caches: () => null }));
      port.restart();
      await vi.advanceTimersByTimeAsync(1001);
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
      const done = vi.fn();
      port.run(cellId('a'), '1', { started: () => undefined, outputs: () => undefined, done });
      await vi.advanceTimersByTimeAsync(1001);
      expect(done).toHaveBeenCalledWith({ kind: 'died', cause: 'never-started', duration: 0 });
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
