// Tells a dead process from a busy one: pings go to a thread that never runs
// student code (the kernel frame's own), so an unanswered ping means the
// process is gone, not that a cell is slow. Judged on each tick from when the
// unanswered ping was sent, so throttled timers in a background tab never
// look like a death.
import type { Milliseconds } from '../../shared/brand.ts';

export interface HeartbeatOptions {
  readonly send: (n: number) => void;
  readonly onDead: () => void;
  readonly interval: Milliseconds;
  readonly deadAfter: Milliseconds;
  readonly now?: () => number;
}

export class Heartbeat {
  readonly #options: HeartbeatOptions;
  readonly #timer: ReturnType<typeof setInterval>;
  #sent = 0;
  #waiting: { readonly n: number; readonly since: number } | null = null;
  #stopped = false;

  constructor(options: HeartbeatOptions) {
    this.#options = options;
    this.#timer = setInterval(() => this.#tick(), options.interval);
  }

  /** The answer to ping `n`. */
  pong(n: number): void {
    if (this.#waiting?.n === n) this.#waiting = null;
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
  }

  #tick(): void {
    const now = (this.#options.now ?? (() => performance.now()))();
    if (this.#waiting) {
      if (now - this.#waiting.since > this.#options.deadAfter) {
        this.stop();
        this.#options.onDead();
      }
      return;
    }
    this.#waiting = { n: ++this.#sent, since: now };
    if (!this.#stopped) this.#options.send(this.#sent);
  }
}
