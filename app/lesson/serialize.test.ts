import { describe, expect, test } from 'vitest';
import { parseLesson } from './parse-lesson.ts';
import { serializeLesson, type CellEdit } from './serialize.ts';
import { lessonText, parseOk } from './test-helpers.ts';
import { cellId as brandCellId, type CellId } from '../shared/brand.ts';
import type { CodeBlock, Lesson } from './types.ts';

const cells = (lesson: Lesson): CodeBlock[] => lesson.blocks.filter((b): b is CodeBlock => b.kind === 'code');
const cellId = (lesson: Lesson, index: number): CellId => cells(lesson)[index - 1]!.id;
const edit = (lesson: Lesson, edits: [number, CellEdit][]): string =>
  serializeLesson(lesson, new Map(edits.map(([index, e]) => [cellId(lesson, index), e])));

describe('round trip without edits', () => {
  const samples: Record<string, string> = {
    'blank lines everywhere': lessonText([
      '',
      '',
      'Text  ',
      '',
      '```ts',
      'a',
      '```',
      '',
      '',
      '```output',
      '1',
      '```',
      '',
      '',
      '```ts',
      '```',
      '',
    ]),
    'no final line break': '---\ntitle: T\n---\n```ts\nx\n```',
    'output at the very end without a line break': '---\ntitle: T\n---\n```ts\nx\n```\n```output\n1\n```',
    'only front matter': '---\ntitle: T\n---',
    'CRLF line breaks': '---\r\ntitle: T\r\n---\r\n\r\nText\r\n```ts\r\nx\r\n```\r\n',
    'byte order mark': '\uFEFF---\ntitle: T\n---\nText\n',
    'indented and tilde fences': lessonText(['  ```ts  ', '  a', '  ```', '~~~~ts', 'b', '~~~~ ', '````output', '```', '````']),
    'trailing whitespace on the front matter lines': '---  \ntitle: T\n--- \nx\n',
  };
  for (const [name, text] of Object.entries(samples)) {
    test(`${name}: serializeLesson(parseLesson(text)) === text`, () => {
      expect(serializeLesson(parseOk(text))).toBe(text);
    });
  }
});

describe('edits', () => {
  const text = lessonText([
    'Intro',
    '',
    '```ts',
    'print(1)',
    '```',
    '',
    '```output',
    '1',
    '```',
    '',
    '```ts exercise',
    'x',
    '```',
    '',
    'End',
  ]);
  const lesson = parseOk(text);

  test("a new source replaces only that cell's code", () => {
    const out = edit(lesson, [[1, { source: 'print(2)\nprint(3)' }]]);
    expect(out).toBe(text.replace('print(1)\n', 'print(2)\nprint(3)\n'));
  });

  test('a new expected output replaces the output fence content', () => {
    expect(edit(lesson, [[1, { expected: 'one\ntwo' }]])).toBe(text.replace('```output\n1\n```', '```output\none\ntwo\n```'));
  });

  test('an output is added right after a cell that had none', () => {
    const out = edit(lesson, [[2, { expected: '42' }]]);
    expect(out).toBe(text.replace('```ts exercise\nx\n```\n', '```ts exercise\nx\n```\n```output\n42\n```\n'));
    expect(cells(parseOk(out))[1]?.expected).toBe('42');
  });

  test('expected: null removes the output fence', () => {
    const out = edit(lesson, [[1, { expected: null }]]);
    expect(out).toBe(text.replace('\n```output\n1\n```\n', ''));
    expect(cells(parseOk(out))[0]?.expected).toBeUndefined();
  });

  test('an empty expected output writes an empty output fence', () => {
    const out = edit(lesson, [[2, { expected: '' }]]);
    expect(cells(parseOk(out))[1]?.expected).toBe('');
  });

  test('fences grow when the new text contains a fence line', () => {
    const out = edit(lesson, [[1, { source: 'const md = `\n```\n`', expected: '````\n```' }]]);
    const reparsed = cells(parseOk(out));
    expect(reparsed[0]?.source).toBe('const md = `\n```\n`');
    expect(reparsed[0]?.expected).toBe('````\n```');
    expect(out).toContain('````ts\n');
    expect(out).toContain('`````output\n');
  });

  test('edits keep the attributes, ids and the rest of the file', () => {
    const out = edit(lesson, [[2, { source: 'y' }]]);
    const reparsed = parseOk(out);
    expect(cells(reparsed)[1]).toMatchObject({ id: cellId(lesson, 2), attrs: ['exercise'], source: 'y' });
    expect(reparsed.blocks.filter((b) => b.kind === 'markdown')).toEqual(lesson.blocks.filter((b) => b.kind === 'markdown'));
  });

  test('editing the last cell of a file without a final line break', () => {
    const bare = parseOk('---\ntitle: T\n---\n```ts\nx\n```');
    const out = serializeLesson(bare, new Map([[cells(bare)[0]!.id, { source: 'y', expected: '1' }]]));
    expect(out).toBe('---\ntitle: T\n---\n```ts\ny\n```\n```output\n1\n```\n');
  });

  test("written lines use the file's line breaks", () => {
    const crlf = parseOk('---\r\ntitle: T\r\n---\r\n```ts\r\nx\r\n```\r\n');
    const out = serializeLesson(crlf, new Map([[cells(crlf)[0]!.id, { source: 'a\nb', expected: 'c' }]]));
    expect(out).toBe('---\r\ntitle: T\r\n---\r\n```ts\r\na\r\nb\r\n```\r\n```output\r\nc\r\n```\r\n');
  });

  test('edits for unknown cell ids are ignored', () => {
    const out = serializeLesson(lesson, new Map([[brandCellId('nope/c9'), { source: 'z' }]]));
    expect(out).toBe(text);
  });

  test('an edited lesson parses back to the edited values', () => {
    const out = edit(lesson, [
      [1, { source: 'a', expected: 'b' }],
      [2, { source: 'c', expected: 'd' }],
    ]);
    const result = parseLesson(out, lesson.path);
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(cells(result.lesson).map((c) => [c.source, c.expected])).toEqual([
        ['a', 'b'],
        ['c', 'd'],
      ]);
  });
});
