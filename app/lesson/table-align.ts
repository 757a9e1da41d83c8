// Table columns aligned by what they hold: a column whose body cells are all
// numbers (or empty, with at least one number) is numeric and right-aligned,
// so digits line up; any other column is text, left-aligned. An explicit
// alignment in the Markdown (`:---:`, `---:`, `:---`) wins. Used by the lesson
// Markdown (a markdown-it core rule: classes `col-num` / `col-text` on th/td,
// plus `col-short` on text columns short enough to stay on one line)
// and by table outputs (app/ui/Output.tsx). Plain TS (page, worker, Node).
import type MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

export type ColumnKind = 'num' | 'text';

/**
 * A number as a table shows one: optional sign (ASCII or U+2212 minus),
 * digits with optional thousands separators, decimals, exponent, a trailing
 * `%`; also `inf`, `-inf`, `nan` (torch prints them). Code spans and emphasis
 * around it are allowed (`` `127` ``, `**0.5**`).
 */
const NUMBER = /^[+\-\u2212]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$|^[+\-\u2212]?(?:inf|nan|infinity)$/i;

export function isNumberCell(text: string): boolean {
  return NUMBER.test(
    text
      .trim()
      .replace(/^(`+|\*{1,2}|_{1,2})(.*)\1$/, '$2')
      .trim(),
  );
}

/** Each column's kind from the body rows (header cells are names, not data). */
export function columnKinds(rows: readonly (readonly string[])[], columns: number): ColumnKind[] {
  return Array.from({ length: columns }, (_, c) => {
    const cells = rows.map((r) => (r[c] ?? '').trim()).filter((v) => v !== '');
    return cells.length > 0 && cells.every(isNumberCell) ? 'num' : 'text';
  });
}

/** Text columns this short (longest body cell, in characters of Markdown) never wrap: a label column stays one line. */
export const SHORT_TEXT = 28;

/** Per column: is every body cell at most SHORT_TEXT characters (so the column may stay on one line)? */
export function shortColumns(rows: readonly (readonly string[])[], columns: number): boolean[] {
  return Array.from({ length: columns }, (_, c) => rows.every((r) => (r[c] ?? '').trim().length <= SHORT_TEXT));
}

/** markdown-it plugin: th/td without an explicit alignment get `col-num` or `col-text`. */
export function tableAlignPlugin(md: MarkdownIt): void {
  md.core.ruler.push('table_align', (state) => {
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) if (tokens[i]!.type === 'table_open') i = alignTable(tokens, i);
  });
}

/** Classes the cells of the table opening at `open`; returns the index of its table_close. */
function alignTable(tokens: Token[], open: number): number {
  const cells: { token: Token; row: number; col: number; body: boolean; text: string }[] = [];
  let row = -1;
  let col = 0;
  let body = false;
  let depth = 0;
  let i = open;
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'table_open') depth++;
    else if (t.type === 'table_close' && --depth === 0) break;
    else if (t.type === 'tbody_open') body = true;
    else if (t.type === 'tr_open') {
      row++;
      col = 0;
    } else if (t.type === 'th_open' || t.type === 'td_open')
      cells.push({ token: t, row, col: col++, body, text: tokens[i + 1]?.type === 'inline' ? tokens[i + 1]!.content : '' });
  }
  const columns = Math.max(0, ...cells.map((c) => c.col + 1));
  const rows: string[][] = [];
  for (const c of cells) if (c.body) (rows[c.row] ??= [])[c.col] = c.text;
  const bodyRows = rows.filter((r) => r !== undefined);
  const kinds = columnKinds(bodyRows, columns);
  const short = shortColumns(bodyRows, columns);
  for (const c of cells) {
    if (c.token.attrGet('style') === null) c.token.attrJoin('class', `col-${kinds[c.col] ?? 'text'}`);
    // Short text never wraps, so no label column is squeezed into a narrow strip beside long ones.
    if (kinds[c.col] === 'text' && short[c.col] === true) c.token.attrJoin('class', 'col-short');
  }
  return i;
}
