import { describe, expect, it } from 'vitest';
import { changedCount, describeOutput, diffChars } from './diff.ts';

const kinds = (ref: string, text: string): string =>
  diffChars(ref, text)
    .map((c) => `${c.kind[0]}${c.char}`)
    .join(' ');

describe('diffChars', () => {
  it('marks nothing when the texts agree, and keeps each character’s confidence', () => {
    const d = diffChars('ab', 'ab', [0.9, 0.5]);
    expect(d).toEqual([
      { char: 'a', kind: 'same', confidence: 0.9 },
      { char: 'b', kind: 'same', confidence: 0.5 },
    ]);
    expect(changedCount(d)).toBe(0);
  });

  it('finds substitutions, insertions and deletions with the fewest edits', () => {
    expect(kinds('Hello', 'Hallo')).toBe('sH ca sl sl so');
    expect(diffChars('Hello', 'Hallo')[1]).toMatchObject({ kind: 'changed', was: 'e' });
    expect(kinds('100%', '100% ')).toBe('s1 s0 s0 s% a ');
    expect(kinds('Hello world', 'H')).toBe('sH me ml ml mo m  mw mo mr ml md');
    expect(kinds('', 'x')).toBe('ax');
  });

  it('works on code points, not UTF-16 units', () => {
    expect(kinds('你好', '你们')).toBe('s你 c们');
  });
});

describe('describeOutput', () => {
  it('names the weakest character and the number of differences', () => {
    expect(describeOutput('Hallo', diffChars('Hello', 'Hallo', [0.99, 0.4, 0.9, 0.9, 0.9]))).toBe(
      '“Hallo”, lowest confidence 40% on “a”, 1 character differs from fp32',
    );
    expect(describeOutput('ab', diffChars('ab', 'ab', [1, 0.997]))).toBe('“ab”, lowest confidence 99.7% on “b”, same as fp32');
    expect(describeOutput('', diffChars('ab', ''))).toBe('no text recognized (fp32 read “ab”)');
  });
});
