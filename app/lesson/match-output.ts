// Expected-output comparison for the lesson checker.
// Both sides: trailing whitespace of each line and trailing blank lines are
// ignored. An expected line that is exactly `...` matches zero or more lines.
import { formatDiff } from './output-diff.ts';
import { findSegment, splitAtWildcards } from './output-segments.ts';

export type MatchResult = { readonly ok: true } | { readonly ok: false; readonly diff: string };

export function normalizeOutput(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/).map((line) => line.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function matchOutput(expected: string, actual: string): MatchResult {
  const exp = normalizeOutput(expected);
  const act = normalizeOutput(actual);
  return matchLines(exp, act) ? { ok: true } : { ok: false, diff: formatDiff(exp, act) };
}

/**
 * Glob matching over lines in O(N + M): each floating segment is placed at its
 * leftmost occurrence after the previous one (leftmost is always safe: it
 * leaves the most room for what follows), found with KMP so no input can make
 * the search backtrack.
 */
export function matchLines(expected: readonly string[], actual: readonly string[]): boolean {
  const segments = splitAtWildcards(expected);
  const first = segments[0]!;
  if (segments.length === 1) return first.length === actual.length && startsWithAt(actual, first, 0);
  const last = segments[segments.length - 1]!;
  const limit = actual.length - last.length;
  if (limit < first.length || !startsWithAt(actual, first, 0) || !startsWithAt(actual, last, limit)) return false;
  let pos = first.length;
  for (const segment of segments.slice(1, -1)) {
    const found = findSegment(actual, segment, pos, limit);
    if (found < 0) return false;
    pos = found + segment.length;
  }
  return true;
}

function startsWithAt(lines: readonly string[], segment: readonly string[], at: number): boolean {
  return segment.every((line, i) => lines[at + i] === line);
}
