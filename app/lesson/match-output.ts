// Expected-output comparison for the lesson checker.
// Both sides: trailing whitespace of each line and trailing blank lines are
// ignored. An expected line that is exactly `...` matches zero or more lines.
import { formatDiff } from './output-diff.ts';

export type MatchResult = { readonly ok: true } | { readonly ok: false; readonly diff: string };

export const WILDCARD = '...';

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
 * Splits expected lines at `...`: segments[0] is anchored at the start of the
 * output, the last segment at the end, the rest float in order. With no `...`
 * there is exactly one segment. Consecutive `...` act as one.
 */
export function splitAtWildcards(expected: readonly string[]): string[][] {
  const segments: string[][] = [[]];
  expected.forEach((line, i) => {
    if (line !== WILDCARD) segments[segments.length - 1]!.push(line);
    else if (i === 0 || expected[i - 1] !== WILDCARD) segments.push([]);
  });
  return segments;
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

/** First index ≥ from where `segment` occurs entirely before `limit`, or -1 (Knuth–Morris–Pratt). */
export function findSegment(lines: readonly string[], segment: readonly string[], from: number, limit: number): number {
  if (segment.length === 0) return from <= limit ? from : -1;
  const fail = new Int32Array(segment.length);
  for (let i = 1, k = 0; i < segment.length; i++) {
    while (k > 0 && segment[i] !== segment[k]) k = fail[k - 1]!;
    if (segment[i] === segment[k]) k++;
    fail[i] = k;
  }
  for (let i = from, k = 0; i < limit; i++) {
    while (k > 0 && lines[i] !== segment[k]) k = fail[k - 1]!;
    if (lines[i] === segment[k]) k++;
    if (k === segment.length) return i - k + 1;
  }
  return -1;
}
