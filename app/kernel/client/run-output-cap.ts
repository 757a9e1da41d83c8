// The page's own cap on one run's output, whatever the kernel sends.
import type { CellOutput } from '../protocol.ts';

/**
 * The kernel's budgets (output-budget.ts: three text budgets of 1 MB, 10 MB of
 * figures and images) plus room for notices. Only a kernel whose code a cell
 * subverted gets near it; what passes it is dropped, with one notice.
 */
export const MAX_RUN_CHARS = 14_000_000;

const outputChars = (o: CellOutput): number => {
  switch (o.kind) {
    case 'text':
    case 'result':
    case 'notice':
      return o.text.length;
    case 'error':
      return o.name.length + o.message.length;
    case 'markdown':
      return o.markdown.length;
    case 'image':
      return o.src.length + o.alt.length;
    case 'svg':
      return o.html.length + o.alt.length + (o.data === undefined ? 0 : cellsChars(o.data.rows));
    case 'table':
      return cellsChars([o.columns, ...o.rows]);
  }
};
const cellsChars = (rows: readonly (readonly string[])[]): number => rows.reduce((n, row) => row.reduce((m, c) => m + c.length, n), 0);

/** Counts one run's output; `admit` returns what of a batch fits (the batch itself when all of it does), with one notice when the cap is reached. */
export class RunOutputCap {
  #shown = 0;

  admit(arrived: readonly CellOutput[]): readonly CellOutput[] {
    const kept: CellOutput[] = [];
    for (const o of arrived) {
      if (this.#shown > MAX_RUN_CHARS) break;
      this.#shown += outputChars(o);
      if (this.#shown <= MAX_RUN_CHARS) kept.push(o);
      else kept.push({ kind: 'notice', text: 'The kernel sent more output than one cell may show; the page dropped the rest.' });
    }
    return kept.length === arrived.length && kept.every((o, i) => o === arrived[i]) ? arrived : kept;
  }
}
