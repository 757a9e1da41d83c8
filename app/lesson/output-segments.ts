// The `...` wildcard of expected outputs, shared by the match (match-output.ts) and the
// diff shown when it fails (output-diff.ts); below both, so neither imports the other back.

/** An expected line that is exactly this matches zero or more actual lines. */
export const WILDCARD = '...';

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
