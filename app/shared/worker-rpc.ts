// The page's side of a worker it can restart: one worker at a time, requests
// answered by id, per-call timeouts, and nothing from a replaced worker ever
// counts. Used by the kernel client (app/kernel/client/kernel-client.ts) and
// the model lab's client (app/lab/lab-client.ts). Runs on the page; no DOM.

export interface RpcWorker<Request> {
  post(request: Request, transfer?: Transferable[]): void;
  terminate(): void;
}

export interface RpcWorkerHandlers<Message, Cause> {
  /** A message from the worker. */
  onEvent(message: Message): void;
  /** The worker failed to load or died; `cause` says what died when the handle knows. */
  onCrash(message: string, cause?: Cause): void;
}

export type CreateRpcWorker<Request, Message, Cause> = (handlers: RpcWorkerHandlers<Message, Cause>) => RpcWorker<Request>;

export interface WorkerRpcOptions<Request, Message, Cause> {
  readonly create: CreateRpcWorker<Request, Message, Cause>;
  /** A message from the current worker (a replaced worker's never arrive). */
  readonly onEvent: (message: Message) => void;
  /** The error pending calls are rejected with when the current worker crashes (before `onCrash`). */
  readonly crashError: (message: string, cause: Cause | undefined) => Error;
  /** The current worker crashed (a replaced worker's crash never arrives); its pending calls are already rejected. */
  readonly onCrash: (message: string, cause: Cause | undefined) => void;
}

export interface CallOptions {
  /** Reject the call when no answer came this long after it was made (or after the last `touch`). */
  readonly timeout?: number;
  /** The error a call that timed out is rejected with. */
  readonly timeoutError?: () => Error;
  /** After a timeout's rejection: e.g. restart a worker that stopped answering. */
  readonly onTimeout?: () => void;
  readonly transfer?: Transferable[];
}

/** Posts to one worker only (answers to that worker's own questions). */
export interface BoundPoster<Request> {
  /** Whether the worker is still the current one. */
  readonly current: boolean;
  /** Posts while the worker is current; false (and nothing posted) once it was replaced or stopped. */
  post(request: Request): boolean;
}

interface Pending<Answer> {
  readonly resolve: (answer: Answer) => void;
  readonly reject: (error: Error) => void;
  readonly options: CallOptions;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class WorkerRpc<Request, Message, Answer, Cause = never> {
  readonly #options: WorkerRpcOptions<Request, Message, Cause>;
  readonly #pending = new Map<number, Pending<Answer>>();
  #worker: RpcWorker<Request> | null = null;
  #nextId = 1;

  constructor(options: WorkerRpcOptions<Request, Message, Cause>) {
    this.#options = options;
  }

  /** Whether a worker is there (started and not stopped). */
  get running(): boolean {
    return this.#worker !== null;
  }

  /** Calls waiting for an answer. */
  get pending(): number {
    return this.#pending.size;
  }

  /** A new worker in place of the current one (terminated; its calls rejected with `reason`). From now on the old one's messages and crash are dropped. */
  start(reason: Error): void {
    this.stop(reason);
    let handle: RpcWorker<Request> | null = null;
    const current = (): boolean => handle !== null && handle === this.#worker;
    handle = this.#options.create({
      onEvent: (message) => {
        if (current()) this.#options.onEvent(message);
      },
      onCrash: (message, cause) => {
        if (!current()) return;
        this.#rejectAll(this.#options.crashError(message, cause));
        this.#options.onCrash(message, cause);
      },
    });
    this.#worker = handle;
  }

  /** Terminates the worker, if any, and rejects every pending call with `reason`. */
  stop(reason: Error): void {
    const worker = this.#worker;
    this.#worker = null;
    worker?.terminate();
    this.#rejectAll(reason);
  }

  /** Posts to the current worker (nothing when there is none). */
  post(request: Request, transfer?: Transferable[]): void {
    this.#worker?.post(request, transfer);
  }

  /** A poster tied to the current worker: once that worker was replaced or stopped it posts nothing. */
  bound(): BoundPoster<Request> {
    const worker = this.#worker;
    const isCurrent = (): boolean => worker !== null && worker === this.#worker;
    return {
      get current() {
        return isCurrent();
      },
      post: (request) => {
        if (!isCurrent()) return false;
        worker?.post(request);
        return true;
      },
    };
  }

  /** Sends `request(id)` with a fresh id; settled by `answer(id)` / `refuse(id)`, a timeout, a crash, or the worker's replacement. */
  call(request: (id: number) => Request, options: CallOptions = {}): Promise<Answer> {
    const id = this.#nextId++;
    return new Promise<Answer>((resolve, reject) => {
      const pending: Pending<Answer> = { resolve, reject, options, timer: undefined };
      this.#pending.set(id, pending);
      this.#arm(id, pending);
      this.post(request(id), options.transfer);
    });
  }

  /** Whether call `id` still waits for its answer. */
  has(id: number): boolean {
    return this.#pending.has(id);
  }

  /** Resolves call `id`; false when it no longer waits (answered, timed out, or a worker ago). */
  answer(id: number, value: Answer): boolean {
    const pending = this.#take(id);
    pending?.resolve(value);
    return pending !== undefined;
  }

  /** Rejects call `id` with the worker's own error. */
  refuse(id: number, error: Error): boolean {
    const pending = this.#take(id);
    pending?.reject(error);
    return pending !== undefined;
  }

  /** Restarts every pending call's clock: the worker said something, so it is alive (a timeout then counts silence). */
  touch(): void {
    for (const [id, pending] of this.#pending) this.#arm(id, pending);
  }

  #arm(id: number, pending: Pending<Answer>): void {
    clearTimeout(pending.timer);
    const { timeout } = pending.options;
    if (timeout === undefined) return;
    pending.timer = setTimeout(() => {
      if (this.#pending.get(id) !== pending) return;
      this.#pending.delete(id);
      pending.reject(pending.options.timeoutError?.() ?? new Error(`The worker did not answer within ${timeout} ms`));
      pending.options.onTimeout?.();
    }, timeout);
  }

  #take(id: number): Pending<Answer> | undefined {
    const pending = this.#pending.get(id);
    if (pending === undefined) return undefined;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    return pending;
  }

  #rejectAll(error: Error): void {
    const all = [...this.#pending.values()];
    this.#pending.clear();
    for (const pending of all) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
  }
}
