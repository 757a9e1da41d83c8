import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../lesson/index.ts';
import type { CodeBlock } from '../lesson/types.ts';
import { buildLessonPage } from '../notebook/build-lesson-page.ts';
import { seededRandom } from '../shared/seeded-random.ts';
import { fileProblem, lessonTextOf } from './import-lesson.ts';
import { ipynbToLesson, MAX_IPYNB_BYTES, neutralMarkdown, PYTHON_NOTE } from './ipynb-import.ts';
import { jsonProblem } from './json-where.ts';

const fixture = (name: string): string => readFileSync(`app/export/fixtures/${name}`, 'utf8');

function opened(json: string, name = 'nb.ipynb') {
  const r = ipynbToLesson(json, name);
  if (!r.ok) throw new Error(r.message);
  const parsed = parseLesson(r.text, 'imported/imported-nb.md');
  if (!parsed.ok) throw new Error(`${JSON.stringify(parsed.errors)}\n${r.text}`);
  const page = buildLessonPage(r.text, 'imported/imported-nb.md');
  if (!page.ok) throw new Error(`${JSON.stringify(page.errors)}\n${r.text}`);
  const code = parsed.lesson.blocks.filter((b): b is CodeBlock => b.kind === 'code');
  return { text: r.text, lesson: parsed.lesson, page: page.page, code };
}

const message = (json: string, name = 'nb.ipynb'): string => {
  const r = ipynbToLesson(json, name);
  if (r.ok) throw new Error('expected the notebook to be refused');
  return r.message;
};

describe('a TypeScript (tslab) notebook', () => {
  const nb = opened(fixture('tslab-notebook.ipynb'), 'tensors.ipynb');

  it('opens with its code cells as TypeScript cells and their printed outputs as the expected output', () => {
    expect(nb.lesson.title).toBe('Tensors in TypeScript');
    expect(nb.code.map((c) => ({ source: c.source, expected: c.expected }))).toEqual([
      { source: "console.log('hello')\nconsole.log('world')", expected: 'hello\nworld' },
      { source: 'const x: number = 1 + 2\nx', expected: '3' },
      { source: '', expected: undefined },
    ]);
    expect(nb.page.blocks.some((b) => b.kind === 'code' && b.python !== null)).toBe(false);
  });

  it('keeps its Markdown inert: a ```ts example is no cell, ::: no admonition, raw HTML shows as text', () => {
    const html = nb.page.blocks.flatMap((b) => (b.kind === 'markdown' ? [b.html] : [])).join('\n');
    expect(html).toContain('&lt;script&gt;alert(');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('// an example in Markdown, not a cell');
    expect(html).not.toContain('class="admonition');
    expect(html).toContain(':::tip not an admonition here');
    // The raw cell is shown as a text block.
    expect(html).toContain('raw text');
  });

  it('neutralises every lesson fence in foreign Markdown, in lists and quotes too', () => {
    const md = '```ts\na\n```\n- ```hint\n  b\n  ```\n> ```solution\n> c\n> ```\n~~~python original\nd\n~~~\n```python\nok\n```\n:::note\n';
    expect(neutralMarkdown(md)).toBe(
      '```typescript\na\n```\n- ```text\n  b\n  ```\n> ```text\n> c\n> ```\n~~~text\nd\n~~~\n```python\nok\n```\n\\:::note\n',
    );
  });
});

describe('a Deno notebook', () => {
  it('opens as TypeScript too; an error output becomes `Name: message`, a display-only output no expected text', () => {
    const nb = opened(
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {
          kernelspec: { name: 'deno', display_name: 'Deno', language: 'typescript' },
          language_info: { name: 'typescript', file_extension: '.ts', mimetype: 'text/x.typescript' },
        },
        cells: [
          {
            cell_type: 'code',
            id: 'a',
            metadata: {},
            execution_count: 1,
            source: 'throw new RangeError("bits")',
            outputs: [{ output_type: 'error', ename: 'RangeError', evalue: 'bits', traceback: [] }],
          },
          {
            cell_type: 'code',
            id: 'b',
            metadata: {},
            execution_count: 2,
            source: 'Deno.jupyter.html`<b>x</b>`',
            outputs: [{ output_type: 'display_data', data: { 'text/html': ['<b>x</b>'] }, metadata: {} }],
          },
        ],
      }),
      'deno.ipynb',
    );
    expect(nb.lesson.title).toBe('deno');
    expect(nb.code.map((c) => [c.source, c.expected])).toEqual([
      ['throw new RangeError("bits")', 'RangeError: bits'],
      ['Deno.jupyter.html`<b>x</b>`', undefined],
    ]);
    expect(nb.text).not.toContain('python original');
  });
});

describe('a Python notebook', () => {
  const nb = opened(fixture('python-notebook.ipynb'), 'quant.ipynb');

  it('says so at the top and shows each code cell read-only as the PyTorch original of an empty TypeScript cell', () => {
    expect(nb.lesson.title).toBe('Quantization with PyTorch');
    const first = nb.page.blocks[0];
    expect(first?.kind === 'markdown' && first.html).toContain(
      "This notebook's code is Python; its cells are shown read-only beside empty TypeScript cells",
    );
    const code = nb.page.blocks.flatMap((b) => (b.kind === 'code' ? [b.python] : []));
    expect(code).toEqual([
      'import torch',
      '# Information of `8-bit (signed) integer`\ntorch.iinfo(torch.int8)',
      "s = '''\n```\n'''\nprint(s)",
    ]);
    expect(nb.code.map((c) => [c.source, c.expected])).toEqual([
      ['', undefined],
      ['', undefined],
      ['', undefined],
    ]);
  });

  it('a notebook that names no language is read as Python, and says that', () => {
    const nb2 = opened(
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 2,
        metadata: {},
        cells: [{ cell_type: 'code', metadata: {}, source: 'x = 1', outputs: [] }],
      }),
      'bare.ipynb',
    );
    expect(nb2.lesson.title).toBe('bare');
    expect(nb2.text).toContain('This notebook does not say its language, so it is read as Python');
    expect(nb2.page.blocks.flatMap((b) => (b.kind === 'code' ? [b.python] : []))).toEqual(['x = 1']);
    expect(PYTHON_NOTE).toMatch(/^This notebook's code is Python/);
  });
});

describe('bad notebooks get an error that says what is wrong and where', () => {
  it('invalid JSON: the line and column', () => {
    expect(message('{\n "cells": [\n  {"a": 1,}\n ]\n}', 'broken.ipynb')).toBe(
      '“broken.ipynb” is not valid JSON: at line 3, column 11, expected a property name in double quotes but found “}”.',
    );
    expect(message('{"nbformat": 4, "cells": [')).toBe(
      '“nb.ipynb” is not valid JSON: at line 1, column 27, expected a value but found the end of the file.',
    );
    expect(message('{"a": "x\ny"}')).toContain('at line 1, column 9, a string contains a line break');
  });

  it('nbformat 3, other versions, other languages, not a notebook at all', () => {
    expect(message(JSON.stringify({ nbformat: 3, nbformat_minor: 0, metadata: {}, worksheets: [{ cells: [] }] }), 'old.ipynb')).toBe(
      '“old.ipynb” is an nbformat 3 notebook: nbformat 3 notebooks are not supported: open and re-save it in Jupyter 4+.',
    );
    expect(message(JSON.stringify({ nbformat: 5, metadata: {}, cells: [] }))).toContain('only nbformat 4 notebooks can be imported');
    expect(message(JSON.stringify({ nbformat: 4, metadata: { kernelspec: { language: 'R' } }, cells: [] }))).toContain(
      'is a R notebook; only TypeScript, JavaScript and Python notebooks',
    );
    expect(message('[1, 2]')).toContain('is JSON but not a Jupyter notebook');
    expect(message(JSON.stringify({ nbformat: 4, metadata: {} }))).toContain('has no list of "cells"');
    expect(
      message(
        JSON.stringify({
          nbformat: 4,
          metadata: {},
          cells: [
            { cell_type: 'markdown', source: 'a' },
            { cell_type: 'code', source: 7 },
          ],
        }),
      ),
    ).toBe('“nb.ipynb” has a cell 2 whose source is not text.');
    expect(message(JSON.stringify({ nbformat: 4, metadata: {}, cells: [{ cell_type: 'widget', source: '' }] }))).toContain(
      'cell 1 that is not a Markdown, code or raw cell',
    );
  });

  it('a huge file is refused before it is read, naming the limit; no message points at the repository', () => {
    expect(fileProblem('big.ipynb', MAX_IPYNB_BYTES + 1, null)).toBe('“big.ipynb” is 20.0 MB; a notebook file is at most 20 MB.');
    expect(fileProblem('ok.ipynb', MAX_IPYNB_BYTES, null)).toBeNull();
    expect(fileProblem('notes.txt', 10, 'x')).not.toContain('LESSON_FORMAT');
  });

  it('a lesson error in a converted notebook names the notebook cell it is in', () => {
    const json = JSON.stringify({
      nbformat: 4,
      metadata: { language_info: { name: 'typescript' } },
      cells: [
        { cell_type: 'markdown', source: 'fine' },
        { cell_type: 'code', source: 'print(1)', outputs: [] },
        { cell_type: 'markdown', source: 'A formula:\n\n$$\nx = 1' },
      ],
    });
    const r = lessonTextOf('m.ipynb', json);
    if (!r.ok) throw new Error(r.message);
    const page = buildLessonPage(r.text, 'imported/imported-m.md');
    expect(page.ok).toBe(false);
    if (page.ok) return;
    expect(page.errors.map((e) => r.where(e.line))).toEqual(['cell 3']);
  });
});

describe('jsonProblem agrees with JSON.parse', () => {
  const pieces = [
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    '"a"',
    '"b\\n"',
    '1',
    '-0.5e3',
    'true',
    'null',
    ' ',
    '\n',
    '"x',
    '01',
    '"\\q"',
    'tru',
    '"\u0001"',
  ];
  for (let seed = 1; seed <= 40; seed++) {
    it(`seed ${seed}: valid exactly when JSON.parse accepts, and the position is inside the text`, () => {
      const rnd = seededRandom(seed);
      for (let k = 0; k < 200; k++) {
        let s = '';
        const n = 1 + Math.floor(rnd() * 12);
        for (let i = 0; i < n; i++) s += pieces[Math.floor(rnd() * pieces.length)]!;
        let valid = true;
        try {
          JSON.parse(s);
        } catch {
          valid = false;
        }
        const p = jsonProblem(s);
        expect(p === null, s).toBe(valid);
        if (p !== null) expect(p.line).toBeLessThanOrEqual(s.split('\n').length);
      }
    });
  }
});
