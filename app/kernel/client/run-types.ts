// The page's vocabulary for a run, defined once: the kernel client reports in
// it and the notebook store reads it unchanged (app/notebook/kernel-port.ts).
import type { Milliseconds } from '../../shared/brand.ts';
import type { CellOutput } from '../protocol.ts';
import type { CrashCause } from './worker-handle.ts';

export type KernelStatus = 'starting' | 'idle' | 'busy' | 'restarting';

/** Why a kernel died under a run: its worker, its whole process, the worker closing itself, or a worker that never became ready. */
export type DeathCause = CrashCause | 'never-started';

/**
 * How a run ended. ok / error: the cell ran and succeeded or failed; interrupted: the page
 * restarted the kernel under it (Interrupt, Restart); timed out: it ran past its time limit and
 * the kernel was restarted; died: the kernel died under it (or never started) and was restarted.
 * `duration` is how long it ran (0 if it never started).
 */
export type RunOutcome =
  | { readonly kind: 'ok'; readonly duration: Milliseconds }
  | { readonly kind: 'error'; readonly duration: Milliseconds }
  | { readonly kind: 'interrupted'; readonly duration: Milliseconds }
  | { readonly kind: 'timed-out'; readonly duration: Milliseconds; readonly limit: Milliseconds }
  | { readonly kind: 'died'; readonly duration: Milliseconds; readonly cause: DeathCause };

export interface RunCallbacks {
  readonly onStarted?: () => void;
  /** Called with each batch as the worker sent it; may be called after onDone (late output, see CONTEXT.md). */
  readonly onOutputs?: (outputs: readonly CellOutput[]) => void;
  readonly onDone?: (outcome: RunOutcome) => void;
  /** The running cell called pickImage(): show a picker; without this callback the call is refused. */
  readonly onPickImage?: (request: ImagePickRequest) => void;
}

/** A running cell's `pickImage(label)`, as the page's UI sees it. Both answers are no-ops once the run is over. */
export interface ImagePickRequest {
  /** The kernel's number for this request (a cell may ask more than once). */
  readonly id: number;
  readonly label: string;
  /** Sends the chosen image to the cell; returns why it was refused (too big, not an image…), or null when sent. */
  choose(file: File): string | null;
  /** No image (the student pressed Cancel): the cell's pickImage() rejects with `message`. */
  cancel(message: string): void;
}
