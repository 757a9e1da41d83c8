// Messages between the page and the kernel frame (kernel.html), which only
// starts and stops kernel workers; cells and outputs never pass through it:
// each worker talks to the page over its own MessagePort (../protocol.ts).

/** The page's first message, by window.postMessage: the control port. */
export interface FrameConnect {
  readonly type: 'qlab-kernel-connect';
  readonly control: MessagePort;
}

/** Page → frame, on the control port. */
export type FrameRequest =
  /** Start a kernel worker that speaks the kernel protocol on `port`. */
  | { readonly type: 'spawn'; readonly id: number; readonly port: MessagePort; readonly pageUrl: string }
  | { readonly type: 'kill'; readonly id: number }
  /** Liveness: the frame's own thread answers at once, however busy a worker is. */
  | { readonly type: 'ping'; readonly n: number };

/** Frame → page, on the control port. */
export type FrameEvent =
  | { readonly type: 'hello' }
  | { readonly type: 'pong'; readonly n: number }
  /** A worker failed to load or died in a way the frame could see. */
  | { readonly type: 'worker-error'; readonly id: number; readonly message: string };

/** The first message a kernel worker may receive: talk on this port instead of `self`. */
export interface WorkerConnect {
  readonly type: 'qlab-kernel-port';
  readonly port: MessagePort;
  /** The page's URL: students' relative model URLs resolve against it, not the frame's site. */
  readonly pageUrl: string;
}

export const isFrameConnect = (data: unknown): data is FrameConnect =>
  typeof data === 'object' &&
  data !== null &&
  'type' in data &&
  data.type === 'qlab-kernel-connect' &&
  'control' in data &&
  data.control instanceof MessagePort;
