// A mailbox on a SharedArrayBuffer between a LinearPool's calling thread and one of its workers
// (both sides run this file). Why: at M = 1 (the text decoder's steps) a Linear's share is a
// fraction of a millisecond, and a message round trip to a worker costs about as much, so a pool
// that posts messages gains nothing from its second thread. While a worker "listens" it sits in
// Atomics.wait on the mailbox; the caller writes a job's numbers, bumps SEQ and notifies; the
// worker runs the rows and stores DONE = SEQ. No message, no event loop turn on either side.
// The worker leaves after IDLE_MS without a job (or on STOP, or when a job throws) and answers
// the `listen` request that started it, so a pool's other requests (messages) find it at its
// event loop again.
import type { Int8LinearJob } from './linear-int8-rows.ts';
import type { LinearJob } from './linear-rows.ts';

export const HANDOFF_BYTES = 128;
/** A listening worker with no job for this long leaves (its `listen` request is answered). */
export const HANDOFF_IDLE_MS = 20;

// Int32 slots
const STATE = 0;
const SEQ = 1;
const DONE = 2;
const FAILED = 3;
// STATE values
const OFF = 0;
const LISTENING = 1;
const POSTED = 2;
const STOP = 3;
// Uint32 fields from byte 32 (byte offsets in a memory of at most 4 GiB), float64 from byte 96
const FIELDS = ['layout', 'M', 'a', 'c', 'rowTermsAt', 'colTermsAt', 'scalesAt', 'r0', 'r1', 'p0', 'p1'] as const;

/** One posted share of a run: a layout the worker registered (by index), the run's job, rows × column panels. */
export interface HandoffJob {
  readonly layout: number;
  readonly job: LinearJob | Int8LinearJob;
  readonly r0: number;
  readonly r1: number;
  readonly p0: number;
  readonly p1: number;
}

/** What a worker reads back: the same numbers, the job as an int8 one when the layout is int8 (its extra fields 0 for float32). */
export interface ReceivedJob {
  readonly layout: number;
  readonly job: Int8LinearJob;
  readonly r0: number;
  readonly r1: number;
  readonly p0: number;
  readonly p1: number;
}

const views = (box: SharedArrayBuffer) => ({
  i32: new Int32Array(box, 0, 8),
  u32: new Uint32Array(box, 32, FIELDS.length),
  f64: new Float64Array(box, 96, 2),
});

export function newHandoff(): SharedArrayBuffer {
  return new SharedArrayBuffer(HANDOFF_BYTES);
}

/** Caller, before posting `listen`: the worker will find the box listening, with no failure and no job. */
export function openHandoff(box: SharedArrayBuffer): void {
  const { i32 } = views(box);
  Atomics.store(i32, FAILED, 0);
  Atomics.store(i32, DONE, Atomics.load(i32, SEQ));
  Atomics.store(i32, STATE, LISTENING);
}

/** Caller: posts a job to a listening worker; the job's sequence number, or null when the worker has left (idle). */
export function postHandoff(box: SharedArrayBuffer, job: HandoffJob): number | null {
  const { i32, u32, f64 } = views(box);
  const int8 = 'rowTermsAt' in job.job ? job.job : null;
  const values: Record<(typeof FIELDS)[number], number> = {
    layout: job.layout,
    M: job.job.M,
    a: job.job.a,
    c: job.job.c,
    rowTermsAt: int8?.rowTermsAt ?? 0,
    colTermsAt: int8?.colTermsAt ?? 0,
    scalesAt: int8?.scalesAt ?? 0,
    r0: job.r0,
    r1: job.r1,
    p0: job.p0,
    p1: job.p1,
  };
  FIELDS.forEach((name, i) => (u32[i] = values[name]));
  f64[0] = int8?.xScale ?? 0;
  f64[1] = int8?.xZeroPoint ?? 0;
  if (Atomics.compareExchange(i32, STATE, LISTENING, POSTED) !== LISTENING) return null;
  const seq = (Atomics.add(i32, SEQ, 1) + 1) | 0;
  Atomics.notify(i32, SEQ);
  return seq;
}

/** Caller: asks a listening worker to leave (it answers its `listen` request); false when it had left already. */
export function stopHandoff(box: SharedArrayBuffer): boolean {
  const { i32 } = views(box);
  if (Atomics.compareExchange(i32, STATE, LISTENING, STOP) !== LISTENING) return false;
  Atomics.add(i32, SEQ, 1);
  Atomics.notify(i32, SEQ);
  return true;
}

let blockingAllowed: boolean | undefined;
/** Whether this thread may block in Atomics.wait (a browser's main thread may not: it spins instead). */
export function canBlock(): boolean {
  if (blockingAllowed === undefined)
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
      blockingAllowed = true;
    } catch {
      blockingAllowed = false;
    }
  return blockingAllowed;
}

/** Caller: waits until job `seq` is done (or failed: the worker left with the error), or until `deadline` (performance.now()). */
export function awaitHandoff(box: SharedArrayBuffer, seq: number, deadline: number): 'done' | 'failed' | 'timed-out' {
  const { i32 } = views(box);
  const block = canBlock();
  for (let spins = 0; ; spins++) {
    const done = Atomics.load(i32, DONE);
    if (done === seq) return Atomics.load(i32, FAILED) === 0 ? 'done' : 'failed';
    if (block) {
      const left = deadline - performance.now();
      if (left <= 0) return 'timed-out';
      Atomics.wait(i32, DONE, done, Math.min(left, 100));
    } else if (spins % 4096 === 4095 && performance.now() > deadline) return 'timed-out';
  }
}

/**
 * Worker: runs posted jobs until STOP, IDLE_MS without a job, or a job that throws (its message is
 * returned; the caller sees the job failed and then gets the message as the `listen` request's error).
 */
export function listenHandoff(box: SharedArrayBuffer, run: (job: ReceivedJob) => void, idleMs = HANDOFF_IDLE_MS): string | null {
  const { i32, u32, f64 } = views(box);
  let seen = Atomics.load(i32, DONE);
  for (;;) {
    const state = Atomics.load(i32, STATE);
    if (state === STOP) {
      Atomics.store(i32, STATE, OFF);
      return null;
    }
    const seq = Atomics.load(i32, SEQ);
    if (state === POSTED && seq !== seen) {
      seen = seq;
      const [layout, M, a, c, rowTermsAt, colTermsAt, scalesAt, r0, r1, p0, p1] = FIELDS.map((_, i) => u32[i]!);
      const job = {
        M: M!,
        a: a!,
        c: c!,
        rowTermsAt: rowTermsAt!,
        colTermsAt: colTermsAt!,
        scalesAt: scalesAt!,
        xScale: f64[0]!,
        xZeroPoint: f64[1]!,
      };
      let failure: string | null = null;
      try {
        run({ layout: layout!, job, r0: r0!, r1: r1!, p0: p0!, p1: p1! });
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
        Atomics.store(i32, FAILED, 1);
      }
      Atomics.store(i32, STATE, failure === null ? LISTENING : OFF);
      Atomics.store(i32, DONE, seq);
      Atomics.notify(i32, DONE);
      if (failure !== null) return failure;
      continue;
    }
    if (Atomics.wait(i32, SEQ, seq, idleMs) === 'timed-out' && Atomics.compareExchange(i32, STATE, LISTENING, OFF) === LISTENING)
      return null;
  }
}
