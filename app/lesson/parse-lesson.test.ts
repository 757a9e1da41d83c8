import { describe, expect, test } from 'vitest';
import { cellIdFor, formatLessonError, lessonIdFromPath, parseLesson } from './parse-lesson.ts';
import { lessonText, parseErrors, parseOk } from './test-helpers.ts';
import { lessonId } from '../shared/brand.ts';
import type { CodeBlock, Lesson } from './types.ts';

const cells = (lesson: Lesson): CodeBlock[] => lesson.blocks.filter((b): b is CodeBlock => b.kind === 'code');

describe('front matter', () => {
  test('a lesson without front matter is rejected at line 1', () => {
    expect(parseErrors('# Hello\n')).toEqual([
      "lessons/t.md:1: a lesson must start with YAML front matter: a line '---', 'title: …', then '---'",
    ]);
  });

  test('unterminated front matter is reported at its opening line', () => {
    expect(parseErrors('---\ntitle: x\n\nText\n')).toEqual([
      "lessons/t.md:1: front matter opened here is never closed (no second '---' line)",
    ]);
  });

  test('invalid YAML is reported at the line of the mistake', () => {
    const errors = parseErrors('---\ntitle: ok\nbad: [1\nchapter: 2\n---\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^lessons\/t\.md:[34]: front matter is not valid YAML: /);
  });

  test('a duplicated key is invalid YAML', () => {
    expect(parseErrors('---\ntitle: a\ntitle: b\n---\n')[0]).toMatch(/^lessons\/t\.md:3: front matter is not valid YAML: .*unique/i);
  });

  test('front matter that is not a mapping is rejected', () => {
    expect(parseErrors('---\n- a\n- b\n---\n')).toEqual(['lessons/t.md:2: front matter must be a YAML mapping (key: value lines)']);
  });

  test('a missing title is reported at line 1, a non-string title at its own line', () => {
    expect(parseErrors('---\nchapter: 1\n---\n')).toEqual(["lessons/t.md:1: front matter must have a string 'title'"]);
    expect(parseErrors('---\norder: 1\ntitle: 14.2\n---\n')).toEqual([
      "lessons/t.md:3: front matter must have a string 'title' (got 14.2; quote it)",
    ]);
    expect(parseErrors('---\ntitle: "  "\n---\n')[0]).toMatch(/:2: front matter must have a string 'title'/);
  });

  test('empty front matter has no title', () => {
    expect(parseErrors('---\n---\nText\n')).toEqual(["lessons/t.md:1: front matter must have a string 'title'"]);
  });

  test('chapter may be a string or a number; other keys are kept', () => {
    const lesson = parseOk('---\ntitle: Hi\nchapter: 0\norder: 3\nstart: true\n---\n');
    expect(lesson.title).toBe('Hi');
    expect(lesson.chapter).toBe('0');
    expect(lesson.frontMatter).toEqual({ title: 'Hi', chapter: 0, order: 3, start: true });
    expect(parseOk('---\ntitle: Hi\n---\n').chapter).toBeUndefined();
    expect(parseErrors('---\ntitle: Hi\nchapter: [1]\n---\n')).toEqual([
      "lessons/t.md:3: front matter 'chapter' must be a string or a number",
    ]);
  });

  test('body errors are still reported when the YAML is broken', () => {
    const errors = parseErrors('---\ntitle: [x\n---\n\n```output\n1\n```\n');
    expect(errors.map((e) => e.split(':')[1])).toEqual(['2', '5']);
  });
});

describe('fences', () => {
  test('an unclosed fence at the end of the file is reported at its opening line', () => {
    expect(parseErrors(lessonText(['Text', '', '```ts', 'print(1)']))).toEqual(['lessons/t.md:7: code fence opened here is never closed']);
    // Also without a final line break, and for an empty unclosed fence.
    expect(parseErrors('---\ntitle: T\n---\n```ts\nprint(1)')).toEqual(['lessons/t.md:4: code fence opened here is never closed']);
    expect(parseErrors('---\ntitle: T\n---\n```python')).toEqual(['lessons/t.md:4: code fence opened here is never closed']);
  });

  test('a fence that swallows the next fence opening is reported as unclosed', () => {
    const errors = parseErrors(lessonText(['```python', 'x = 1', '', '```ts', 'print(2)', '```']));
    expect(errors).toEqual([
      'lessons/t.md:5: code fence opened here is never closed: line 8 opens another fence inside it (to show a fence, use a longer one like ````)',
    ]);
  });

  test('a longer fence may show fences inside it', () => {
    const lesson = parseOk(lessonText(['````markdown', '```ts', 'print(1)', '```', '````']));
    expect(cells(lesson)).toHaveLength(0);
  });

  test('a fence inside an unclosed admonition is unclosed too', () => {
    const errors = parseErrors(lessonText([':::note', '```python', 'x']));
    expect(errors).toContain('lessons/t.md:6: code fence opened here is never closed');
    expect(errors).toContain("lessons/t.md:5: admonition ':::note' opened here is never closed (add a line ':::')");
  });

  test('only `ts` as a whole first word makes a code cell', () => {
    const lesson = parseOk(
      lessonText(['```tsx', 'a', '```', '```typescript', 'b', '```', '```ts', 'c', '```', '~~~ts exercise', 'd', '~~~']),
    );
    expect(cells(lesson).map((c) => c.source)).toEqual(['c', 'd']);
    expect(lesson.blocks[0]).toMatchObject({ kind: 'markdown', line: 5 });
  });

  test('a ts cell inside a list, quote or admonition is an error', () => {
    expect(parseErrors(lessonText(['> ```ts', '> x', '> ```']))[0]).toMatch(/:5: a ts code cell must be at the top level/);
    expect(parseErrors(lessonText([':::tip', '```ts', 'x', '```', ':::']))[0]).toMatch(/:6: a ts code cell must be at the top level/);
  });

  test('an unclosed $$ block is reported', () => {
    expect(parseErrors(lessonText(['$$', 'x', '', '```ts', 'print(1)', '```']))).toEqual([
      "lessons/t.md:5: math block '$$' opened here is never closed",
    ]);
    parseOk(lessonText(['$$x = 1$$', '', '$$', 'y', '$$', '$$$$']));
  });
});

describe('output fences', () => {
  test('an output fence right after a cell, or after blank lines, is its expected output', () => {
    const lesson = parseOk(
      lessonText(['```ts', 'print(1)', '```', '```output', '1', '```', '```ts', 'print(2)', '```', '', '', '```output', '2', '  ', '```']),
    );
    const [a, b] = cells(lesson);
    expect(a).toMatchObject({ expected: '1', line: 5, outputLine: 8 });
    expect(b).toMatchObject({ expected: '2\n  ', line: 11, outputLine: 16 });
  });

  test('a cell without output has no expected text; an empty output fence expects nothing', () => {
    const [a, b] = cells(parseOk(lessonText(['```ts', 'x', '```', '', '```ts', 'y', '```', '```output', '```'])));
    expect(a?.expected).toBeUndefined();
    expect(a?.outputLine).toBeUndefined();
    expect(b?.expected).toBe('');
  });

  test('an orphan output fence is an error with its line', () => {
    const orphan = 'output fence must directly follow a ts code cell (only blank lines may come between)';
    expect(parseErrors(lessonText(['```output', 'x', '```']))).toEqual([`lessons/t.md:5: ${orphan}`]);
    expect(parseErrors(lessonText(['```python', 'x', '```', '```output', 'x', '```']))).toEqual([`lessons/t.md:8: ${orphan}`]);
    expect(parseErrors(lessonText(['```ts', 'x', '```', 'Text', '', '```output', 'x', '```']))).toEqual([`lessons/t.md:10: ${orphan}`]);
    // A second output fence after a cell's output.
    expect(parseErrors(lessonText(['```ts', 'x', '```', '```output', '1', '```', '```output', '2', '```']))).toEqual([
      `lessons/t.md:11: ${orphan}`,
    ]);
    // Link reference definitions produce no block but are not blank lines.
    expect(parseErrors(lessonText(['```ts', 'x', '```', '[a]: https://example.com', '```output', '1', '```']))).toEqual([
      `lessons/t.md:9: ${orphan}`,
    ]);
  });

  test('an output fence takes no attributes', () => {
    expect(parseErrors(lessonText(['```ts', 'x', '```', '```output stderr', '```']))).toEqual([
      "lessons/t.md:8: an output fence takes no attributes, got 'stderr'",
    ]);
  });
});

describe('cell attributes', () => {
  test('flags, key=value pairs and unknown attributes are kept', () => {
    const [cell] = cells(parseOk(lessonText(['```ts exercise timeout=120 hint=scale later', 'x', '```'])));
    expect(cell?.attrs).toEqual(['exercise', 'timeout=120', 'hint=scale', 'later']);
    expect(cell?.attrMap).toEqual({ exercise: true, timeout: '120', hint: 'scale', later: true });
    expect(cell?.timeoutSeconds).toBe(120);
  });

  test('timeout accepts positive decimals', () => {
    expect(cells(parseOk(lessonText(['```ts timeout=0.5', '```'])))[0]?.timeoutSeconds).toBe(0.5);
    expect(cells(parseOk(lessonText(['```ts', '```'])))[0]?.timeoutSeconds).toBeUndefined();
  });

  test('a bad timeout value is an error naming the value', () => {
    for (const bad of ['abc', '0', '-5', '1e3', '', '12s']) {
      expect(parseErrors(lessonText([`\`\`\`ts timeout=${bad}`, '```']))).toEqual([
        `lessons/t.md:5: cell attribute 'timeout' must be a positive number of seconds, got '${bad}'`,
      ]);
    }
    expect(parseErrors(lessonText(['```ts timeout', '```']))[0]).toMatch(/'timeout' needs a value in seconds/);
  });

  test('an attribute given twice is an error', () => {
    expect(parseErrors(lessonText(['```ts a=1 a=2', '```']))).toEqual(["lessons/t.md:5: cell attribute 'a' is given twice"]);
  });
});

describe('cell ids (id=…)', () => {
  test('an id is kept in attrMap; a second cell with the same id, an empty id or a bad one is an error with its line', () => {
    const [cell] = cells(parseOk(lessonText(['```ts id=scale-demo', 'x', '```'])));
    expect(cell?.attrMap['id']).toBe('scale-demo');
    expect(parseErrors(lessonText(['```ts id=a', '```', '', '```ts id=a', '```']))).toEqual([
      "lessons/t.md:8: cell id 'a' is already used by the cell on line 5",
    ]);
    expect(parseErrors(lessonText(['```ts id', '```']))).toEqual(["lessons/t.md:5: cell attribute 'id' needs a value, e.g. id=scale-demo"]);
    expect(parseErrors(lessonText(['```ts id=9<b>', '```']))).toEqual([
      "lessons/t.md:5: cell attribute 'id' must be 1 to 64 letters, digits, '-' or '_' starting with a letter, got '9<b>'",
    ]);
  });
});

describe('lesson structure', () => {
  test('the lesson id is the file name without extension', () => {
    expect(lessonIdFromPath('lessons/00-welcome.md')).toBe('00-welcome');
    expect(lessonIdFromPath('C:\\x\\lessons\\14-quant.md')).toBe('14-quant');
    expect(lessonIdFromPath('plain')).toBe('plain');
    expect(parseOk(lessonText([]), '/lessons/00-welcome.md').id).toBe('00-welcome');
  });

  test('cell ids are the lesson id and the 1-based cell index', () => {
    const lesson = parseOk(lessonText(['```ts', 'a', '```', 'Text', '```ts', 'b', '```']), 'lessons/00-welcome.md');
    expect(cells(lesson).map((c) => [c.id, c.index])).toEqual([
      ['00-welcome/c1', 1],
      ['00-welcome/c2', 2],
    ]);
    expect(cellIdFor(lessonId('x'), 3)).toBe('x/c3');
  });

  test('markdown blocks hold the text between cells, never only blank lines', () => {
    const lesson = parseOk(lessonText(['Intro', '', '```ts', 'a', '```', '', '', '```ts', 'b', '```', '', 'Outro', '']));
    expect(lesson.blocks.map((b) => [b.kind, b.line])).toEqual([
      ['markdown', 5],
      ['code', 7],
      ['code', 12],
      ['markdown', 16],
    ]);
    expect(lesson.blocks[0]).toMatchObject({ source: 'Intro\n\n' });
    expect(lesson.blocks[3]).toMatchObject({ source: 'Outro\n\n' });
  });

  test('cell source drops the fence indentation and the final line break', () => {
    const [cell] = cells(parseOk(lessonText(['  ```ts', '  a', '    b', '', '  ```'])));
    expect(cell?.source).toBe('a\n  b\n');
  });

  test('errors are all reported, sorted by line, with the path', () => {
    const text = lessonText(['```output', '```', '```ts timeout=x', '```', '```python']);
    const result = parseLesson(text, 'lessons/many.md');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.line)).toEqual([5, 7, 9]);
    expect(result.errors.every((e) => e.path === 'lessons/many.md')).toBe(true);
    expect(formatLessonError({ path: 'a.md', line: 3, message: 'm' })).toBe('a.md:3: m');
  });

  test('sections are the top-level ## and ### headings with unique slugs', () => {
    const lesson = parseOk(
      lessonText([
        '# Title',
        '## Linear Quantization',
        '### 14.2. Data Types and Sizes',
        '#### Deep',
        ':::tip',
        '## Inside',
        ':::',
        '```ts',
        '```',
        '## Linear Quantization',
        'Setext',
        '---',
      ]),
    );
    expect(lesson.sections).toEqual([
      { level: 2, text: 'Linear Quantization', slug: 'linear-quantization' },
      { level: 3, text: '14.2. Data Types and Sizes', slug: '14-2-data-types-and-sizes' },
      { level: 2, text: 'Linear Quantization', slug: 'linear-quantization-1' },
      { level: 2, text: 'Setext', slug: 'setext' },
    ]);
  });

  test('the hash is FNV-1a 64 of the whole text and changes with any byte', () => {
    const text = lessonText(['Text']);
    expect(parseOk(text).hash).toMatch(/^[0-9a-f]{16}$/);
    expect(parseOk(text).hash).toBe(parseOk(text, 'other/path.md').hash);
    expect(parseOk(`${text} `).hash).not.toBe(parseOk(text).hash);
  });
});
