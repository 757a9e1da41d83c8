// A LinearPool worker's side of the handoff as the pool keeps it (runs in the calling thread): its
// mailbox (handoff.ts), the Linear layouts registered with it by index, and its `listen` request
// while it listens. The pool's messages and its handoff runs share the worker, so a message first
// stops a listening worker (`stop`, synchronous), and a job finds it listening again (`post`).
import { awaitHandoff, newHandoff, openHandoff, postHandoff, stopHandoff, type HandoffJob } from './handoff.ts';

export class WorkerMailbox {
  /** the layouts (a Linear's layout object) registered with the worker, by the index its jobs name */
  readonly layouts = new WeakMap<object, number>();
  readonly #box = newHandoff();
  #listening: Promise<void> | null = null;

  /** `listen(box)`: posts the worker's `listen` request, settled when it leaves (its error: a job's, named). */
  constructor(private readonly listen: (box: SharedArrayBuffer) => Promise<void>) {}

  /**
   * Posts a job, setting the worker listening first when it is not (never yet, stopped for a message, answered since,
   * or gone idle: the box then says OFF, its loop has returned); the job's sequence number, or null if not taken.
   */
  post(job: HandoffJob): number | null {
    const seq = this.#listening !== null ? postHandoff(this.#box, job) : null;
    if (seq !== null) return seq;
    this.stop();
    openHandoff(this.#box);
    this.#listening = this.listen(this.#box);
    this.#listening.catch(() => undefined); // read by `failure` when a job failed; else dropped by `stop`
    return postHandoff(this.#box, job);
  }

  /** Waits (blocking where the thread may, else spinning) until job `seq` is done, failed, or the deadline passes. */
  wait(seq: number, deadline: number): 'done' | 'failed' | 'timed-out' {
    return awaitHandoff(this.#box, seq, deadline);
  }

  /**
   * A listening worker told to stop, now (synchronously: a message posted right after is read once it has left,
   * messages keep their order; awaiting here would post the request only after the calling thread's own share).
   * Its listen request's answer is not waited for (a failed job's error was read by the run that posted it).
   */
  stop(): void {
    if (this.#listening === null) return;
    stopHandoff(this.#box);
    this.#listening = null;
  }

  /** After a failed job (the worker left listening): the error its listen request was answered with. */
  async failure(): Promise<unknown> {
    const listening = this.#listening;
    this.#listening = null;
    try {
      await listening;
      return new Error('it failed without saying why');
    } catch (error) {
      return error;
    }
  }
}
