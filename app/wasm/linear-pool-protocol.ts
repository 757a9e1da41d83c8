// The messages between a LinearPool (the calling thread) and its workers (linear-worker.ts): one
// union per direction, every request answered by its id. Structured-cloneable: the memory (shared)
// and the compiled kernel module travel as themselves; weights never travel, they are in the memory.
import type { Int8LinearJob, Int8LinearLayout } from './linear-int8-rows.ts';
import type { LinearJob, LinearLayout } from './linear-rows.ts';
import type { RowStep } from './row-steps.ts';

export type ToLinearWorker =
  /** the memory every Linear of the pool lives in (a shared WebAssembly.Memory), and the activations module to instantiate on it */
  | { readonly type: 'init'; readonly id: number; readonly memory: WebAssembly.Memory; readonly activations: WebAssembly.Module }
  /** a kernel module to instantiate on that memory, under its key ("f32-relaxed 4x8") */
  | { readonly type: 'kernel'; readonly id: number; readonly key: string; readonly module: WebAssembly.Module }
  /** rows [r0, r1) × column panels [p0, p1) of one Linear's run, with the kernel of that key */
  | {
      readonly type: 'run';
      readonly id: number;
      readonly key: string;
      readonly layout: LinearLayout;
      readonly job: LinearJob;
      readonly r0: number;
      readonly r1: number;
      readonly p0: number;
      readonly p1: number;
    }
  /** an int8 module (int8-kernels.ts) to instantiate on that memory, under its key ("i8-dot16 4x8") */
  | { readonly type: 'int8-kernel'; readonly id: number; readonly key: string; readonly module: WebAssembly.Module }
  /** rows [r0, r1) × column panels [p0, p1) of one dynamic-int8 Linear's run (x already quantized by the calling thread's stage) */
  | {
      readonly type: 'int8-run';
      readonly id: number;
      readonly key: string;
      readonly layout: Int8LinearLayout;
      readonly job: Int8LinearJob;
      readonly r0: number;
      readonly r1: number;
      readonly p0: number;
      readonly p1: number;
    }
  /** row-steps.ts's steps, in order, on rows [r0, r1) (the GEMM and int8 kernels they name by key already sent) */
  | { readonly type: 'steps'; readonly id: number; readonly steps: readonly RowStep[]; readonly r0: number; readonly r1: number }
  /** a Linear's layout under an index, for jobs posted through the handoff (handoff.ts), with the kernel of that key (already sent) */
  | (
      | {
          readonly type: 'layout';
          readonly id: number;
          readonly index: number;
          readonly kind: 'f32';
          readonly key: string;
          readonly layout: LinearLayout;
        }
      | {
          readonly type: 'layout';
          readonly id: number;
          readonly index: number;
          readonly kind: 'int8';
          readonly key: string;
          readonly layout: Int8LinearLayout;
        }
    )
  /** wait on the handoff's mailbox for jobs until told to stop or idle (handoff.ts); answered when the worker leaves */
  | { readonly type: 'listen'; readonly id: number; readonly box: SharedArrayBuffer };

export type FromLinearWorker =
  | { readonly type: 'done'; readonly id: number }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

/** Whether data is a FromLinearWorker (what a worker posts is checked before it is believed). */
export function isFromLinearWorker(data: unknown): data is FromLinearWorker {
  if (typeof data !== 'object' || data === null || !('type' in data) || !('id' in data) || typeof data.id !== 'number') return false;
  return data.type === 'done' || (data.type === 'error' && 'message' in data && typeof data.message === 'string');
}
