// The one message schema between the page and the kernel worker.
// Every request carries a RunId; every event names the run it belongs to, so
// late events from an interrupted run can be recognised and dropped. The page
// treats every event as untrusted data (event-check.ts checks its shape; see
// CONTEXT.md "Threat model"): a run's events carry the run's nonce, a secret
// the page sent with the run and cell code cannot read.
import type { ModelFilesAnswer, ModelFilesCall, ModelFilesProgress } from '../offline/model-bridge.ts';
import type { CellId, Milliseconds, RunId } from '../shared/brand.ts';

/** One piece of a cell's output, in the order it was produced. */
export type CellOutput =
  /** One `print(...)` / `console.log(...)` call: a single line of text. */
  | { readonly kind: 'text'; readonly text: string; readonly stream: 'stdout' | 'stderr' }
  /** The value of the cell's last expression, already formatted as text. */
  | { readonly kind: 'result'; readonly text: string }
  /** A thrown error; `line`/`column` are 1-based positions in the cell's source. */
  | {
      readonly kind: 'error';
      readonly name: string;
      readonly message: string;
      readonly line?: number;
      readonly column?: number;
    }
  /** `display(arrayOfPlainObjects)`: a table. Cells are already formatted. */
  | { readonly kind: 'table'; readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[] }
  /** An Observable Plot figure or other SVG/HTML drawn in the worker; the page sanitises it. */
  | {
      readonly kind: 'svg';
      readonly html: string;
      readonly alt: string;
      /** The figure's data as a table (Plot figures): its text alternative. */
      readonly data?: { readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[]; readonly total: number };
    }
  /** An image as a data URL (PNG for ImageData). */
  | { readonly kind: 'image'; readonly src: string; readonly width?: number; readonly height?: number; readonly alt: string }
  /** `display.markdown(text)` or `display(md\`...\`)`. */
  | { readonly kind: 'markdown'; readonly markdown: string }
  /** The kernel's own notice, e.g. that output was truncated. */
  | { readonly kind: 'notice'; readonly text: string };

/** The page's answer to a `pick-image` event: the File the student chose, or why there is none (Cancel). */
export type PickImageAnswer =
  | { readonly id: number; readonly ok: true; readonly file: Blob }
  | { readonly id: number; readonly ok: false; readonly message: string };

/** A run's secret: random, made by the page, echoed on the run's events by the kernel's own code only. */
export type RunNonce = string;

export type KernelRequest =
  | { readonly type: 'run'; readonly runId: RunId; readonly cellId: CellId; readonly code: string; readonly nonce: RunNonce }
  /** Names visible in the shared scope, for editor completion. */
  | { readonly type: 'names'; readonly runId: RunId }
  /** Interrupt with no cell running: cancel every timer and callback cells left pending. */
  | { readonly type: 'clear-timers' }
  /** The page's answer to a `model-files` event (handled by worker.ts, not the runtime). */
  | { readonly type: 'model-files-answer'; readonly answer: ModelFilesAnswer }
  | { readonly type: 'model-files-progress'; readonly progress: ModelFilesProgress }
  /** The image the student chose for a cell's `pickImage()` (app/kernel/runtime/image-pick.ts). */
  | { readonly type: 'pick-image-answer'; readonly answer: PickImageAnswer };

/** The requests the runtime itself handles (worker.ts routes the rest). */
export type RuntimeRequest = Exclude<KernelRequest, { readonly type: 'model-files-answer' | 'model-files-progress' }>;

export type KernelEvent =
  | { readonly type: 'ready'; readonly builtins: readonly string[] }
  | { readonly type: 'started'; readonly runId: RunId; readonly cellId: CellId; readonly nonce: RunNonce }
  /**
   * Several outputs of one run, in order. The worker batches output (a loop
   * printing 10,000 lines must not post 10,000 messages); it sends this kind.
   * Outputs may arrive after `done`: an error from a timer, or a late print,
   * is attributed to the most recent run (see CONTEXT.md).
   */
  | {
      readonly type: 'outputs';
      readonly runId: RunId;
      readonly cellId: CellId;
      readonly nonce: RunNonce;
      readonly outputs: readonly CellOutput[];
    }
  | {
      readonly type: 'done';
      readonly runId: RunId;
      readonly cellId: CellId;
      readonly nonce: RunNonce;
      readonly ok: boolean;
      readonly duration: Milliseconds;
    }
  | { readonly type: 'names'; readonly runId: RunId; readonly names: readonly string[] }
  /** The worker is about to close itself (a cell called self.close()): the page restarts the kernel. */
  | { readonly type: 'closed' }
  /** A model-file call for the page to check and carry out (app/offline/model-bridge.ts). */
  | { readonly type: 'model-files'; readonly call: ModelFilesCall }
  /** The running cell called `pickImage(label)`: the page shows a picker under that cell (run id and nonce checked). */
  | {
      readonly type: 'pick-image';
      readonly runId: RunId;
      readonly cellId: CellId;
      readonly nonce: RunNonce;
      readonly id: number;
      readonly label: string;
    };
