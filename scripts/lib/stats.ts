// Benchmark statistics: medians, not means, because this machine is shared and noisy.
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface BenchRow {
  readonly section: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The goal, written as text ("< 1500 ms"), and whether this run met it. */
  readonly goal?: string;
  readonly met?: boolean;
  /** Ratio against a baseline measured in the same run, when there is one. */
  readonly ratio?: number;
  readonly baseline?: string;
}

export function printTable(rows: readonly BenchRow[]): void {
  const fmt = (n: number): string => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toPrecision(3));
  const cells = rows.map((r) => [
    r.section,
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    r.ratio === undefined ? '' : `${fmt(r.ratio)}x ${r.baseline ?? ''}`.trim(),
    r.goal === undefined ? '' : `${r.goal} ${r.met === true ? 'met' : 'NOT met'}`,
  ]);
  const header = ['section', 'measure', 'median', 'ratio', 'goal'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => c.map((x, i) => x.padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}
