// Character-level differences between the fp32 reference text and a variant's text, for
// highlighting: a Levenshtein alignment over code points, each output character keeping its
// confidence. Deleted reference characters appear as 'missing' segments.

export type DiffKind = 'same' | 'changed' | 'added' | 'missing';

export interface DiffChar {
  readonly char: string;
  readonly kind: DiffKind;
  /** The model's confidence in this character (null for 'missing': the variant did not emit it). */
  readonly confidence: number | null;
  /** For 'changed': what the reference had here. */
  readonly was?: string;
}

export function diffChars(reference: string, text: string, confidences: readonly number[] = []): DiffChar[] {
  const a = [...reference];
  const b = [...text];
  // d[i][j]: edits turning a[0..i) into b[0..j).
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  const out: DiffChar[] = [];
  const conf = (j: number): number | null => confidences[j] ?? null;
  let i = a.length;
  let j = b.length;
  while (i > 0 || j > 0) {
    const here = d[i]![j]!;
    if (i > 0 && j > 0 && a[i - 1] === b[j - 1] && here === d[i - 1]![j - 1]!) {
      out.push({ char: b[j - 1]!, kind: 'same', confidence: conf(j - 1) });
      i--;
      j--;
    } else if (i > 0 && j > 0 && here === d[i - 1]![j - 1]! + 1) {
      out.push({ char: b[j - 1]!, kind: 'changed', confidence: conf(j - 1), was: a[i - 1]! });
      i--;
      j--;
    } else if (j > 0 && here === d[i]![j - 1]! + 1) {
      out.push({ char: b[j - 1]!, kind: 'added', confidence: conf(j - 1) });
      j--;
    } else {
      out.push({ char: a[i - 1]!, kind: 'missing', confidence: null });
      i--;
    }
  }
  return out.reverse();
}

/** How many characters differ (the edit distance the diff shows). */
export const changedCount = (diff: readonly DiffChar[]): number => diff.filter((c) => c.kind !== 'same').length;

/** A sentence for screen readers: the text, its weakest character, and the differences from fp32. */
export function describeOutput(text: string, diff: readonly DiffChar[]): string {
  const shown = diff.filter((c) => c.kind !== 'missing');
  if (text === '') return `no text recognized${diff.length > 0 ? ` (fp32 read “${diff.map((c) => c.char).join('')}”)` : ''}`;
  let weakest: DiffChar | null = null;
  for (const c of shown) if (c.confidence !== null && (weakest === null || c.confidence < (weakest.confidence ?? 1))) weakest = c;
  const parts = [`“${text}”`];
  if (weakest !== null && weakest.confidence !== null) parts.push(`lowest confidence ${pct(weakest.confidence)} on “${weakest.char}”`);
  const n = changedCount(diff);
  parts.push(n === 0 ? 'same as fp32' : n === 1 ? '1 character differs from fp32' : `${n} characters differ from fp32`);
  return parts.join(', ');
}

export const pct = (p: number): string => `${(p * 100).toFixed(p >= 0.995 && p < 1 ? 1 : 0)}%`;
