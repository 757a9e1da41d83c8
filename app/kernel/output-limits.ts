// The kernel's output budgets, shared by both sides of the boundary: the worker cuts a cell's
// output to them (runtime/output-sink.ts, output-budget.ts) and the page refuses anything past
// them plus some slack (client/output-check.ts), since only a subverted kernel sends more.
export interface OutputLimits {
  /** Text lines per cell before truncation. */
  readonly maxLines: number;
  /** Text characters per cell before truncation (~1 MB): print, results, Markdown, tables. */
  readonly maxChars: number;
  /** Characters of SVG figures and image data URLs per cell. */
  readonly maxRichChars: number;
  /** Post at least this often while output is being produced. */
  readonly flushIntervalMs: number;
  /** Post when this many outputs are waiting, even sooner. */
  readonly maxBatch: number;
}

export const DEFAULT_LIMITS: OutputLimits = {
  maxLines: 10_000,
  maxChars: 1_000_000,
  maxRichChars: 10_000_000,
  flushIntervalMs: 16,
  maxBatch: 500,
};
