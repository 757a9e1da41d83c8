// Timers and callbacks that cells create carry the run that created them, so
// their output lands in that cell (as in Jupyter), not in whichever cell runs
// when they fire: `setInterval(() => print("spam"), 0)` prints into its own
// cell, within that cell's output limit, and is cut off once another cell
// runs (the kernel then drops what it prints). Interrupt with no cell running
// cancels every pending timer (`clearAll`). These are the names cells see
// (built-ins, app/kernel/runtime/builtins.ts); the runtime's own timers are separate,
// so clearing cells' timers never stops the kernel's own.

/** The host's timers; starting one returns the function that cancels it. */
export interface TimerFunctions {
  readonly setTimeout: (callback: () => void, ms: number) => () => void;
  readonly setInterval: (callback: () => void, ms: number) => () => void;
  readonly queueMicrotask: (callback: () => void) => void;
}

// Taken when the module loads, before any cell could replace the globals.
const {
  setTimeout: hostSetTimeout,
  clearTimeout: hostClearTimeout,
  setInterval: hostSetInterval,
  clearInterval: hostClearInterval,
  queueMicrotask: hostQueueMicrotask,
} = globalThis;

/** This context's own timers. */
export const hostTimers: TimerFunctions = {
  setTimeout: (callback, ms) => {
    const handle = hostSetTimeout(callback, ms);
    return () => hostClearTimeout(handle);
  },
  setInterval: (callback, ms) => {
    const handle = hostSetInterval(callback, ms);
    return () => hostClearInterval(handle);
  },
  queueMicrotask: (callback) => hostQueueMicrotask(callback),
};

/** What the cells' timer built-ins need from the runtime: who is the owner now, and running a callback as that owner. */
export interface CallbackOwners<Owner> {
  current(): Owner | null;
  /** Runs `callback` with output and errors attributed to `owner`. */
  runAs(owner: Owner | null, callback: () => void): void;
}

export interface CellTimerBuiltins {
  readonly setTimeout: (callback: unknown, ms?: unknown, ...args: unknown[]) => number;
  readonly setInterval: (callback: unknown, ms?: unknown, ...args: unknown[]) => number;
  readonly clearTimeout: (id?: unknown) => void;
  readonly clearInterval: (id?: unknown) => void;
  readonly queueMicrotask: (callback: unknown) => void;
}

export class CellCallbacks<Owner> {
  readonly #timers: TimerFunctions;
  readonly #owners: CallbackOwners<Owner>;
  /** Cells' live timers: our id → how to cancel it. */
  readonly #live = new Map<number, () => void>();
  #nextId = 1;
  readonly builtins: CellTimerBuiltins;

  constructor(owners: CallbackOwners<Owner>, timers: TimerFunctions = hostTimers) {
    this.#owners = owners;
    this.#timers = timers;
    this.builtins = Object.freeze({
      setTimeout: (callback: unknown, ms?: unknown, ...args: unknown[]) => this.#start(false, callback, ms, args),
      setInterval: (callback: unknown, ms?: unknown, ...args: unknown[]) => this.#start(true, callback, ms, args),
      clearTimeout: (id?: unknown) => this.#clear(id),
      clearInterval: (id?: unknown) => this.#clear(id),
      queueMicrotask: (callback: unknown) => {
        const fn = callable('queueMicrotask', callback);
        const owner = this.#owners.current();
        this.#timers.queueMicrotask(() => this.#owners.runAs(owner, () => fn()));
      },
    });
  }

  /** Timers cells have pending now. */
  get pending(): number {
    return this.#live.size;
  }

  /** Cancels every pending timer cells created (Interrupt with no cell running). Returns how many. */
  clearAll(): number {
    const count = this.#live.size;
    for (const id of [...this.#live.keys()]) this.#clear(id);
    return count;
  }

  #start(repeat: boolean, callback: unknown, ms: unknown, args: readonly unknown[]): number {
    const fn = callable(repeat ? 'setInterval' : 'setTimeout', callback);
    const owner = this.#owners.current();
    const id = this.#nextId++;
    const delay = Number(ms ?? 0) || 0;
    const fire = (): void => {
      if (!repeat) this.#live.delete(id);
      this.#owners.runAs(owner, () => fn(...args));
    };
    this.#live.set(id, repeat ? this.#timers.setInterval(fire, delay) : this.#timers.setTimeout(fire, delay));
    return id;
  }

  #clear(id: unknown): void {
    if (typeof id !== 'number') return;
    const cancel = this.#live.get(id);
    if (cancel === undefined) return;
    this.#live.delete(id);
    cancel();
  }
}

function callable(name: string, callback: unknown): (...args: unknown[]) => unknown {
  // A string callback would be evaluated as code by the host's timers: never here.
  if (typeof callback !== 'function')
    throw new TypeError(`${name}: the callback must be a function, not ${callback === null ? 'null' : typeof callback}`);
  return (...args) => Reflect.apply(callback, undefined, args);
}
