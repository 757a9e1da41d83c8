/** torch/_tensor_str.py `_Formatter`: picks int mode / fixed / scientific and the column width. */
import { format } from './pyformat.ts';

export const PRINT_OPTIONS = Object.freeze({ precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 });

/** A decoded element; booleans are bool tensors' elements (printed `True`/`False`, as Python's str(bool)). */
export type Cell = number | bigint | boolean;

const cellText = (v: Cell): string => (typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v));

export class ValueFormatter {
  private intMode = true;
  private sciMode = false;
  private maxWidth = 1;

  constructor(
    values: readonly Cell[],
    private readonly floating: boolean,
  ) {
    if (!floating) {
      for (const v of values) this.maxWidth = Math.max(this.maxWidth, cellText(v).length);
      return;
    }
    const nonzeroFinite = values.map(Number).filter((v) => Number.isFinite(v) && v !== 0);
    if (nonzeroFinite.length === 0) return;
    const abs = nonzeroFinite.map(Math.abs);
    const min = Math.min(...abs);
    const max = Math.max(...abs);
    this.intMode = nonzeroFinite.every((v) => v === Math.ceil(v));
    const { precision } = PRINT_OPTIONS;
    const widen = (text: string, extra = 0): void => {
      this.maxWidth = Math.max(this.maxWidth, text.length + extra);
    };
    if (this.intMode) {
      if (max / min > 1000 || max > 1e8) {
        this.sciMode = true;
        for (const v of nonzeroFinite) widen(format(v, `.${precision}e`));
      } else {
        for (const v of nonzeroFinite) widen(format(v, '.0f'), 1);
      }
    } else if (max / min > 1000 || max > 1e8 || min < 1e-4) {
      this.sciMode = true;
      for (const v of nonzeroFinite) widen(format(v, `.${precision}e`));
    } else {
      for (const v of nonzeroFinite) widen(format(v, `.${precision}f`));
    }
  }

  width(): number {
    return this.maxWidth;
  }

  format(value: Cell): string {
    let text: string;
    if (!this.floating) text = cellText(value);
    else {
      const v = Number(value);
      if (this.sciMode) text = format(v, `${this.maxWidth}.${PRINT_OPTIONS.precision}e`);
      else if (this.intMode) text = format(v, '.0f') + (Number.isFinite(v) ? '.' : '');
      else text = format(v, `.${PRINT_OPTIONS.precision}f`);
    }
    return ' '.repeat(Math.max(0, this.maxWidth - text.length)) + text;
  }
}
