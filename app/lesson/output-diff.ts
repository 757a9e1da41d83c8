// A readable diff for a failed output match. `...` lines are first given the
// actual lines they most plausibly stand for (shown as context), then each
// literal stretch of the expected output is diffed against the actual lines
// left between them.
import { WILDCARD, findSegment, splitAtWildcards } from './output-segments.ts';
import { diffLines } from './myers.ts';

/** One display row: expected/actual are 1-based line numbers; `wild` rows were matched by a `...`. */
interface Row {
  readonly op: 'equal' | 'delete' | 'insert' | 'wild';
  readonly expected?: number;
  readonly actual?: number;
  readonly text: string;
}

const CONTEXT = 3;
const MAX_ROWS = 200;

export function formatDiff(expected: readonly string[], actual: readonly string[]): string {
  const rows = align(expected, actual);
  return ['--- expected', '+++ actual', ...hunks(rows)].join('\n');
}

function align(expected: readonly string[], actual: readonly string[]): Row[] {
  const segments = splitAtWildcards(expected);
  // Expected line numbers of each segment's first line and of each `...`.
  const segmentLine: number[] = [];
  const wildLine: number[] = [];
  let line = 1;
  segments.forEach((segment, i) => {
    if (i > 0) {
      wildLine.push(line);
      while (expected[line - 1] === WILDCARD) line++;
    }
    segmentLine.push(line);
    line += segment.length;
  });

  const rows: Row[] = [];
  let pos = 0;
  segments.forEach((segment, i) => {
    const isLast = i === segments.length - 1;
    if (i > 0) {
      const start = wildcardEnd(actual, segment, pos, isLast);
      for (let a = pos; a < start; a++) rows.push({ op: 'wild', expected: wildLine[i - 1]!, actual: a + 1, text: actual[a]! });
      pos = start;
    }
    const end = isLast ? actual.length : Math.min(pos + segment.length, actual.length);
    for (const row of literalRows(segment, segmentLine[i]!, actual.slice(pos, end), pos + 1)) rows.push(row);
    pos = end;
  });
  return rows;
}

/** Where the actual lines covered by a `...` end: where the next segment plausibly begins. */
function wildcardEnd(actual: readonly string[], next: readonly string[], pos: number, isLast: boolean): number {
  if (next.length === 0) return actual.length; // trailing `...`
  if (isLast) return Math.max(pos, actual.length - next.length); // the last segment is anchored at the end
  const whole = findSegment(actual, next, pos, actual.length);
  if (whole >= 0) return whole;
  const firstLine = actual.indexOf(next[0]!, pos);
  return firstLine >= 0 ? firstLine : pos;
}

function literalRows(exp: readonly string[], expFirst: number, act: readonly string[], actFirst: number): Row[] {
  const rows: Row[] = [];
  let e = 0;
  let a = 0;
  for (const op of diffLines(exp, act)) {
    if (op === 'equal') {
      rows.push({ op, expected: expFirst + e, actual: actFirst + a, text: exp[e]! });
      e++;
      a++;
    } else if (op === 'delete') rows.push({ op, expected: expFirst + e, text: exp[e++]! });
    else rows.push({ op, actual: actFirst + a, text: act[a++]! });
  }
  return rows;
}

function hunks(rows: readonly Row[]): string[] {
  const changed = rows.flatMap((row, i) => (row.op === 'delete' || row.op === 'insert' ? [i] : []));
  const largest = rows.reduce((max, r) => Math.max(max, r.expected ?? 0, r.actual ?? 0), 0);
  const width = Math.max(WILDCARD.length, String(largest).length);
  const num = (n: number | undefined): string => (n === undefined ? '' : String(n)).padStart(width);
  const out: string[] = [];
  let shown = 0;
  let index = 0;
  while (index < changed.length) {
    // Grow the hunk while the next change is within two contexts' reach.
    const from = Math.max(0, changed[index]! - CONTEXT);
    let to = changed[index]! + CONTEXT + 1;
    while (index + 1 < changed.length && changed[index + 1]! - CONTEXT <= to) to = changed[++index]! + CONTEXT + 1;
    index++;
    to = Math.min(to, rows.length);
    const firstExp = rows.slice(from, to).find((r) => r.expected !== undefined)?.expected;
    const firstAct = rows.slice(from, to).find((r) => r.actual !== undefined)?.actual;
    out.push(`@@ expected line ${firstExp ?? '-'}, actual line ${firstAct ?? '-'} @@`);
    for (const row of rows.slice(from, to)) {
      if (shown++ === MAX_ROWS) {
        out.push(`… diff cut after ${MAX_ROWS} lines (${changed.length} lines differ in all)`);
        return out;
      }
      const sign = row.op === 'delete' ? '-' : row.op === 'insert' ? '+' : ' ';
      const expNo = row.op === 'wild' ? WILDCARD.padStart(width) : num(row.expected);
      out.push(`${sign} ${expNo} ${num(row.actual)} | ${row.text}`.trimEnd());
    }
  }
  return out;
}
