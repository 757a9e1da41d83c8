// Page side of the kernel frame: kernel workers started inside a frame on
// another site (own renderer process, see origin.ts), so a cell that exhausts
// the JS heap kills that process and not the tab. The page watches the frame
// with pings: a busy cell keeps the frame's own thread free to answer, a dead
// process does not answer, and the client restarts the kernel.
//
// If the frame cannot be reached (offline, a host that does not serve the
// other site, a blocked frame), kernels fall back to an in-process worker.
import { ms, type Milliseconds } from '../../shared/brand.ts';
import { type CreateKernelWorker, type KernelWorker, type KernelWorkerHandlers } from '../client/worker-handle.ts';
import type { KernelRequest } from '../protocol.ts';
import { Heartbeat } from './heartbeat.ts';
import type { FrameConnect, FrameEvent, FrameRequest } from './protocol.ts';

export type KernelProcess = 'own process' | 'page process';

export interface KernelFrameOptions {
  /** Origin serving kernel.html (another site than the page). */
  readonly origin: string;
  /** Path of kernel.html on that origin. */
  readonly path: string;
  /** In-process workers, used when the frame cannot be reached. */
  readonly fallback: CreateKernelWorker;
  /** Called with where kernels run, once that is known. */
  readonly onProcess?: (process: KernelProcess) => void;
  /** How long the frame may take to load and answer its first message. Default 5 s. */
  readonly connectTimeout?: Milliseconds;
  /** How long the frame may take to answer once it has loaded (an error page never does). Default 2 s. */
  readonly answerAfterLoad?: Milliseconds;
  /** Ping interval. Default 1 s. */
  readonly pingInterval?: Milliseconds;
  /** A ping unanswered this long means the frame's process is gone. Default 4 s. */
  readonly deadAfter?: Milliseconds;
}

interface Live {
  readonly id: number;
  readonly handlers: KernelWorkerHandlers;
}

export function createFramedKernelWorkers(options: KernelFrameOptions): CreateKernelWorker {
  const host = new FrameHost(options);
  return (handlers) => host.createWorker(handlers);
}

class FrameHost {
  readonly #options: KernelFrameOptions;
  #frame: HTMLIFrameElement | null = null;
  #connecting: Promise<MessagePort> | null = null;
  #unavailable = false;
  #nextId = 1;
  #live: Live | null = null;
  #heartbeat: Heartbeat | null = null;

  constructor(options: KernelFrameOptions) {
    this.#options = options;
  }

  createWorker(handlers: KernelWorkerHandlers): KernelWorker {
    if (this.#unavailable) return this.#options.fallback(handlers);
    const id = this.#nextId++;
    const pending: KernelRequest[] = [];
    let target: KernelWorker | null = null;
    let stopped = false;
    const channel = new MessageChannel();
    channel.port1.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (!stopped) handlers.onEvent(event.data);
    });
    channel.port1.start();
    const framed: KernelWorker = {
      post: (request) => channel.port1.postMessage(request),
      terminate: () => {
        this.#send({ type: 'kill', id });
        channel.port1.close();
        if (this.#live?.id === id) this.#live = null;
      },
    };
    const settle = (worker: KernelWorker): void => {
      target = worker;
      for (const request of pending.splice(0)) worker.post(request);
    };
    this.#connect().then(
      (control) => {
        if (stopped) return channel.port1.close(); // terminated before the frame answered
        this.#live = { id, handlers };
        control.postMessage({ type: 'spawn', id, port: channel.port2, pageUrl: location.href } satisfies FrameRequest, [channel.port2]);
        settle(framed);
      },
      () => {
        channel.port1.close();
        if (!stopped) settle(this.#options.fallback(handlers));
      },
    );
    return {
      post: (request) => (target ? target.post(request) : pending.push(request)),
      terminate: () => {
        stopped = true;
        target?.terminate();
      },
    };
  }

  #send(request: FrameRequest): void {
    if (this.#connecting)
      void this.#connecting.then(
        (control) => control.postMessage(request),
        () => undefined,
      );
  }

  #connect(): Promise<MessagePort> {
    this.#connecting ??= this.#openFrame().then(
      (control) => {
        this.#options.onProcess?.('own process');
        return control;
      },
      (error: unknown) => {
        this.#unavailable = true;
        this.#removeFrame();
        this.#options.onProcess?.('page process');
        throw error;
      },
    );
    return this.#connecting;
  }

  #openFrame(): Promise<MessagePort> {
    const { origin, path } = this.#options;
    const frame = document.createElement('iframe');
    frame.src = new URL(path, origin).href;
    frame.allow = 'cross-origin-isolated';
    frame.title = 'Notebook kernel';
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    // Not display:none: Chromium lowers the priority (nice 5 on Linux) of a process whose
    // frames are all hidden, and cells would then lose CPU to everything else. A 1-px
    // transparent frame counts as visible.
    Object.assign(frame.style, {
      position: 'fixed',
      right: '0',
      bottom: '0',
      width: '1px',
      height: '1px',
      border: '0',
      opacity: '0',
      pointerEvents: 'none',
    });
    this.#frame = frame;
    const channel = new MessageChannel();
    return new Promise<MessagePort>((resolve, reject) => {
      const fail = (): void => reject(new Error(`The kernel frame at ${origin} did not answer.`));
      let timer = setTimeout(fail, this.#options.connectTimeout ?? ms(5_000));
      channel.port1.addEventListener('message', (event: MessageEvent<FrameEvent>) => {
        if (event.data.type !== 'hello') return this.#onFrameEvent(event.data);
        clearTimeout(timer);
        const control = channel.port1;
        this.#heartbeat = new Heartbeat({
          send: (n) => control.postMessage({ type: 'ping', n } satisfies FrameRequest),
          onDead: () => this.#onFrameDied(),
          interval: this.#options.pingInterval ?? ms(1_000),
          deadAfter: this.#options.deadAfter ?? ms(4_000),
        });
        resolve(control);
      });
      channel.port1.start();
      frame.addEventListener(
        'load',
        () => {
          // An error page (offline, refused) has another origin: the message is dropped. The
          // frame's script ran before `load`, so a real frame answers at once; do not wait long.
          const connect: FrameConnect = { type: 'qlab-kernel-connect', control: channel.port2 };
          frame.contentWindow?.postMessage(connect, origin, [channel.port2]);
          clearTimeout(timer);
          timer = setTimeout(fail, this.#options.answerAfterLoad ?? ms(2_000));
        },
        { once: true },
      );
      document.body.append(frame);
    });
  }

  #onFrameEvent(event: FrameEvent): void {
    if (event.type === 'pong') this.#heartbeat?.pong(event.n);
    else if (event.type === 'worker-error' && this.#live?.id === event.id) this.#live.handlers.onCrash(event.message);
  }

  /** The frame's process is gone: forget it; the next worker opens a new frame. */
  #onFrameDied(): void {
    const live = this.#live;
    this.#live = null;
    this.#removeFrame();
    this.#connecting = null;
    live?.handlers.onCrash('the kernel frame stopped answering pings', 'process');
  }

  #removeFrame(): void {
    this.#heartbeat?.stop();
    this.#heartbeat = null;
    this.#frame?.remove();
    this.#frame = null;
  }
}
