import { describe, expect, test } from 'vitest';
import { matchOutput, normalizeOutput } from './match-output.ts';

const ok = (expected: string, actual: string): boolean => matchOutput(expected, actual).ok;
const diffOf = (expected: string, actual: string): string => {
  const result = matchOutput(expected, actual);
  if (result.ok) throw new Error('expected a mismatch');
  return result.diff;
};

describe('exact matching with whitespace rules', () => {
  test('identical text matches; any changed line does not', () => {
    expect(ok('a\nb', 'a\nb')).toBe(true);
    expect(ok('a\nb', 'a\nc')).toBe(false);
    expect(ok('a', 'A')).toBe(false);
  });

  test('trailing whitespace of each line is ignored on both sides', () => {
    expect(ok('a  \nb\t', 'a\nb')).toBe(true);
    expect(ok('a\nb', 'a   \nb \t ')).toBe(true);
    expect(ok('a\r\nb\r\n', 'a\nb')).toBe(true);
  });

  test('leading whitespace is significant', () => {
    expect(ok('  a', 'a')).toBe(false);
    expect(ok('a', ' a')).toBe(false);
  });

  test('trailing blank lines are ignored on both sides, inner blank lines are not', () => {
    expect(ok('a\n\n\n', 'a')).toBe(true);
    expect(ok('a', 'a\n  \n\n')).toBe(true);
    expect(ok('a\n\nb', 'a\nb')).toBe(false);
    expect(ok('\na', 'a')).toBe(false);
  });

  test('empty expected matches only empty (or blank) output', () => {
    expect(ok('', '')).toBe(true);
    expect(ok('', '\n  \n')).toBe(true);
    expect(ok('', 'x')).toBe(false);
    expect(ok('x', '')).toBe(false);
  });

  test('normalizeOutput trims line ends and final blank lines', () => {
    expect(normalizeOutput('a \nb\n\n \n')).toEqual(['a', 'b']);
    expect(normalizeOutput('')).toEqual([]);
  });
});

describe('`...` lines match any number of lines', () => {
  test('in the middle: zero, one or many lines', () => {
    expect(ok('a\n...\nz', 'a\nz')).toBe(true);
    expect(ok('a\n...\nz', 'a\nb\nz')).toBe(true);
    expect(ok('a\n...\nz', 'a\nb\nc\nd\nz')).toBe(true);
    expect(ok('a\n...\nz', 'a\nb\nc')).toBe(false);
    expect(ok('a\n...\nz', 'b\nz')).toBe(false);
  });

  test('at the start and at the end', () => {
    expect(ok('...\nz', 'a\nb\nz')).toBe(true);
    expect(ok('...\nz', 'z')).toBe(true);
    expect(ok('...\nz', 'z\na')).toBe(false);
    expect(ok('a\n...', 'a\nb\nc')).toBe(true);
    expect(ok('a\n...', 'a')).toBe(true);
    expect(ok('a\n...', 'b\na')).toBe(false);
  });

  test('alone, it matches anything, including empty output', () => {
    expect(ok('...', '')).toBe(true);
    expect(ok('...', 'a\nb')).toBe(true);
    expect(ok('...\n...', '')).toBe(true);
  });

  test('with empty actual output, only wildcards match', () => {
    expect(ok('...\na', '')).toBe(false);
    expect(ok('a\n...', '')).toBe(false);
  });

  test('several `...` keep the order of the lines between them', () => {
    expect(ok('a\n...\nb\n...\nc', 'a\nx\nb\ny\nc')).toBe(true);
    expect(ok('a\n...\nb\n...\nc', 'a\nb\nc')).toBe(true);
    expect(ok('a\n...\nb\n...\nc', 'a\nc\nb')).toBe(false);
    expect(ok('...\nb\n...\nb\n...', 'b\nb')).toBe(true);
    expect(ok('...\nb\n...\nb\n...', 'x\nb\nx')).toBe(false);
    expect(ok('...\nb\nc\n...', 'b\nb\nc')).toBe(true);
  });

  test('the first and last literal lines cannot overlap', () => {
    expect(ok('a\n...\na', 'a')).toBe(false);
    expect(ok('a\n...\na', 'a\na')).toBe(true);
  });

  test('only a line that is exactly `...` is a wildcard', () => {
    expect(ok('a\n  ...\nz', 'a\nb\nz')).toBe(false);
    expect(ok('a\n....\nz', 'a\nb\nz')).toBe(false);
    expect(ok('a\n...   \nz', 'a\nb\nz')).toBe(true); // trailing whitespace is trimmed first
    expect(ok('tensor([1, ...])', 'tensor([1, 2])')).toBe(false);
    expect(ok('...', '...')).toBe(true);
  });
});

describe('diff', () => {
  test('shows expected and actual lines with line numbers', () => {
    expect(diffOf('a\nb\nc', 'a\nB\nc')).toBe(
      [
        '--- expected',
        '+++ actual',
        '@@ expected line 1, actual line 1 @@',
        '    1   1 | a',
        '-   2     | b',
        '+       2 | B',
        '    3   3 | c',
      ].join('\n'),
    );
  });

  test('lines covered by `...` are shown as context, marked with ...', () => {
    const diff = diffOf('a\n...\nc\nd', 'a\nb\nx\nc\nD');
    expect(diff).toContain('  ...   2 | b');
    expect(diff).toContain('-   4     | d');
    expect(diff).toContain('+       5 | D');
  });

  test('missing and extra lines', () => {
    expect(diffOf('a\nb', 'a')).toContain('-   2     | b');
    expect(diffOf('a', 'a\nb')).toContain('+       2 | b');
    expect(diffOf('a', '')).toContain('-   1     | a');
  });

  test('far-apart changes get separate hunks with three lines of context', () => {
    const expected = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    const actual = [...expected];
    actual[1] = 'changed 2';
    actual[25] = 'changed 26';
    const diff = diffOf(expected.join('\n'), actual.join('\n'));
    expect(diff.match(/^@@/gm)).toHaveLength(2);
    expect(diff).toContain('@@ expected line 23, actual line 23 @@');
    expect(diff).not.toContain('line 10');
  });

  test('a huge diff is cut to a readable length', () => {
    const expected = Array.from({ length: 5000 }, (_, i) => `e${i}`).join('\n');
    const actual = Array.from({ length: 5000 }, (_, i) => `a${i}`).join('\n');
    const diff = diffOf(expected, actual);
    expect(diff.split('\n').length).toBeLessThan(220);
    expect(diff).toMatch(/diff cut after 200 lines \(10000 lines differ in all\)/);
  });
});

describe('performance', () => {
  const big = Array.from({ length: 10_000 }, (_, i) => `row ${i % 7} ${i % 3}`);

  test('10,000-line outputs with many `...` match quickly', () => {
    // Every other expected line is `...`, and the literal lines repeat a lot:
    // a backtracking matcher would explode here.
    const expected = big.flatMap((line, i) => (i % 2 === 0 ? [line, '...'] : []));
    const started = performance.now();
    expect(ok(expected.join('\n'), big.join('\n'))).toBe(true);
    expect(ok([...expected, 'not there'].join('\n'), big.join('\n'))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test('a pathological near-match (a…a…b against a…a) fails fast', () => {
    const actual = Array.from({ length: 10_000 }, () => 'a').join('\n');
    const expected = [...Array.from({ length: 2_000 }, () => 'a\n...'), 'b'].join('\n');
    const started = performance.now();
    const result = matchOutput(expected, actual);
    expect(result.ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test('diffing two different 10,000-line outputs stays fast', () => {
    const other = big.map((line, i) => (i % 50 === 0 ? `${line}!` : line));
    const started = performance.now();
    expect(ok(big.join('\n'), other.join('\n'))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
