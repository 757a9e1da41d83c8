// Export → import is the identity for any code a student can type and any
// text a cell can print: runs of backticks and tildes (fences inside code),
// NUL, CR, ANSI escapes, lone surrogates. Seeded: a failing seed is in the
// test's name and rebuilds the case.
import { describe, expect, it } from 'vitest';
import type { CellOutput } from '../kernel/protocol.ts';
import { parseLesson } from '../lesson/index.ts';
import type { Lesson } from '../lesson/types.ts';
import { idleCell, type CellRuntime } from '../notebook/cell-runtime.ts';
import { emptyStructure } from '../notebook/structure.ts';
import { cellId, ms, type CellId } from '../shared/brand.ts';
import { seededRandom } from '../shared/seeded-random.ts';
import type { StudentState } from './document.ts';
import { decodeLesson, sniffEncoding } from './decode-lesson.ts';
import { fileProblem } from './import-lesson.ts';
import { toLessonMarkdown } from './lesson-markdown.ts';

const parse = (text: string): Lesson => {
  const r = parseLesson(text, 'lessons/rt.md');
  if (!r.ok) throw new Error(`the export does not import: ${JSON.stringify(r.errors)}\n${text}`);
  return r.lesson;
};

const FENCES = ['```', '~~~', '````', '~~~~', '`````', '~~~~~~', '`', '~', '``'];
const WORDS = ['ts', 'output', 'escaped', 'print(1)', 'a', ' ', '   ', '    ', '\t', '\\', '\\x00', '\\\\', '$$', ':::'];
const CONTROL = [
  '\u0000',
  '\u001b[31m',
  '\u001b[0m',
  '\r',
  '\r\n',
  '\u0007',
  '\b',
  '\u007f',
  '\u0085',
  '\u009b',
  '\ud800',
  '\udfff',
  '😀',
  '\u2400',
];

function text(rnd: () => number, pieces: readonly (readonly string[])[], lines: number): string {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const out: string[] = [];
  for (let l = 0; l < lines; l++) {
    let line = '';
    const n = Math.floor(rnd() * 6);
    for (let i = 0; i < n; i++) line += pick(pick(pieces));
    out.push(line);
  }
  return out.join('\n');
}

const lesson = parse('---\ntitle: Round trip\n---\n\nText.\n\n```ts\nprint(1)\n```\n\n```output\n1\n```\n\n~~~ts\nprint(2)\n~~~\n');
const [c1, c2] = lesson.blocks.flatMap((b) => (b.kind === 'code' ? [b.id] : []));
const added = cellId('rt/new1');
const ran = (out: string): CellRuntime => ({
  ...idleCell,
  status: 'ok',
  outputs: [{ kind: 'text', text: out, stream: 'stdout' } satisfies CellOutput],
  execCount: 1,
  duration: ms(1),
});

describe('export → import round-trips code and output exactly', () => {
  for (let seed = 1; seed <= 300; seed++) {
    it(`seed ${seed}`, () => {
      const rnd = seededRandom(seed);
      const code = (): string => text(rnd, [FENCES, WORDS], 1 + Math.floor(rnd() * 5));
      const printed = (): string => text(rnd, [FENCES, WORDS, CONTROL, CONTROL], 1 + Math.floor(rnd() * 5));
      const sources: Record<CellId, string> = { [c1!]: code(), [c2!]: code(), [added]: code() };
      const outputs: Record<CellId, string> = { [c1!]: printed(), [c2!]: printed(), [added]: printed() };
      const state: StudentState = {
        sources,
        cells: { [c1!]: ran(outputs[c1!]!), [c2!]: ran(outputs[c2!]!), [added]: ran(outputs[added]!) },
        structure: { ...emptyStructure, added: [{ id: added, kind: 'code', after: c1! }] },
      };
      const exported = toLessonMarkdown(lesson, state);
      // What Import does with the file: it must be text it accepts.
      const bytes = new TextEncoder().encode(exported);
      const sniffed = sniffEncoding(bytes.subarray(0, 4096));
      expect(sniffed).toEqual({ ok: true, encoding: 'utf-8' });
      expect(decodeLesson(bytes, 'utf-8')).toEqual({ ok: true, text: exported });
      expect(fileProblem('rt.md', bytes.length, exported)).toBeNull();

      const again = parse(exported);
      const cells = again.blocks.flatMap((b) => (b.kind === 'code' ? [{ source: b.source, expected: b.expected }] : []));
      // A cell that printed nothing gets no output fence unless it had one (c1).
      const expected = (id: CellId): string | undefined => (outputs[id] === '' && id !== c1 ? undefined : outputs[id]);
      expect(cells).toEqual([c1!, added, c2!].map((id) => ({ source: sources[id], expected: expected(id) })));
      // And the imported lesson exports to the same file.
      expect(toLessonMarkdown(again, { sources: {}, cells: {}, structure: emptyStructure })).toBe(exported);
    });
  }
});
