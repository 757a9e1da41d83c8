import { describe, expect, test } from 'vitest';
import { parseLesson } from './parse-lesson.ts';
import { serializeLesson } from './serialize.ts';
import { escapeOutput, needsEscape, unescapeOutput } from './output-escape.ts';

describe('output escapes', () => {
  test('only text a Markdown file cannot hold needs them', () => {
    expect(needsEscape('tab\there, π ≈ 3.14, 😀, C:\\path')).toBe(false);
    for (const c of ['\u0000', '\r', '\u001b[31m', '\u007f', '\u0085', '\ud800', 'a\udfffb']) expect(needsEscape(c)).toBe(true);
  });

  test('escape and unescape are inverse, backslashes included', () => {
    const printed = '\u001b[31mred\u001b[0m\r\nNUL:\u0000 back\\slash \\x00 lone:\ud800 pair:😀';
    const written = escapeOutput(printed);
    expect(written).toBe('\\x1b[31mred\\x1b[0m\\x0d\nNUL:\\x00 back\\\\slash \\\\x00 lone:\\u{d800} pair:😀');
    expect(unescapeOutput(written)).toBe(printed);
  });

  test('a cell printing NUL and ANSI escapes is written as an escaped output fence and read back exactly', () => {
    const r = parseLesson('---\ntitle: T\n---\n\n```ts\nprint(1)\n```\n\n```output\n1\n```\n', 'lessons/t.md');
    if (!r.ok) throw new Error('fixture');
    const id = r.lesson.blocks.find((b) => b.kind === 'code')?.id;
    if (id === undefined) throw new Error('fixture');
    const printed = 'a\u0000b\n\u001b[1mbold\u001b[0m';
    const text = serializeLesson(r.lesson, new Map([[id, { expected: printed }]]));
    expect(text).toContain('```output escaped\na\\x00b\n\\x1b[1mbold\\x1b[0m\n```\n');
    const again = parseLesson(text, 'lessons/t.md');
    expect(again.ok && again.lesson.blocks.find((b) => b.kind === 'code')).toMatchObject({ expected: printed });
    // Plain output again: the fence loses the word.
    if (!again.ok) return;
    expect(serializeLesson(again.lesson, new Map([[id, { expected: 'plain' }]]))).toContain('```output\nplain\n```\n');
  });

  test('an output fence takes only `escaped`', () => {
    const r = parseLesson('---\ntitle: T\n---\n\n```ts\nprint(1)\n```\n\n```output escaped stderr\n1\n```\n', 'lessons/t.md');
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual(["an output fence takes no attributes, got 'escaped stderr'"]);
  });
});
