// Collects one run's outputs in order and posts them in batches: a loop that
// prints 100,000 lines must neither post 100,000 messages nor flood the page.
// Every output passes the cell's budget (output-budget.ts) first: text
// beyond the limit is dropped (with one notice) while the cell keeps running,
// and results, Markdown, tables, figures and images are held to it too. Rich
// outputs that take time to produce (PNG encoding) hold their place in the
// order until they are ready.
import { OutputBudget } from './output-budget.ts';
import type { CellOutput } from '../protocol.ts';
import { DEFAULT_LIMITS, type OutputLimits } from '../output-limits.ts';

type Entry = { outputs: readonly CellOutput[]; pending: boolean };

export class OutputSink {
  readonly #post: (outputs: CellOutput[]) => void;
  readonly #limits: OutputLimits;
  readonly #entries: Entry[] = [];
  readonly #pending = new Set<Promise<unknown>>();
  readonly #budget: OutputBudget;
  #lastFlush = performance.now();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(post: (outputs: CellOutput[]) => void, limits: OutputLimits = DEFAULT_LIMITS) {
    this.#post = post;
    this.#limits = limits;
    this.#budget = new OutputBudget(limits);
  }

  /** Once true, text output is dropped; callers may skip formatting it. */
  get truncated(): boolean {
    return this.#budget.truncated;
  }

  /** Characters of text one cell may show (formatters need not make more). */
  get maxChars(): number {
    return this.#limits.maxChars;
  }

  /** One print()/console call. */
  text(stream: 'stdout' | 'stderr', text: string): void {
    this.add({ kind: 'text', stream, text });
  }

  /** Any finished output, held to the cell's budget (output-budget.ts). */
  add(output: CellOutput): void {
    for (const admitted of this.#budget.admit(output)) this.#push(admitted);
  }

  notice(text: string): void {
    this.#push({ kind: 'notice', text });
  }

  /** An output that is still being made; it keeps its place in the order. */
  addLater(output: Promise<CellOutput | null>): void {
    const entry: Entry = { outputs: [], pending: true };
    this.#entries.push(entry);
    const settled = output
      .then(
        (value) => {
          entry.outputs = value === null ? [] : this.#budget.admit(value);
        },
        (error: unknown) => {
          entry.outputs = [{ kind: 'error', name: 'DisplayError', message: error instanceof Error ? error.message : String(error) }];
        },
      )
      .finally(() => {
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
    const outputs = this.#entries.splice(0, ready).flatMap((entry) => entry.outputs);
    if (outputs.length > 0) this.#post(outputs);
  }

  /** Waits for outputs still being made, then posts everything. */
  async settle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all(this.#pending);
    this.flush();
  }

  #push(output: CellOutput): void {
    this.#entries.push({ outputs: [output], pending: false });
    const due = performance.now() - this.#lastFlush >= this.#limits.flushIntervalMs;
    if (due || this.#entries.length >= this.#limits.maxBatch) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), this.#limits.flushIntervalMs);
  }
}
