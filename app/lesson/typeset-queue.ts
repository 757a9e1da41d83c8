// The order and pace of typesetting a big lesson's deferred formulas on the
// page (plain TS; the DOM side is app/ui/use-math-typesetter.ts): in slices
// of at most SLICE_MS, yielding between them so the page stays responsive (a
// cell can be edited and run meanwhile); formulas near the viewport first,
// then the rest in reading order.

/** At most this long per slice: a keystroke waits no longer than this for the typesetter. */
export const SLICE_MS = 12;

export interface TypesetHost<E> {
  /** Replaces the placeholder with its typeset formula. */
  typeset(formula: E): void;
  /** Still a placeholder in the page (not typeset, not removed). */
  isPending(formula: E): boolean;
  now(): number;
  /** Runs `slice` soon, after the page had a chance to handle input and paint; returns how to cancel it. */
  schedule(slice: () => void): () => void;
  /** After each slice: how many formulas this queue has typeset, and whether none is left. */
  progress(typeset: number, finished: boolean): void;
}

export class TypesetQueue<E> {
  readonly #host: TypesetHost<E>;
  readonly #queue: E[] = [];
  #next = 0;
  readonly #near = new Set<E>();
  #typeset = 0;
  #cancel: (() => void) | null = null;
  #stopped = false;

  constructor(host: TypesetHost<E>) {
    this.#host = host;
  }

  get typeset(): number {
    return this.#typeset;
  }

  /** Formulas that appeared in the page, in reading order. */
  add(formulas: Iterable<E>): void {
    for (const f of formulas) this.#queue.push(f);
    this.#wake();
  }

  /** Whether a formula is near the viewport now (those go first). */
  near(formula: E, isNear: boolean): void {
    if (isNear) this.#near.add(formula);
    else this.#near.delete(formula);
    if (isNear) this.#wake();
  }

  stop(): void {
    this.#stopped = true;
    this.#cancel?.();
    this.#cancel = null;
  }

  #wake(): void {
    if (this.#cancel === null && !this.#stopped) this.#cancel = this.#host.schedule(() => this.#slice());
  }

  #slice(): void {
    this.#cancel = null;
    const deadline = this.#host.now() + SLICE_MS;
    let formula = this.#take();
    while (formula !== undefined) {
      if (this.#host.isPending(formula)) {
        this.#host.typeset(formula);
        this.#typeset++;
      }
      if (this.#host.now() >= deadline) break;
      formula = this.#take();
    }
    const finished = this.#near.size === 0 && this.#next >= this.#queue.length;
    if (finished) {
      // Let the processed formulas go.
      this.#queue.length = 0;
      this.#next = 0;
    }
    this.#host.progress(this.#typeset, finished);
    if (!finished) this.#wake();
  }

  #take(): E | undefined {
    for (const f of this.#near) {
      this.#near.delete(f);
      return f;
    }
    return this.#next < this.#queue.length ? this.#queue[this.#next++] : undefined;
  }
}
