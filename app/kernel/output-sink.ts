// Collects one run's outputs in order and posts them in batches: a loop that
// prints 100,000 lines must neither post 100,000 messages nor flood the page.
// Text beyond the per-cell limit is dropped (with one notice) while the cell
// keeps running. Rich outputs that take time to produce (PNG encoding) hold
// their place in the order until they are ready.
import type { CellOutput } from './protocol.ts';

export interface OutputLimits {
  /** Text lines per cell before truncation. */
  readonly maxLines: number;
  /** Text characters per cell before truncation (~1 MB). */
  readonly maxChars: number;
  /** Post at least this often while output is being produced. */
  readonly flushIntervalMs: number;
  /** Post when this many outputs are waiting, even sooner. */
  readonly maxBatch: number;
}

export const DEFAULT_LIMITS: OutputLimits = {
  maxLines: 10_000,
  maxChars: 1_000_000,
  flushIntervalMs: 16,
  maxBatch: 500,
};

type Entry = { output: CellOutput | null; pending: boolean };

export class OutputSink {
  readonly #post: (outputs: CellOutput[]) => void;
  readonly #limits: OutputLimits;
  readonly #entries: Entry[] = [];
  readonly #pending = new Set<Promise<unknown>>();
  #lines = 0;
  #chars = 0;
  #truncated = false;
  #lastFlush = performance.now();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(post: (outputs: CellOutput[]) => void, limits: OutputLimits = DEFAULT_LIMITS) {
    this.#post = post;
    this.#limits = limits;
  }

  /** Once true, text output is dropped; callers may skip formatting it. */
  get truncated(): boolean {
    return this.#truncated;
  }

  /** One print()/console call. */
  text(stream: 'stdout' | 'stderr', text: string): void {
    if (this.#truncated) return;
    const { maxLines, maxChars } = this.#limits;
    let kept = text;
    let limit: string | undefined;
    const lines = kept.split('\n');
    if (this.#lines + lines.length > maxLines) {
      kept = lines.slice(0, maxLines - this.#lines).join('\n');
      limit = `${maxLines.toLocaleString('en-US')} lines`;
    }
    if (this.#chars + kept.length > maxChars) {
      kept = kept.slice(0, maxChars - this.#chars);
      limit = `${(maxChars / 1_000_000).toLocaleString('en-US')} MB`;
    }
    if (limit === undefined || kept !== '') {
      this.#lines += kept.split('\n').length;
      this.#chars += kept.length;
      this.#push({ kind: 'text', stream, text: kept });
    }
    if (limit !== undefined) {
      this.#truncated = true;
      this.notice(`Output truncated after ${limit} (the limit for one cell). The cell keeps running; its further text output is not shown.`);
    }
  }

  /** Any finished output (result, error, notice, table …); not counted against the text limit. */
  add(output: CellOutput): void {
    this.#push(output);
  }

  notice(text: string): void {
    this.#push({ kind: 'notice', text });
  }

  /** An output that is still being made; it keeps its place in the order. */
  addLater(output: Promise<CellOutput | null>): void {
    const entry: Entry = { output: null, pending: true };
    this.#entries.push(entry);
    const settled = output.then(
      (value) => { entry.output = value; },
      (error: unknown) => {
        entry.output = { kind: 'error', name: 'DisplayError', message: error instanceof Error ? error.message : String(error) };
      },
    ).finally(() => {
      entry.pending = false;
      this.#pending.delete(settled);
      this.flush();
    });
    this.#pending.add(settled);
  }

  /** Posts every output that is ready, up to the first one still being made. */
  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#lastFlush = performance.now();
    let ready = 0;
    while (ready < this.#entries.length && !this.#entries[ready]!.pending) ready++;
    if (ready === 0) return;
    const outputs = this.#entries.splice(0, ready).flatMap((entry) => (entry.output ? [entry.output] : []));
    if (outputs.length > 0) this.#post(outputs);
  }

  /** Waits for outputs still being made, then posts everything. */
  async settle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all(this.#pending);
    this.flush();
  }

  #push(output: CellOutput): void {
    this.#entries.push({ output, pending: false });
    const due = performance.now() - this.#lastFlush >= this.#limits.flushIntervalMs;
    if (due || this.#entries.length >= this.#limits.maxBatch) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), this.#limits.flushIntervalMs);
  }
}
