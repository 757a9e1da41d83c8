// Adapts the worker kernel client to the store's KernelPort: outcomes and
// output batches are passed through as the client reports them.
import { KernelClient } from '../kernel/client/kernel-client.ts';
import type { KernelStatus } from '../kernel/client/run-types.ts';
import type { CrashCause } from '../kernel/client/worker-handle.ts';
import type { CellId, Milliseconds } from '../shared/brand.ts';
import type { KernelPort, RunListener } from './kernel-port.ts';

export function createKernelPort(client: KernelClient = new KernelClient()): KernelPort {
  return {
    run(cellId: CellId, code: string, listener: RunListener, timeout?: Milliseconds) {
      client.run(cellId, code, {
        ...(timeout === undefined ? {} : { timeout }),
        callbacks: {
          onStarted: () => listener.started(),
          onOutputs: (outputs) => listener.outputs(outputs),
          onDone: (outcome) => listener.done(outcome),
          ...(listener.pickImage === undefined ? {} : { onPickImage: (request) => listener.pickImage?.(request) }),
        },
      });
    },
    interrupt: () => {
      client.interrupt();
    },
    restart: () => {
      // Fire and forget, but never an unhandled rejection: a kernel that does not start in time
      // fails the cell sent to it with the reason and tries again on the next run (KernelClient).
      client.restart().catch(() => undefined);
    },
    onStatus(listener: (status: KernelStatus) => void) {
      listener(client.status);
      return client.subscribe((e) => {
        if (e.type === 'status') listener(e.status);
      });
    },
    onIdleDeath(listener: (cause: CrashCause) => void) {
      return client.subscribe((e) => {
        if (e.type === 'died' && e.runId === null) listener(e.cause);
      });
    },
    names: () => client.names(),
  };
}
