// Runtime state of a cell, rebuilt on every page load. Its last outputs and
// `[n]` are also kept for the next visit (output-sync.ts) and come back with
// `fromEarlierSession` set until the cell runs again.
import type { CellOutput } from '../kernel/protocol.ts';
import type { ImagePickRequest } from '../kernel/client/run-types.ts';
import type { Milliseconds } from '../shared/brand.ts';

export type CellStatus = 'idle' | 'queued' | 'running' | 'ok' | 'error' | 'cancelled';

export interface CellRuntime {
  readonly status: CellStatus;
  readonly outputs: readonly CellOutput[];
  /** Jupyter's `[n]`: the kernel-wide run number when this cell last started. */
  readonly execCount: number | null;
  readonly duration: Milliseconds | null;
  /** Ran in a kernel that has since restarted: its definitions are gone. */
  readonly stale: boolean;
  /** Outputs and `[n]` restored from an earlier visit (a kernel session that is gone), until the cell runs again. */
  readonly fromEarlierSession: boolean;
  /** The running cell waits in pickImage() for this: the page shows a picker under it (only while it runs). */
  readonly imagePick: ImagePickRequest | null;
}

export const idleCell: CellRuntime = {
  status: 'idle',
  outputs: [],
  execCount: null,
  duration: null,
  stale: false,
  fromEarlierSession: false,
  imagePick: null,
};

export const isBusy = (c: CellRuntime): boolean => c.status === 'queued' || c.status === 'running';

/** The text the lesson checks compare: prints, the result, and errors, one line each. */
export function outputText(outputs: readonly CellOutput[]): string {
  const lines: string[] = [];
  for (const o of outputs) {
    if (o.kind === 'text' || o.kind === 'result') lines.push(o.text);
    else if (o.kind === 'error') lines.push(`${o.name}: ${o.message}`);
  }
  return lines.join('\n');
}
