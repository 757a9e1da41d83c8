// ipynb export → import gives the lesson back: cells (code, attributes,
// expected output or what the cell printed), exercises (hints, checks; the
// solution only when the student revealed it), PyTorch originals, figures
// and the Markdown as the page renders it. Random lessons, seeded: a failing
// seed is in the test's name and rebuilds the case.
import { describe, expect, it } from 'vitest';
import type { CellOutput } from '../kernel/protocol.ts';
import { parseLesson } from '../lesson/index.ts';
import type { CodeBlock, Lesson } from '../lesson/types.ts';
import { buildLessonPage } from '../notebook/build-lesson-page.ts';
import { idleCell, type CellRuntime } from '../notebook/cell-runtime.ts';
import type { LessonPage } from '../notebook/lesson-page.ts';
import { emptyStructure } from '../notebook/structure.ts';
import { ms, type CellId } from '../shared/brand.ts';
import { seededRandom } from '../shared/seeded-random.ts';
import type { StudentState } from './document.ts';
import { decodeLesson, sniffEncoding } from './decode-lesson.ts';
import { fileProblem, lessonTextOf } from './import-lesson.ts';
import { SOLUTION_LEFT_OUT } from './ipynb-import.ts';
import { base64Utf8, figuresOf } from './figure-export.ts';
import { toIpynb } from './ipynb.ts';
import { fenced } from './markdown-html.ts';
import { ipynbErrors } from './validate-ipynb.ts';

const WORDS = [
  'alpha',
  'beta',
  '**bold**',
  '`code`',
  '$x^2$',
  '<b>raw</b>',
  '<script>x</script>',
  '&amp;',
  '#',
  '*',
  '1.',
  'é',
  '😀',
  '[link](https://example.com)',
];
const CODE = ['print(1)', 'const a = 2', '```', '~~~', '````', '`', '// ```ts', 'x', ' ', '\t', '\\', '$$', ':::', '<div>'];
const PRINTED = [...CODE, '\u0000', '\u001b[31m', '\r', '\u0007', '\ud800', '😀', 'NaN', ''];

function build(seed: number): { text: string; state: (lesson: Lesson) => StudentState; printed: Map<number, string> } {
  const rnd = seededRandom(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const words = (n: number): string => Array.from({ length: 1 + Math.floor(rnd() * n) }, () => pick(WORDS)).join(' ');
  const code = (): string =>
    Array.from({ length: 1 + Math.floor(rnd() * 4) }, () =>
      Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(CODE)).join(' '),
    ).join('\n');
  const out: string[] = [`---\ntitle: ${JSON.stringify(`Lesson ${words(3)}`)}\n${rnd() < 0.5 ? 'chapter: 14\n' : ''}---\n`];
  const cell = (attrs: string[]) => {
    out.push(fenced(['ts', ...attrs].join(' '), code()));
    if (rnd() < 0.5) out.push(fenced('output', words(4)));
  };
  let ids = 0;
  const n = 2 + Math.floor(rnd() * 8);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.2) out.push(`${rnd() < 0.5 ? '##' : '###'} ${words(3)}\n`);
    else if (r < 0.35) out.push(`${words(8)}\n`);
    else if (r < 0.45) out.push(`:::${pick(['tip', 'note', 'warning'])}${rnd() < 0.5 ? ` ${words(2)}` : ''}\n${words(6)}\n:::\n`);
    else if (r < 0.5)
      out.push(
        pick(['```figure integer-ranges\nvalue: "300"\n```\n', '```figure linear-mapping\nbits: 4\n```\n', '```figure ptq-table\n```\n']),
      );
    else if (r < 0.6) {
      out.push(fenced('python original', `torch.${pick(['iinfo', 'finfo'])}(torch.int8)\n${pick(CODE)}`));
      cell([]);
    } else if (r < 0.8) cell(rnd() < 0.5 ? [] : [pick(['raises', 'heavy', 'timeout=30', `id=cell${++ids}`])]);
    else {
      cell(['exercise']);
      const hints = Math.floor(rnd() * 3);
      for (let h = 0; h < hints; h++) out.push(fenced('hint', words(5)));
      out.push(fenced('solution', `const answer = ${Math.floor(rnd() * 1e6)}\nprint(answer)`));
      const checks = 1 + Math.floor(rnd() * 2);
      for (let c = 0; c < checks; c++) out.push(fenced('check', `check.ok(output.includes("${c}"), "has ${c}")`));
    }
  }
  const text = out.join('\n');
  const printed = new Map<number, string>();
  const state = (lesson: Lesson): StudentState => {
    const sources: Record<CellId, string> = {};
    const cells: Record<CellId, CellRuntime> = {};
    const pageOf = buildLessonPage(text, lesson.path);
    lesson.blocks.forEach((b) => {
      if (b.kind !== 'code') return;
      const material = pageOf.ok ? pageOf.page.blocks.find((p) => p.kind === 'code' && p.cellId === b.id) : undefined;
      const solution = material?.kind === 'code' ? material.exercise?.solution : undefined;
      const roll = rnd();
      if (solution != null && roll < 0.4) sources[b.id] = solution;
      else if (roll < 0.6) sources[b.id] = code();
      if (rnd() < 0.5) {
        const p = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(PRINTED)).join(pick(['', '\n']));
        printed.set(b.index, p);
        cells[b.id] = {
          ...idleCell,
          status: 'ok',
          outputs: [{ kind: 'text', text: p, stream: 'stdout' } satisfies CellOutput],
          execCount: 1,
          duration: ms(1),
        };
      }
    });
    return { sources, cells, structure: emptyStructure };
  };
  return { text, state, printed };
}

const pageOf = (text: string, path: string): LessonPage => {
  const r = buildLessonPage(text, path);
  if (!r.ok) throw new Error(`${JSON.stringify(r.errors)}\n${text}`);
  return r.page;
};
const lessonOf = (text: string, path: string): Lesson => {
  const r = parseLesson(text, path);
  if (!r.ok) throw new Error(`${JSON.stringify(r.errors)}\n${text}`);
  return r.lesson;
};
const codeOf = (lesson: Lesson): CodeBlock[] => lesson.blocks.filter((b): b is CodeBlock => b.kind === 'code');
const deps = { sanitize: (s: string) => s, renderMarkdown: (s: string) => s, lessonUrl: 'https://lab.example/?lesson=rt' };

describe('ipynb export → import gives the lesson back', () => {
  for (let seed = 1; seed <= 200; seed++) {
    it(`seed ${seed}`, () => {
      const { text, state: stateFor, printed } = build(seed);
      const lesson = lessonOf(text, 'lessons/rt.md');
      const before = pageOf(text, 'lessons/rt.md');
      const state = stateFor(lesson);
      const nb = toIpynb(lesson, state, { ...deps, figure: figuresOf(before, (svg) => svg) });
      expect(ipynbErrors(nb)).toEqual([]);
      // Each figure is a Markdown cell showing its static SVG (an attachment), in lesson order.
      const drawn = nb.cells.flatMap((c) => (c.cell_type === 'markdown' && c.attachments !== undefined ? [c] : []));
      const figureBlocks = before.blocks.filter((b) => b.kind === 'figure');
      expect(drawn.map((c) => Object.keys(c.attachments!))).toEqual(figureBlocks.map((b) => [`figure-${b.line}.svg`]));
      for (const [k, c] of drawn.entries()) {
        const svg = figuresOf(before, (x) => x)(figureBlocks[k]!.line)!.svg;
        expect(c.attachments![`figure-${figureBlocks[k]!.line}.svg`]).toEqual({ 'image/svg+xml': base64Utf8(svg) });
        expect(c.source.join('')).toMatch(
          new RegExp(`^!\\[[^\n]+\\]\\(attachment:figure-${figureBlocks[k]!.line}\\.svg\\)\n\n> \\*\\*Interactive figure: `),
        );
      }
      // What Import does with the file: its bytes pass the lesson import's checks, then become lesson text.
      const file = `${JSON.stringify(nb, null, 1)}\n`;
      const bytes = new TextEncoder().encode(file);
      expect(sniffEncoding(bytes.subarray(0, 4096))).toEqual({ ok: true, encoding: 'utf-8' });
      expect(decodeLesson(bytes, 'utf-8')).toEqual({ ok: true, text: file });
      expect(fileProblem('rt.ipynb', bytes.length, file)).toBeNull();
      const back = lessonTextOf('rt.ipynb', file);
      if (!back.ok) throw new Error(back.message);
      const again = lessonOf(back.text, 'imported/imported-rt.md');
      const after = pageOf(back.text, 'imported/imported-rt.md');

      expect(again.title).toBe(lesson.title);
      expect(again.chapter).toBe(lesson.chapter);
      const want = codeOf(lesson).map((b) => ({
        source: state.sources[b.id] ?? b.source,
        attrs: b.attrs,
        expected: printed.has(b.index) ? printed.get(b.index) : b.expected,
      }));
      expect(codeOf(again).map((b) => ({ source: b.source, attrs: b.attrs, expected: b.expected }))).toEqual(want);

      // The page: Markdown as rendered, figures, PyTorch originals, exercises (hints, checks; the solution only if revealed).
      const shape = (page: LessonPage, lessonCells: readonly CodeBlock[]) =>
        page.blocks.map((b) => {
          if (b.kind !== 'code') return b.kind === 'figure' ? { figure: b.name, options: b.options } : b;
          return {
            python: b.python,
            hints: b.exercise?.hints,
            check: b.exercise?.check,
            index: lessonCells.findIndex((c) => c.id === b.cellId),
          };
        });
      expect(shape(after, codeOf(again))).toEqual(shape(before, codeOf(lesson)));
      for (const [k, b] of before.blocks.entries()) {
        const a = after.blocks[k];
        if (b.kind !== 'code' || b.exercise === null || a?.kind !== 'code') continue;
        const shown = state.sources[b.cellId]?.trim() === b.exercise.solution?.trim();
        expect(a.exercise?.solution).toBe(shown ? b.exercise.solution : SOLUTION_LEFT_OUT);
      }
    });
  }
});
