// Adapts the worker kernel client to the store's KernelPort.
import { KernelClient } from '../kernel/client/kernel-client.ts';
import type { CellId, Milliseconds } from '../shared/brand.ts';
import type { KernelPort, KernelStatus, RunListener } from './kernel-port.ts';

export function createKernelPort(client: KernelClient = new KernelClient()): KernelPort {
  return {
    run(cellId: CellId, code: string, listener: RunListener, timeout?: Milliseconds) {
      client.run(cellId, code, {
        ...(timeout === undefined ? {} : { timeout }),
        callbacks: {
          onStarted: () => listener.started(),
          onOutputs: (outputs) => {
            for (const o of outputs) listener.output(o);
          },
          onDone: (r) => listener.done({ ok: r.ok, cancelled: r.outcome === 'cancelled', duration: r.duration }),
          ...(listener.pickImage === undefined ? {} : { onPickImage: (request) => listener.pickImage?.(request) }),
        },
      });
    },
    interrupt: () => {
      client.interrupt();
    },
    restart: () => {
      // Fire and forget, but never an unhandled rejection: a kernel that does not start in time
      // fails its queued cells with the reason and tries again on the next run (KernelClient).
      client.restart().catch(() => undefined);
    },
    onStatus(listener: (status: KernelStatus) => void) {
      listener(client.status);
      return client.subscribe((e) => {
        if (e.type === 'status') listener(e.status);
      });
    },
    names: () => client.names(),
  };
}
