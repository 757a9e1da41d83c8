// The functions compiled cells call where an async function resumes
// (rewrite-async.ts): they make the owner that called the function current
// again for each synchronous stretch after an `await`, so a print there goes to
// that owner's cell (or is dropped once another run started, as a timer's
// is), and hand the owner back when the stretch ends.
//
// Why "hand back" means "no owner": a resumed stretch always starts from the
// event loop's microtask queue with no owner set (every setter restores its
// value before returning to the loop), so when it ends nothing else may be
// left attributed to it.

/** One call of an instrumented async function. */
export interface Activation<Owner> {
  readonly owner: Owner | null;
  /** A stretch after an await has run (the owner was made current by us). */
  resumed: boolean;
  /** Waiting at an await: the next thing this activation runs is a resumption (or a catch/finally after a rejection). */
  suspended: boolean;
}

/** What the runtime lends: the owner current now, and setting the owner of what runs (undefined: none). */
export interface OwnerSlot<Owner> {
  current(): Owner | null;
  set(owner: Owner | null | undefined): void;
}

export interface AsyncContext {
  enter(): unknown;
  pause<T>(activation: unknown, value: T): T;
  resume<T>(activation: unknown, value: T): T;
  caught(activation: unknown): void;
  leave(activation: unknown): void;
}

/** The `__async` parameter of compiled cells: frozen, its activations only ever made here. */
export function createAsyncContext<Owner>(slot: OwnerSlot<Owner>): AsyncContext {
  // Compiled code holds only a token; its state stays here, so nothing but these functions changes it.
  const states = new WeakMap<object, Activation<Owner>>();
  const own = (token: unknown): Activation<Owner> | null =>
    typeof token === 'object' && token !== null ? (states.get(token) ?? null) : null;
  const resumeAs = (a: Activation<Owner>): void => {
    a.suspended = false;
    a.resumed = true;
    slot.set(a.owner);
  };
  return Object.freeze({
    enter(): unknown {
      const token = Object.freeze({});
      states.set(token, { owner: slot.current(), resumed: false, suspended: false });
      return token;
    },
    pause<T>(activation: unknown, value: T): T {
      const a = own(activation);
      if (a === null) return value;
      if (a.resumed) slot.set(undefined);
      a.suspended = true;
      return value;
    },
    resume<T>(activation: unknown, value: T): T {
      const a = own(activation);
      if (a !== null) resumeAs(a);
      return value;
    },
    caught(activation: unknown): void {
      const a = own(activation);
      if (a?.suspended === true) resumeAs(a);
    },
    leave(activation: unknown): void {
      const a = own(activation);
      if (a?.resumed === true) slot.set(undefined);
    },
  });
}
