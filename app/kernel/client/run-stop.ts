// Why the client stopped a worker under a run, and the error the run's cell
// shows for it (the client adds it to the run's outputs before its outcome).
import type { Milliseconds } from '../../shared/brand.ts';
import type { CellOutput } from '../protocol.ts';
import type { DeathCause } from './run-types.ts';
import type { CrashCause } from './worker-handle.ts';

export const KERNEL_DIED_MESSAGE = 'The kernel died while running this cell (out of memory?) and was restarted';
/** When the whole process holding the worker died: in Chromium that is what running out of JS heap does. */
export const KERNEL_PROCESS_DIED =
  "The kernel's process stopped while running this cell (most likely it ran out of memory) and the kernel was restarted; variables from earlier cells are gone.";
/** A cell (or its timer) called close() on the kernel's worker. */
export const KERNEL_CLOSED_MESSAGE =
  "The kernel's worker was closed by code in the notebook (self.close()), so the kernel was restarted; variables from earlier cells are gone.";
export const seconds = (time: Milliseconds): string => `${Math.round(time / 100) / 10} s`;

/** Why the client stopped a worker under a run. */
export type Stop =
  | { readonly kind: 'interrupted' }
  | { readonly kind: 'timed-out'; readonly limit: Milliseconds }
  | { readonly kind: 'died'; readonly cause: CrashCause }
  /** The worker never became ready: `message` says why. */
  | { readonly kind: 'died'; readonly cause: Extract<DeathCause, 'never-started'>; readonly message: string };

export function stopError(stop: Stop): CellOutput {
  switch (stop.kind) {
    case 'interrupted':
      return {
        kind: 'error',
        name: 'Interrupted',
        message: 'The cell was interrupted and the kernel was restarted; variables from earlier cells are gone.',
      };
    case 'timed-out':
      return {
        kind: 'error',
        name: 'TimeoutError',
        message: `The cell ran longer than ${seconds(stop.limit)} and was stopped; the kernel was restarted.`,
      };
    case 'died':
      if (stop.cause === 'never-started')
        return { kind: 'error', name: 'KernelError', message: `${stop.message} Run the cell again to retry.` };
      return {
        kind: 'error',
        name: 'KernelDied',
        message: stop.cause === 'process' ? KERNEL_PROCESS_DIED : stop.cause === 'closed' ? KERNEL_CLOSED_MESSAGE : KERNEL_DIED_MESSAGE,
      };
  }
}
