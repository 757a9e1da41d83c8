import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CellOutput } from '../kernel/protocol.ts';
import { parseLesson, renderMarkdown } from '../lesson/index.ts';
import type { Lesson } from '../lesson/types.ts';
import { buildLessonPage } from '../notebook/build-lesson-page.ts';
import { idleCell, type CellRuntime } from '../notebook/cell-runtime.ts';
import { emptyStructure, type Structure } from '../notebook/structure.ts';
import { cellId, ms, type CellId } from '../shared/brand.ts';
import type { StudentState } from './document.ts';
import { toHtml } from './html.ts';
import { lines, toIpynb, toIpynbOutputs } from './ipynb.ts';
import { toLessonMarkdown } from './lesson-markdown.ts';
import { ipynbErrors } from './validate-ipynb.ts';

const parse = (text: string, path = 'lessons/demo.md'): Lesson => {
  const r = parseLesson(text, path);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.lesson;
};

const demo = `---
title: Demo
---

Some *text* and $x^2$.

\`\`\`ts
print("a")
print("b")
\`\`\`

\`\`\`output
a
b
\`\`\`

## Second

\`\`\`ts
1 + 1
\`\`\`

\`\`\`ts exercise
const answer = 0
\`\`\`

\`\`\`solution
const answer = 2
\`\`\`

\`\`\`check
check.equal(answer, 2, "two")
\`\`\`

Last words.
`;

// The page's sanitiser needs a browser (tests/e2e/export.spec.ts runs it); here it is the identity.
const plainDeps = { sanitize: (s: string): string => s, renderMarkdown: (s: string): string => renderMarkdown(s) };
const ran = (outputs: CellOutput[], execCount: number, ok = true): CellRuntime => ({
  ...idleCell,
  status: ok ? 'ok' : 'error',
  outputs,
  execCount,
  duration: ms(1),
});
const state = (over: Partial<StudentState> = {}): StudentState => ({ sources: {}, cells: {}, structure: emptyStructure, ...over });
const c = (n: number): CellId => cellId(`demo/c${n}`);

describe('Markdown export', () => {
  it('is the lesson file byte for byte when nothing was edited or run', () => {
    for (const file of ['lessons/00-welcome.md', 'lessons/14-quantization.md']) {
      const text = readFileSync(file, 'utf8');
      expect(toLessonMarkdown(parse(text, file), state())).toBe(text);
    }
  });

  it('writes edited code and the printed output, and round-trips exactly through import', () => {
    const lesson = parse(demo);
    const s = state({
      sources: { [c(2)]: '2 + 2' },
      cells: { [c(2)]: ran([{ kind: 'result', text: '4' }], 1) },
    });
    const exported = toLessonMarkdown(lesson, s);
    expect(exported).toContain('```ts\n2 + 2\n```\n```output\n4\n```\n');
    const again = parse(exported);
    expect(toLessonMarkdown(again, state())).toBe(exported);
  });

  it('leaves deleted cells out and writes added code and Markdown cells where they are', () => {
    const lesson = parse(demo);
    const structure: Structure = {
      deleted: [c(2)],
      added: [
        { id: cellId('demo/new1'), kind: 'markdown', after: c(1) },
        { id: cellId('demo/new2'), kind: 'code', after: c(1) },
        { id: cellId('demo/new3'), kind: 'code', after: c(3) },
      ],
    };
    const s = state({
      structure,
      sources: { [cellId('demo/new1')]: 'My **note**', [cellId('demo/new2')]: 'print("mine")', [cellId('demo/new3')]: 'print(answer)' },
      cells: { [cellId('demo/new2')]: ran([{ kind: 'text', text: 'mine', stream: 'stdout' }], 1) },
    });
    const exported = toLessonMarkdown(lesson, s);
    const again = parse(exported);
    const codes = again.blocks.flatMap((b) => (b.kind === 'code' ? [b.source] : []));
    expect(codes).toEqual(['print("a")\nprint("b")', 'print("mine")', 'const answer = 0', 'print(answer)']);
    expect(exported).toContain('My **note**');
    expect(exported).toContain('```output\nmine\n```');
    // The added cell after the exercise goes after its check fence, so the exercise still loads.
    expect(buildLessonPage(exported, 'lessons/demo.md').ok).toBe(true);
    expect(toLessonMarkdown(again, state())).toBe(exported);
  });
});

describe('ipynb export', () => {
  it('is valid nbformat 4.5 with TypeScript kernel metadata, for real lessons too', () => {
    for (const file of ['lessons/00-welcome.md', 'lessons/14-quantization.md']) {
      const nb = toIpynb(parse(readFileSync(file, 'utf8'), file), state(), plainDeps);
      expect(ipynbErrors(nb)).toEqual([]);
      // The schema does reject what nbformat 4.5 forbids.
      expect(ipynbErrors({ ...nb, cells: nb.cells.map(({ id: _id, ...rest }) => rest) })).not.toEqual([]);
      expect(nb.metadata).toMatchObject({
        kernelspec: { language: 'typescript' },
        language_info: { name: 'typescript', file_extension: '.ts' },
      });
    }
  });

  it('maps prints, results, errors, tables, figures, images and Markdown to Jupyter outputs', () => {
    const outputs: CellOutput[] = [
      { kind: 'text', text: 'a', stream: 'stdout' },
      { kind: 'text', text: 'b', stream: 'stdout' },
      { kind: 'text', text: 'warn', stream: 'stderr' },
      { kind: 'table', columns: ['bits', 'n'], rows: [['8', '256']] },
      { kind: 'svg', html: '<svg viewBox="0 0 1 1"></svg>', alt: 'A dot plot' },
      { kind: 'image', src: 'data:image/png;base64,iVBORw0KGgo=', width: 2, height: 2, alt: 'pixels' },
      { kind: 'markdown', markdown: '**hi**' },
      { kind: 'result', text: '42' },
      { kind: 'error', name: 'TypeError', message: 'bad' },
    ];
    const nb = toIpynbOutputs(outputs, 3, plainDeps);
    expect(nb.map((o) => o.output_type)).toEqual([
      'stream',
      'stream',
      'display_data',
      'display_data',
      'display_data',
      'display_data',
      'execute_result',
      'error',
    ]);
    expect(nb[0]).toEqual({ output_type: 'stream', name: 'stdout', text: ['a\n', 'b\n'] });
    expect(nb[2]).toMatchObject({ data: { 'text/html': [expect.stringContaining('<td>256</td>')], 'text/plain': expect.any(Array) } });
    expect(nb[3]).toMatchObject({ data: { 'image/svg+xml': ['<svg viewBox="0 0 1 1"></svg>'], 'text/plain': ['A dot plot'] } });
    expect(nb[4]).toMatchObject({ data: { 'image/png': 'iVBORw0KGgo=' }, metadata: { 'image/png': { width: 2, height: 2 } } });
    expect(nb[5]).toMatchObject({ data: { 'text/markdown': ['**hi**'] } });
    expect(nb[6]).toEqual({ output_type: 'execute_result', execution_count: 3, data: { 'text/plain': ['42'] }, metadata: {} });
    expect(nb[7]).toEqual({ output_type: 'error', ename: 'TypeError', evalue: 'bad', traceback: ['TypeError: bad'] });
    const notebook = toIpynb(parse(demo), state({ cells: { [c(1)]: ran(outputs, 3) } }), plainDeps);
    expect(ipynbErrors(notebook)).toEqual([]);
  });

  it('gives every cell a unique schema-valid id and keeps the student code', () => {
    const nb = toIpynb(parse(demo), state({ sources: { [c(1)]: 'print("edited")' } }), plainDeps);
    const ids = nb.cells.map((cell) => cell.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[A-Za-z0-9_-]{1,64}$/.test(id))).toBe(true);
    expect(nb.cells.find((cell) => cell.cell_type === 'code')?.source).toEqual(['print("edited")']);
  });

  it('splits text into Jupyter lines that join back to the text', () => {
    expect(lines('a\nb\n')).toEqual(['a\n', 'b\n']);
    expect(lines('a\nb')).toEqual(['a\n', 'b']);
    expect(lines('')).toEqual([]);
  });
});

describe('HTML export', () => {
  it('is one page with inline CSS, the outputs, and nothing that makes a request', () => {
    const built = buildLessonPage(demo, 'lessons/demo.md');
    if (!built.ok) throw new Error('fixture');
    const html = toHtml(
      built.page,
      state({
        cells: {
          [c(1)]: ran(
            [
              { kind: 'text', text: 'a <b>', stream: 'stdout' },
              { kind: 'image', src: 'data:image/png;base64,AAAA', alt: 'img' },
            ],
            1,
          ),
        },
      }),
      { renderMarkdown: (s) => `<p>${s}</p>`, sanitize: (s) => s },
      new Date('2025-01-02T00:00:00Z'),
    );
    expect(html).toContain('<style>');
    expect(html).toContain('a &lt;b&gt;');
    expect(html).toContain('src="data:image/png;base64,AAAA"');
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('<math');
    expect(html).not.toMatch(/<script|<link|src="https?:|href="https?:|url\(/i);
  });
});
