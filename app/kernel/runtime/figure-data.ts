// The data behind a Plot figure drawn in a cell, kept with the figure so the
// page can offer it as a table (a text alternative one click away).
import { formatPrintArg } from './format-value.ts';

export interface FigureTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Rows in the data, when more than `rows` holds. */
  readonly total: number;
}

const MAX_ROWS = 1000;
const tables = new WeakMap<object, FigureTable>();

export const figureTable = (figure: object): FigureTable | undefined => tables.get(figure);

/** Records the data of the first mark that has any (arrays of objects, tuples or numbers). */
export function rememberFigureData(figure: object, marks: unknown): void {
  const table = tableOf(firstMarkData(marks));
  if (table !== null) tables.set(figure, table);
}

function firstMarkData(marks: unknown): readonly unknown[] | null {
  const stack: unknown[] = Array.isArray(marks) ? [...marks] : [marks];
  while (stack.length > 0) {
    const mark = stack.shift();
    if (Array.isArray(mark)) stack.unshift(...mark);
    else if (typeof mark === 'object' && mark !== null && 'data' in mark && Array.isArray(mark.data) && mark.data.length > 0)
      return mark.data;
  }
  return null;
}

function tableOf(data: readonly unknown[] | null): FigureTable | null {
  if (data === null) return null;
  const shown = data.slice(0, MAX_ROWS);
  const first = shown[0];
  let columns: string[];
  let cell: (row: unknown, column: string, i: number) => unknown;
  if (Array.isArray(first)) {
    columns = first.map((_, i) => String(i));
    cell = (row, _c, i) => (Array.isArray(row) ? row[i] : undefined);
  } else if (typeof first === 'object' && first !== null) {
    columns = [...new Set(shown.flatMap((r) => (typeof r === 'object' && r !== null ? Object.keys(r) : [])))];
    cell = (row, c) => (typeof row === 'object' && row !== null ? Object.entries(row).find(([k]) => k === c)?.[1] : undefined);
  } else {
    columns = ['value'];
    cell = (row) => row;
  }
  const rows = shown.map((row) =>
    columns.map((c, i) => {
      const v = cell(row, c, i);
      return v === undefined ? '' : formatPrintArg(v);
    }),
  );
  return { columns, rows, total: data.length };
}
