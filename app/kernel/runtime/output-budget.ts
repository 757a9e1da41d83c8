// One cell's output budgets, applied in the kernel before anything is posted,
// so nothing big crosses to the page. Each has the print limit (10,000 lines
// / 1,000,000 characters), counted separately so one kind never hides another:
//   print / console text;  the cell's result;  displayed text (Markdown and
//   tables);  and figures and images (10,000,000 characters of SVG or data
//   URL; one cannot be cut in half, so one that does not fit is a notice).
// Text past its limit is cut, with one notice, and later text of that kind is
// dropped while the cell keeps running. Error messages are cut at the
// character limit and always shown.
import type { CellOutput } from '../protocol.ts';

export interface BudgetLimits {
  readonly maxLines: number;
  readonly maxChars: number;
  readonly maxRichChars: number;
}

const MB = (chars: number): string => `${(chars / 1_000_000).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;

const countLines = (text: string): number => {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
};

/** Lines and characters of one kind of text output. */
class TextBudget {
  readonly #limits: BudgetLimits;
  readonly #notice: (limit: string) => string;
  #lines = 0;
  #chars = 0;
  truncated = false;

  constructor(limits: BudgetLimits, notice: (limit: string) => string) {
    this.#limits = limits;
    this.#notice = notice;
  }

  /** The part of `text` that fits (null if none is shown) and the notice when some was cut. */
  take(text: string): { readonly kept: string | null; readonly notice: CellOutput | null } {
    if (this.truncated) return { kept: null, notice: null };
    const { maxLines, maxChars } = this.#limits;
    let kept = text;
    let limit: string | undefined;
    if (this.#lines + countLines(kept) > maxLines) {
      kept = kept.split('\n', maxLines - this.#lines).join('\n');
      limit = `${maxLines.toLocaleString('en-US')} lines`;
    }
    if (this.#chars + kept.length > maxChars) {
      kept = kept.slice(0, maxChars - this.#chars);
      limit = MB(maxChars);
    }
    const shown = limit === undefined || kept !== '';
    if (shown) {
      this.#lines += countLines(kept);
      this.#chars += kept.length;
    }
    if (limit !== undefined) this.truncated = true;
    return { kept: shown ? kept : null, notice: limit === undefined ? null : { kind: 'notice', text: this.#notice(limit) } };
  }

  /** Whether a whole block of `lines` lines and `chars` characters fits; counts it if so. */
  fits(lines: number, chars: number): boolean {
    if (this.truncated || this.#lines + lines > this.#limits.maxLines || this.#chars + chars > this.#limits.maxChars) return false;
    this.#lines += lines;
    this.#chars += chars;
    return true;
  }
}

export class OutputBudget {
  readonly #limits: BudgetLimits;
  readonly #print: TextBudget;
  readonly #result: TextBudget;
  readonly #displayed: TextBudget;
  #richChars = 0;

  constructor(limits: BudgetLimits) {
    this.#limits = limits;
    this.#print = new TextBudget(
      limits,
      (limit) => `Output truncated after ${limit} (the limit for one cell). The cell keeps running; its further text output is not shown.`,
    );
    this.#result = new TextBudget(limits, (limit) => `Result truncated after ${limit} (the limit for one cell's result).`);
    this.#displayed = new TextBudget(
      limits,
      (limit) =>
        `Displayed text truncated after ${limit} (the limit for one cell). The cell keeps running; its further displayed text is not shown.`,
    );
  }

  /** Once true, print text is dropped; callers may skip formatting it. */
  get truncated(): boolean {
    return this.#print.truncated;
  }

  /** What to post for `output`: itself, a cut copy and a notice, a notice, or nothing. */
  admit(output: CellOutput): CellOutput[] {
    switch (output.kind) {
      case 'text':
        return cut(this.#print.take(output.text), (text) => ({ ...output, text }));
      case 'result':
        return cut(this.#result.take(output.text), (text) => ({ ...output, text }));
      case 'markdown':
        return cut(this.#displayed.take(output.markdown), (markdown) => ({ ...output, markdown }));
      case 'table': {
        const chars = tableChars(output);
        if (this.#displayed.fits(output.rows.length + 1, chars)) return [output];
        return [
          {
            kind: 'notice',
            text: `Table not shown: its ${MB(chars)} of text would pass the ${MB(this.#limits.maxChars)} output limit of one cell.`,
          },
        ];
      }
      case 'svg':
        return this.#rich(output, output.html.length + (output.data === undefined ? 0 : tableChars(output.data)), 'Figure');
      case 'image':
        return this.#rich(output, output.src.length, 'Image');
      case 'error':
        return output.message.length <= this.#limits.maxChars
          ? [output]
          : [{ ...output, message: `${output.message.slice(0, this.#limits.maxChars)} … (message cut at ${MB(this.#limits.maxChars)})` }];
      case 'notice':
        return [output];
    }
  }

  #rich(output: CellOutput, size: number, what: string): CellOutput[] {
    if (this.#richChars + size <= this.#limits.maxRichChars) {
      this.#richChars += size;
      return [output];
    }
    return [
      {
        kind: 'notice',
        text: `${what} not shown: its ${MB(size)} would pass the ${MB(this.#limits.maxRichChars)} limit for figures and images of one cell.`,
      },
    ];
  }
}

function cut(
  taken: { readonly kept: string | null; readonly notice: CellOutput | null },
  make: (kept: string) => CellOutput,
): CellOutput[] {
  const out: CellOutput[] = [];
  if (taken.kept !== null) out.push(make(taken.kept));
  if (taken.notice !== null) out.push(taken.notice);
  return out;
}

function tableChars(table: { readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[] }): number {
  let n = 0;
  for (const c of table.columns) n += c.length;
  for (const row of table.rows) for (const cell of row) n += cell.length;
  return n;
}
